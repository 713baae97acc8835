'use strict'
// Runs every conformance case (Keptn's expected results, kept as data in
// core/tests/conformance/, plus every *.json in $SLOGATE_CONFORMANCE_DIR when set) through the
// Node API and compares as that folder's README says, with the same rules as
// core/tests/conformance.rs.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { Slo } = require('..')

// The refusal code that answers each tag whose input slogate may refuse.
const REFUSAL_CODES = {
  'invalid-criteria': 'invalid_criterion',
  'unknown-aggregate-function': 'unknown_aggregate_function',
  'unknown-compare-with': 'unknown_compare_with',
  'unknown-include-result-with-score': 'unknown_include_result_with_score',
  'zero-weight': 'invalid_weight',
  'negative-weight': 'invalid_weight',
  'empty-criteria-block': 'empty_criteria',
  'null-objective-entry': 'null_entry',
  'duplicate-objective-sli': 'duplicate_objective',
  'duplicate-indicator-values': 'duplicate_indicator_value',
  'empty-slo': 'empty_slo'
}

const numbersEqual = (a, e) => Math.abs(a - e) <= 1e-9 * Math.max(Math.abs(e), 1)
const scoresEqual = (a, e) => Math.abs(a - e) <= 1e-9
const list = (v) => (Array.isArray(v) ? v : [])
const field = (v, p) => p.split('.').reduce((o, k) => (o == null ? undefined : o[k]), v)

function compareNumber (a, e, at, equal) {
  if (typeof a !== 'number' || typeof e !== 'number' || !equal(a, e)) {
    throw new Error(`${at}: expected ${e}, got ${a}`)
  }
}

function compareSame (a, e, at) {
  if (a !== e) throw new Error(`${at}: expected ${JSON.stringify(e)}, got ${JSON.stringify(a)}`)
}

function compareTargets (actual, expected, at) {
  const [a, e] = [list(actual), list(expected)]
  if (a.length !== e.length) throw new Error(`${at}: expected ${e.length} targets, got ${a.length}`)
  e.forEach((et, i) => {
    compareSame(a[i].criteria, et.criteria, `${at}[${i}].criteria`)
    compareSame(a[i].violated, et.violated, `${at}[${i}].violated`)
    compareNumber(a[i].targetValue, et.targetValue, `${at}[${i}].targetValue`, numbersEqual)
  })
}

function compare (actual, expected) {
  for (const p of ['status', 'result', 'evaluation.result']) compareSame(field(actual, p), field(expected, p), p)
  compareNumber(field(actual, 'evaluation.score'), field(expected, 'evaluation.score'), 'evaluation.score', scoresEqual)
  const [ac, ec] = [list(field(actual, 'evaluation.comparedEvents')), list(field(expected, 'evaluation.comparedEvents'))]
  compareSame(JSON.stringify(ac), JSON.stringify(ec), 'evaluation.comparedEvents')
  const [ai, ei] = [list(field(actual, 'evaluation.indicatorResults')), list(field(expected, 'evaluation.indicatorResults'))]
  if (ai.length !== ei.length) throw new Error(`indicatorResults: expected ${ei.length} results, got ${ai.length}`)
  ei.forEach((e, i) => {
    const a = ai[i]
    const at = `indicatorResults[${i}]`
    for (const k of ['status', 'keySli', 'displayName']) compareSame(a[k], e[k], `${at}.${k}`)
    compareNumber(a.score, e.score, `${at}.score`, scoresEqual)
    const [av, ev] = [a.value ?? null, e.value ?? null]
    if ((av === null) !== (ev === null)) throw new Error(`${at}.value: expected ${JSON.stringify(ev)}, got ${JSON.stringify(av)}`)
    if (av !== null) {
      compareSame(av.metric, ev.metric, `${at}.value.metric`)
      compareSame(av.success, ev.success, `${at}.value.success`)
      compareNumber(av.value, ev.value, `${at}.value.value`, numbersEqual)
      compareNumber(av.comparedValue, ev.comparedValue, `${at}.value.comparedValue`, numbersEqual)
    }
    compareTargets(a.passTargets, e.passTargets, `${at}.passTargets`)
    compareTargets(a.warningTargets, e.warningTargets, `${at}.warningTargets`)
  })
}

// Runs one case; throws why it does not conform.
function runCase (c) {
  let evaluation
  try {
    const slo = Slo.fromYaml(c.slo)
    evaluation = slo.evaluate(c.sli, { history: c.history })
  } catch (err) {
    if (typeof err.code !== 'string' || !Array.isArray(err.errors)) throw err
    const allowed = list(c.tags).map((t) => REFUSAL_CODES[t]).filter(Boolean)
    if (c.expected.status === 'errored' || allowed.includes(err.code)) return
    throw new Error(allowed.length === 0
      ? `refused with ${err.code} (${err.message}), but this case must be evaluated`
      : `refused with ${err.code} (${err.message}); expected a refusal with one of ${allowed}`)
  }
  // Compare the JSON a harness would store, not the object in memory.
  compare(JSON.parse(JSON.stringify(evaluation)), c.expected)
  assert.equal(evaluation.result, c.expected.result)
  assert.equal(evaluation.status, c.expected.status)
}

// Keptn v1 cases only (those with an `slo`); gate-conformance.test.js runs the other formats.
function caseFiles (dir) {
  return fs.readdirSync(dir, { recursive: dir !== dirs[0] }).filter((f) => f.endsWith('.json')).sort()
    .map((f) => path.join(dir, f))
    .filter((f) => 'slo' in JSON.parse(fs.readFileSync(f, 'utf8')))
}

const dirs = [path.join(__dirname, '..', '..', 'core', 'tests', 'conformance')]
for (const extra of (process.env.SLOGATE_CONFORMANCE_DIR || '').split(path.delimiter)) if (extra) dirs.push(extra)

for (const dir of dirs) {
  const files = caseFiles(dir)
  test(`conformance cases in ${path.relative(process.cwd(), dir) || dir}`, async (t) => {
    if (dir === dirs[0]) assert.ok(files.length >= 87, `expected at least the 87 vendored cases, found ${files.length}`)
    for (const file of files) {
      const c = JSON.parse(fs.readFileSync(file, 'utf8'))
      await t.test(c.name ?? path.basename(file), () => runCase(c))
    }
  })
}
