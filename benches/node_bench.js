// Cost of crossing into slogate from Node.
//
// Times the installed `slogate` package (require('slogate')) on the same workloads the Rust
// benchmarks measure, exported by `cargo run --release -p slogate-benches --example
// export_workload`, and subtracts the Rust figures criterion saved under target/criterion
// (run `cargo bench -p slogate-benches --bench evaluate --bench parse` first; without them
// only the Node figures are printed).
//
//     node benches/node_bench.js [10x3,100x10]
//
// The crossing cost is what the binding adds to the Rust call: converting the values in, the
// result out, and the call itself. `evaluate` passes the history as `Evaluation` objects (as a
// harness does with its earlier results); `+objects` passes the stored JSON objects, so it
// also decodes the history on every call.
'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const slogate = require('slogate');

const root = path.resolve(__dirname, '..');

function workload(objectives, history) {
  const out = path.join(root, 'target', 'bench-workloads', `${objectives}x${history}`);
  if (!fs.existsSync(path.join(out, 'history.json'))) {
    execFileSync('cargo', ['run', '--quiet', '--release', '-p', 'slogate-benches',
      '--example', 'export_workload', '--', String(objectives), String(history), out],
    { cwd: root, stdio: 'inherit' });
  }
  return out;
}

function rustMedianUs(group, name) {
  const file = path.join(root, 'target', 'criterion', group, name, 'new', 'estimates.json');
  if (!fs.existsSync(file)) return null;
  return JSON.parse(fs.readFileSync(file, 'utf8')).median.point_estimate / 1000;
}

// Median over 15 batches, each long enough (about 20 ms) to dwarf the timer's resolution.
function medianUs(fn) {
  let number = 1;
  for (;;) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < number; i++) fn();
    if (Number(process.hrtime.bigint() - start) > 20e6) break;
    number *= 2;
  }
  const batches = [];
  for (let r = 0; r < 15; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < number; i++) fn();
    batches.push(Number(process.hrtime.bigint() - start) / number / 1000);
  }
  batches.sort((a, b) => a - b);
  return batches[Math.floor(batches.length / 2)];
}

const pad = (text, width) => String(text).padStart(width);
const sizes = (process.argv[2] || '10x3,100x10,1000x30').split(',');
console.log(`${'node'.padEnd(10)} ${'workload'.padEnd(9)} ${pad('node µs', 11)} ${pad('rust µs', 9)} ${pad('crossing µs', 12)}`);
for (const size of sizes) {
  const [objectives, history] = size.split('x').map(Number);
  const folder = workload(objectives, history);
  const text = fs.readFileSync(path.join(folder, 'slo.yaml'), 'utf8');
  const values = JSON.parse(fs.readFileSync(path.join(folder, 'sli.json'), 'utf8'));
  const stored = JSON.parse(fs.readFileSync(path.join(folder, 'history.json'), 'utf8'));
  const slo = slogate.Slo.fromYaml(text);
  if (!slo.evaluate(values, { history: stored })) throw new Error('no result');
  // Evaluation objects of the same shape, as a harness holds its earlier results.
  const decoded = stored.map(() => slo.evaluate(values));
  const rows = [
    ['parse', 'parse', String(objectives), () => slogate.Slo.fromYaml(text)],
    ['evaluate', 'evaluate', size, () => slo.evaluate(values, { history: decoded })],
    ['evaluate', '+objects', size, () => slo.evaluate(values, { history: stored })],
  ];
  for (const [group, label, name, fn] of rows) {
    const ours = medianUs(fn);
    const rust = rustMedianUs(group, name);
    const crossing = rust === null ? pad('-', 12) : pad((ours - rust).toFixed(2), 12);
    const rustText = rust === null ? pad('-', 9) : pad(rust.toFixed(2), 9);
    console.log(`${label.padEnd(10)} ${size.padEnd(9)} ${pad(ours.toFixed(2), 11)} ${rustText} ${crossing}`);
  }
}
