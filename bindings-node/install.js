// The package's `install` script.
//
// Installed from the registry or a packed tarball, the package carries no Rust sources: the
// native module comes prebuilt in the platform package (`slogate-linux-x64-gnu`, ...) that
// npm picks from `optionalDependencies`, so there is nothing to do.
//
// Installed from a clone (`npm install ./bindings-node`), `Cargo.toml` sits next to this file:
// fetch the build tool without running this script again, then build the native module,
// which writes `index.js`, `index.d.ts` and `slogate.<platform>.node` here.
'use strict'

const { existsSync } = require('fs')
const { delimiter, join } = require('path')
const { spawnSync } = require('child_process')

if (!existsSync(join(__dirname, 'Cargo.toml'))) {
  process.exit(0)
}

const steps = [
  'npm install --no-save --ignore-scripts --include=dev --no-audit --no-fund',
  'napi build --platform --release',
]
for (const step of steps) {
  const run = spawnSync(step, {
    cwd: __dirname,
    stdio: 'inherit',
    shell: true,
    env: { ...process.env, PATH: [join(__dirname, 'node_modules', '.bin'), process.env.PATH].join(delimiter) },
  })
  if (run.status !== 0) {
    console.error(`slogate: \`${step}\` failed; building from source needs Rust (https://rustup.rs)`)
    process.exit(run.status ?? 1)
  }
}
