'use strict'
// Runs the k6, Keptn v2 and Pitometer conformance cases (core/tests/conformance/{k6,keptn2,
// pitometer}, plus every such case under $SLOGATE_CONFORMANCE_DIR) through `Gate`, compared as
// core/tests/conformance.rs does, and prints `conformance: N passed, M failed` with a
// `FAILED name: why` line per failure.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { Gate } = require('..')

const root = path.join(__dirname, '..', '..', 'core', 'tests', 'conformance')

const K6_KINDS = {
  json: ['invalid_type', 'invalid_json'],
  parse: ['invalid_threshold'],
  metric_name: ['invalid_metric_name'],
  unknown_metric: ['unknown_metric'],
  unsupported_aggregation: ['unsupported_aggregation']
}
const KEPTN2_STAGES = {
  invalid_yaml: ['yaml'], unsupported_yaml: ['yaml'], nesting_too_deep: ['yaml'], too_many_nodes: ['yaml'],
  document_too_large: ['yaml'], empty_slo: ['yaml'], duplicate_key: ['yaml', 'schema'], invalid_type: ['schema'],
  unknown_field: ['schema'], missing_field: ['schema'], value_out_of_range: ['schema'], invalid_input: ['schema'],
  invalid_quantity: ['schema', 'decode'], invalid_operator: ['webhook'], invalid_range: ['webhook'],
  invalid_total_score: ['webhook']
}
const PITOMETER_REFUSABLE = ['string-metricScore', 'missing-metricScore', 'string-threshold', 'contradictory-thresholds',
  'misspelled-threshold', 'zero-threshold', 'missing-thresholds', 'missing-objectives', 'unregistered-source',
  'unknown-grader', 'duplicate-id']

function caseFiles () {
  const files = []
  for (const folder of ['k6', 'keptn2', 'pitometer']) {
    files.push(...fs.readdirSync(path.join(root, folder)).filter((f) => f.endsWith('.json')).sort()
      .map((f) => path.join(root, folder, f)))
  }
  for (const extra of (process.env.SLOGATE_CONFORMANCE_DIR || '').split(path.delimiter)) {
    if (extra) files.push(...fs.readdirSync(extra, { recursive: true }).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(extra, f)))
  }
  return files
}

// The first difference: numbers within 1e-9 relative, objects with exactly the same keys.
function same (actual, expected, at, skip = []) {
  if (typeof expected === 'number' && typeof actual === 'number') {
    return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)) ? null : `${at}: expected ${expected}, got ${actual}`
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (actual.length !== expected.length) return `${at}: expected ${expected.length} items, got ${actual.length}`
    for (let i = 0; i < expected.length; i++) {
      const why = same(actual[i], expected[i], `${at}[${i}]`, skip)
      if (why) return why
    }
    return null
  }
  if (expected && actual && typeof expected === 'object' && typeof actual === 'object' && !Array.isArray(actual)) {
    const a = Object.keys(actual).sort(); const e = Object.keys(expected).sort()
    if (JSON.stringify(a) !== JSON.stringify(e)) return `${at}: expected keys ${e}, got ${a}`
    for (const key of e) {
      if (skip.includes(key)) continue
      const why = same(actual[key], expected[key], `${at}.${key}`, skip)
      if (why) return why
    }
    return null
  }
  return actual === expected ? null : `${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`
}

const refused = (err) => `refused with ${err.code} (${err.message})`

