'use strict'
// readReport (a file path or a parsed object), several reports merged by slo.evaluate through
// an sli.yaml, and assertGate as a node:test assertion.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { Slo, Evaluation, Report, readReport } = require('..')
const { assertGate } = require('../assert')

const ROOT = path.join(__dirname, '..', '..')
const FIXTURES = path.join(ROOT, 'core', 'tests', 'fixtures', 'reports')
const RUNNERS = path.join(ROOT, 'examples', 'runners')
const fixture = (name) => path.join(FIXTURES, name)

test('readReport reads a file by path, or an object already parsed, with the same values', () => {
  const fromFile = readReport('k6', fixture('k6-handle-summary.json'))
  assert.ok(fromFile instanceof Report)
  assert.equal(fromFile.kind, 'k6')
  assert.equal(fromFile.file, fixture('k6-handle-summary.json'))
  const data = JSON.parse(fs.readFileSync(fixture('k6-handle-summary.json'), 'utf8'))
  const fromObject = readReport('k6', data)
  assert.equal(fromObject.file, 'object')
  assert.deepEqual(fromObject.indicatorValues, fromFile.indicatorValues)
  const p95 = fromFile.indicatorValues.find((v) => v.metric === 'http_req_duration.p95')
  assert.equal(p95.value, data.metrics.http_req_duration.values['p(95)'])
  // A Locust --csv file is text only a path can give.
  const locust = readReport('locust', fixture('locust_stats.csv'))
  assert.equal(locust.indicatorValues.find((v) => v.metric === 'GET /cart.p95').value, 41)
})

test('readReport refuses a missing file, an unknown kind and a malformed report', () => {
  const missing = path.join(os.tmpdir(), 'slogate-no-such-report.json')
  assert.throws(() => readReport('k6', missing), (err) => {
    assert.equal(err.code, 'io_error')
    assert.equal(err.file, missing)
    assert.match(err.message, /cannot read the report '.*slogate-no-such-report\.json'/)
    return true
  })
  assert.throws(() => readReport('wrk', {}), { name: 'TypeError', message: /kind: unknown report kind 'wrk'/ })
  assert.throws(() => readReport('k6', 42), { name: 'TypeError', message: /report must be a file path or a report object, got a number \(42\)/ })
  const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'slogate-')), 'broken.json')
  fs.writeFileSync(broken, '{"metrics": ')
  assert.throws(() => readReport('k6', broken), (err) => {
    assert.equal(err.code, 'invalid_json')
    assert.equal(err.line, 1)
    return true
  })
})

test('slo.evaluate merges several reports through an sli.yaml and records each source', () => {
  const slo = Slo.fromFile(path.join(RUNNERS, 'slo.yaml'))
  const sliMap = fs.readFileSync(path.join(RUNNERS, 'sli.yaml'), 'utf8')
  const reports = [readReport('locust', fixture('locust_stats.csv')), readReport('artillery', fixture('artillery-run.json'))]
  const ev = slo.evaluate(reports, { sliMap })
  assert.ok(ev instanceof Evaluation)
  const results = ev.toJSON().evaluation.indicatorResults
  assert.deepEqual(results.map((r) => r.value.value), [57, 41, 5 / 60, 32])
  assert.deepEqual(results[1].value.source, { kind: 'locust', file: fixture('locust_stats.csv'), metric: 'GET /cart.p95' })
  assert.deepEqual(results[2].value.source, { kind: 'artillery', file: fixture('artillery-run.json'), metric: 'error_rate' })
  // Without the map, a name both reports have is refused, naming both.
  assert.throws(() => slo.evaluate(reports), (err) => {
    const duplicate = err.errors.find((e) => e.code === 'duplicate_indicator_value')
    assert.equal(duplicate.path, 'objectives[2].sli')
    assert.match(duplicate.message, /^'error_rate' is in both the Locust statistics '.+' and the Artillery report '.+'; map it to one of them in an sli\.yaml/)
    return true
  })
  // One report alone needs no array.
  const k6 = Slo.fromFile(path.join(RUNNERS, 'k6-slo.yaml')).evaluate(readReport('k6', path.join(RUNNERS, 'k6-summary.json')))
  assert.equal(k6.result, 'pass')
  assert.throws(() => slo.evaluate(reports, { sliMap: 'indicators: [' }), { code: 'invalid_yaml' })
})

test('assertGate returns a passing evaluation and throws an AssertionError explaining any other', () => {
  const slo = Slo.fromYaml('objectives:\n  - sli: p95\n    pass: [{criteria: ["<500"]}]\n    warning: [{criteria: ["<=800"]}]\ntotal_score: {pass: 90%, warning: 50%}\n')
  const fast = slo.evaluate({ p95: 412 })
  assert.equal(assertGate(fast), fast)
  const slow = slo.evaluate({ p95: 900 })
  assert.throws(() => assertGate(slow), (err) => {
    assert.ok(err instanceof assert.AssertionError)
    assert.equal(err.code, 'ERR_ASSERTION')
    assert.equal(err.actual, 'fail')
    assert.equal(err.message, [
      `quality gate: ${slow.summary}`,
      'objectives that did not pass:',
      `  - ${slow.indicators[0].explanation}`
    ].join('\n'))
    assert.match(err.message, /^quality gate: fail with a score of 0/)
    // The stack starts at the caller, not inside assertGate.
    assert.doesNotMatch(err.stack.split('\n')[1], /assert\.js/)
    return true
  })
  const warned = slo.evaluate({ p95: 700 })
  assert.throws(() => assertGate(warned), { name: 'AssertionError', message: /^quality gate: warning with a score of 50/ })
  assert.equal(assertGate(warned, { allowWarning: true }), warned)
  assert.throws(() => assertGate({ result: 'pass' }), { name: 'TypeError', message: /evaluation must be a slogate Evaluation, got object/ })
})

test('assertGate fails a node:test test with the explanation', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slogate-'))
  const file = path.join(dir, 'gate.test.js')
  fs.writeFileSync(file, `const { test } = require('node:test')
const { Slo } = require(${JSON.stringify(path.join(__dirname, '..'))})
const { assertGate } = require(${JSON.stringify(path.join(__dirname, '..', 'assert'))})
test('the build is fast enough', () => {
  assertGate(Slo.fromYaml('objectives: [{sli: p95, pass: [{criteria: ["<500"]}]}]\\ntotal_score: {pass: 90%}').evaluate({ p95: 900 }))
})
`)
  // A node:test run started from a test reports to its parent unless told it is a run of its own.
  const env = { ...process.env }
  delete env.NODE_TEST_CONTEXT
  const run = require('node:child_process').spawnSync(process.execPath, ['--test', '--test-reporter=tap', file], { encoding: 'utf8', env })
  assert.equal(run.status, 1, run.stderr)
  assert.match(run.stdout, /not ok 1 - the build is fast enough/)
  assert.match(run.stdout, /quality gate: fail with a score of 0 \(1 failed\)/)
  assert.match(run.stdout, /p95 = 900: fail/)
  assert.match(run.stdout, /code: 'ERR_ASSERTION'/)
})
