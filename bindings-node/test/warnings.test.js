'use strict'
// Warnings about an SLO: `slo.warnings`, and `{ strict: true }` refusing them.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { Slo, errorCodes } = require('..')

const MISSPELT = "objectives:\n  - sli: p95\n    keySli: true\n    pas: [{criteria: ['<600']}]\ntotal_score: {pass: 90%}\n"
const KEY_SLI = { code: 'unknown_key', path: 'objectives[0].keySli', line: 3, column: 5, message: "unknown key 'keySli'; did you mean 'key_sli'?" }
const PASS = { code: 'unknown_key', path: 'objectives[0].pas', line: 4, column: 5, message: "unknown key 'pas'; did you mean 'pass'?" }

test('warnings: each unknown key is listed with its place', () => {
  const slo = Slo.fromYaml(MISSPELT)
  assert.deepEqual(slo.warnings, [KEY_SLI, PASS])
  assert.ok(errorCodes().includes('unknown_key'))
  assert.deepEqual(Slo.fromYaml(MISSPELT.replace('keySli', 'key_sli').replace('pas:', 'pass:')).warnings, [])
})

test('warnings: strict refuses them', () => {
  assert.throws(() => Slo.fromYaml(MISSPELT, { strict: true }), (err) => {
    assert.equal(err.code, 'unknown_key')
    assert.equal(err.path, 'objectives[0].keySli')
    assert.equal(err.line, 3)
    assert.deepEqual(err.errors.map((e) => e.code), ['unknown_key', 'unknown_key'])
    return true
  })
  assert.deepEqual(Slo.fromYaml(MISSPELT, { strict: false }).warnings.length, 2)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slogate-'))
  try {
    const file = path.join(dir, 'slo.yaml')
    fs.writeFileSync(file, MISSPELT)
    assert.deepEqual(Slo.fromFile(file).warnings, [KEY_SLI, PASS])
    assert.throws(() => Slo.fromFile(file, { strict: true }), { code: 'unknown_key', file })
  } finally {
    fs.rmSync(dir, { recursive: true })
  }
})

test('warnings: an informational duplicate is scored as Keptn does', () => {
  const slo = Slo.fromYaml("objectives:\n  - sli: p95\n    pass: [{criteria: ['<600']}]\n  - sli: p95\n  - sli: cpu\n    weight: 0\ntotal_score: {pass: 90%}\n")
  assert.deepEqual(slo.warnings.map((w) => w.code), ['duplicate_info_objective'])
  const ev = slo.evaluate({ p95: 700, cpu: 1 })
  assert.equal(ev.result, 'fail')
  assert.deepEqual(ev.indicators.map((i) => i.status), ['fail', 'info', 'info'])
  assert.equal(ev.indicators[1].value, null)
})

test('warnings: the README example prints what it says', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf('## Warnings, refusals and strict mode'))
  const code = section.match(/```js\n([\s\S]*?)```/)[1]
  const printed = []
  const log = (...args) => printed.push(args.join(' '))
  const load = (name) => (name === 'slogate' ? require('..') : require(name))
  new Function('require', 'console', code)(load, { log })
  const expected = [...code.matchAll(/console\.log\(.*\)\s*\/\/ (.*)$/gm)].map((m) => m[1].trim())
  assert.equal(expected.length, 2)
  assert.deepEqual(printed, expected)
})