// Runs one case; why it does not conform, or null.
function runCase (c) {
  const tags = c.tags || []
  if ('thresholds' in c) {
    const expected = (c.expected_by_version || {})['v2.2.0'] || c.expected
    const summary = { ...((c.summary_by_version || {})['v2.2.0'] || c.summary) }
    if (!summary.state) summary.state = { testRunDurationMs: c.test_run_duration_ms ?? 60000 }
    let result
    try {
      result = Gate.fromK6({ thresholds: c.thresholds }).toolResult(summary)
    } catch (err) {
      if (!err.code) throw err
      if (tags.includes('nonsense') || (K6_KINDS[expected.error] || []).includes(err.code)) return null
      return `${refused(err)}; expected ${expected.error ? 'a refusal of kind ' + expected.error : 'an evaluation'}`
    }
    if (expected.error) return `evaluated, but k6 refuses it (${expected.error})`
    const pick = (o) => ({ ok: o.ok, breached: o.breached, abort: o.abort, thresholds: o.thresholds })
    return same(pick(result), pick(expected), 'expected')
  }
  if ('definition' in c) {
    const expected = { ...c.expected }
    let result
    try {
      result = Gate.fromKeptn2(c.definition).toolResult(c.values)
    } catch (err) {
      if (!err.code) throw err
      if ((KEPTN2_STAGES[err.code] || []).includes(expected.stage)) return null
      if (!expected.stage && err.code === 'invalid_weight' && (tags.includes('weight-zero') || tags.includes('weight-negative'))) return null
      return `${refused(err)}; expected ${expected.stage ? 'a refusal at the ' + expected.stage + ' stage' : 'an evaluation'}`
    }
    if (expected.stage) return `evaluated, but Keptn refuses it at the ${expected.stage} stage`
    delete expected.raw
    return same(result, expected, 'expected', ['error', 'rawError'])
  }
  const run = {
    values: c.values || {},
    options: c.options || { context: 'conformance/run-1', timeStart: 1562626800, timeEnd: 1562630400 },
    timestamp: 1562630400000
  }
  if ('compareWith' in c) run.compareWith = c.compareWith
  if ('sources' in c) run.sources = c.sources
  let result
  try {
    result = Gate.fromPerfspec(c.perfspec).toolResult(run)
  } catch (err) {
    if (!err.code) throw err
    if ('error' in c.expected || tags.some((t) => PITOMETER_REFUSABLE.includes(t))) return null
    return `${refused(err)}, but this case must be evaluated`
  }
  if ('error' in c.expected) return `evaluated, but Pitometer's run fails: ${c.expected.error}`
  return same(result, c.expected, 'expected')
}

test('every k6, Keptn v2 and Pitometer case conforms', () => {
  const files = caseFiles()
  assert.ok(files.length >= 100, `expected the 100 vendored cases, found ${files.length}`)
  const failures = []
  let passed = 0
  for (const file of files) {
    const c = JSON.parse(fs.readFileSync(file, 'utf8'))
    if (!('thresholds' in c || 'definition' in c || 'perfspec' in c)) continue
    const why = runCase(c)
    if (why === null) passed++
    else failures.push(`FAILED ${c.name ?? path.basename(file)}: ${why}`)
  }
  const report = [...failures, `conformance: ${passed} passed, ${failures.length} failed`].join('\n')
  console.log(report)
  assert.equal(failures.length, 0, report)
})

test('the comparison catches a wrong result', () => {
  const c = JSON.parse(fs.readFileSync(path.join(root, 'keptn2', '13-kilo-and-binary-suffix.json'), 'utf8'))
  assert.equal(runCase(c), null)
  c.expected.totalScore = 0.6
  assert.equal(runCase(c), 'expected.totalScore: expected 0.6, got 0.5')
})

test('a gate explains like an SLO', () => {
  const gate = Gate.fromK6('{"thresholds": {"http_req_duration": ["p(95)<500"]}}')
  assert.equal(gate.format, 'k6')
  const ev = gate.evaluate({ metrics: { http_req_duration: { type: 'trend', values: { avg: 1, min: 1, med: 1, max: 900, 'p(95)': 620 } } } })
  assert.equal(ev.result, 'fail')
  assert.equal(ev.indicators[0].explanation,
    'http_req_duration p(95) = 620: fail (the pass criteria are not met: <500 is violated and there are no warning criteria); pass: <500 violated (fixed target 500)')
  assert.ok(gate.toKeptn().slo === null || gate.toKeptn().slo.startsWith('---'))
})
