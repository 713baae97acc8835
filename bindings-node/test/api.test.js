'use strict'
// The Node API: results, history round-trips, and every error path.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { Slo, Evaluation, errorCodes } = require('..')

const SLO = `spec_version: "1.0"
comparison:
  compare_with: several_results
  number_of_comparison_results: 2
  aggregate_function: avg
objectives:
  - sli: response_time_p95
    displayName: Response time P95
    pass:
      - criteria: ["<600", "<=+10%"]
    warning:
      - criteria: ["<=800"]
  - sli: error_rate
    key_sli: true
    pass:
      - criteria: ["<=0.01"]
  - sli: throughput
total_score:
  pass: "90%"
  warning: "75%"
`

const slo = Slo.fromYaml(SLO)

test('evaluate: result, score and per-objective results', () => {
  const ev = slo.evaluate({ response_time_p95: 412, error_rate: 0, throughput: 210 })
  assert.ok(ev instanceof Evaluation)
  assert.equal(ev.result, 'pass')
  assert.equal(ev.status, 'succeeded')
  assert.equal(ev.passed, true)
  assert.equal(ev.score, 100)
  assert.deepEqual(ev.comparedEvents, [])
  assert.deepEqual(slo.slis, ['response_time_p95', 'error_rate', 'throughput'])
  assert.equal(slo.source, SLO)
  const [p95, errors, throughput] = ev.indicators
  assert.deepEqual(p95, {
    metric: 'response_time_p95',
    value: 412,
    comparedValue: 0,
    success: true,
    message: '',
    displayName: 'Response time P95',
    score: 1,
    status: 'pass',
    keySli: false,
    passTargets: [
      { criteria: '<600', targetValue: 600, violated: false },
      { criteria: '<=+10%', targetValue: 0, violated: false }
    ],
    warningTargets: [{ criteria: '<=800', targetValue: 800, violated: false }],
    baseline: null,
    explanation: 'Response time P95 = 412: pass (the pass criteria are met); pass: <600 met (fixed target 600), <=+10% met (no previous results: relative criteria are met); warning: <=800 met (fixed target 800)'
  })
  assert.equal(errors.keySli, true)
  assert.equal(throughput.status, 'info')
  assert.equal(throughput.score, 0)
})

test('evaluate: a failed key objective fails the gate whatever the score', () => {
  const ev = slo.evaluate({ response_time_p95: 412, error_rate: 0.2, throughput: 1 })
  assert.equal(ev.result, 'fail')
  assert.equal(ev.passed, false)
  assert.equal(ev.score, 50)
})

test("evaluate: Keptn's indicatorValues with the provider's result and status", () => {
  const failed = slo.evaluate({
    result: 'fail',
    message: 'prometheus timed out',
    indicatorValues: [
      { metric: 'response_time_p95', value: 300, success: true, message: '' },
      { metric: 'error_rate', value: 0, success: false, message: 'query timed out' }
    ]
  })
  assert.equal(failed.result, 'fail')
  assert.equal(failed.status, 'succeeded')
  assert.equal(failed.indicators[1].success, false)
  assert.equal(failed.indicators[1].status, 'fail')
  const errored = slo.evaluate({ status: 'errored', indicatorValues: [] })
  assert.equal(errored.status, 'errored')
  assert.equal(errored.result, 'fail')
})

test('history: JSON.stringify(ev) round-trips and is used as comparison basis', () => {
  const first = slo.evaluate({ response_time_p95: 500, error_rate: 0, throughput: 1 })
  const stored = JSON.parse(JSON.stringify(first))
  assert.deepEqual(stored, first.toJSON())
  assert.equal(stored.result, 'pass')
  assert.equal(stored.evaluation.score, 100)
  assert.equal(stored.evaluation.indicatorResults[0].value.value, 500)

  // 560 is more than 10% above 500: the pass criteria fail, the warning criteria hold.
  const withIds = slo.evaluate(
    { response_time_p95: 560, error_rate: 0, throughput: 1 },
    { history: [{ id: 'build-2', ...stored }, { id: 'build-1', invalidated: true, ...stored }] }
  )
  assert.equal(withIds.result, 'warning')
  assert.deepEqual(withIds.comparedEvents, ['build-2'], 'invalidated results are skipped')
  assert.equal(withIds.indicators[0].comparedValue, 500)
  assert.equal(withIds.indicators[0].passTargets[1].targetValue, 550)
  assert.deepEqual(withIds.indicators[0].baseline, { function: 'avg', value: 500, values: 1 })

  // Evaluation objects, their JSON text and datastore envelopes are the same history.
  const second = slo.evaluate({ response_time_p95: 400, error_rate: 0, throughput: 1 })
  const forms = [
    [second, first],
    [JSON.stringify(second), JSON.stringify(first)],
    [{ id: 'b', data: second.toJSON() }, { id: 'a', data: first.toJSON() }]
  ]
  for (const history of forms) {
    const ev = slo.evaluate({ response_time_p95: 480, error_rate: 0, throughput: 1 }, { history })
    assert.equal(ev.indicators[0].comparedValue, 450)
    assert.equal(ev.indicators[0].passTargets[1].targetValue, 495)
    assert.equal(ev.result, 'pass')
  }
  // A result stored by one run reads back identically.
  const again = slo.evaluate({ response_time_p95: 480, error_rate: 0, throughput: 1 }, { history: forms[0] })
  assert.deepEqual(JSON.parse(JSON.stringify(again)), again.toJSON())
})

test('errors: an invalid SLO lists every problem with code, path, line and column', () => {
  const text = 'objectives:\n  - sli: a\n    pass:\n      - criteria: ["<600ms"]\n  - sli: b\n    weight: -1\n    pass: [{criteria: ["<1"]}]\ntotal_score: {pass: 90%}\n'
  assert.throws(() => Slo.fromYaml(text), (err) => {
    assert.ok(err instanceof Error)
    assert.equal(err.code, 'invalid_criterion')
    assert.equal(err.kind, 'slo')
    assert.equal(err.path, 'objectives[0].pass[0].criteria[0]')
    assert.equal(err.line, 4)
    assert.equal(err.column, 20)
    assert.deepEqual(err.errors.map((e) => e.code), ['invalid_criterion', 'invalid_weight'])
    assert.equal(err.errors[1].path, 'objectives[1].weight')
    assert.match(err.errors[0].message, /invalid criterion '<600ms'/)
    assert.match(err.message, /^2 problems in the SLO:/)
    return true
  })
})

test('errors: YAML syntax, empty and oversized SLOs', () => {
  assert.throws(() => Slo.fromYaml('objectives: [\n'), { code: 'invalid_yaml', kind: 'slo' })
  assert.throws(() => Slo.fromYaml(''), { code: 'empty_slo' })
  assert.throws(() => Slo.fromYaml(' \n\t\n'), { code: 'empty_slo' })
  assert.throws(() => Slo.fromYaml('objectives:\n  - sli: a\n'), { code: 'missing_total_score' })
  const huge = 'objectives:\n' + '  - sli: x\n    pass: [{criteria: ["<1"]}]\n'.repeat(200000)
  assert.throws(() => Slo.fromYaml(huge), { code: 'document_too_large' })
})

test('errors: fromFile reads a file and names it in errors', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slogate-'))
  try {
    const good = path.join(dir, 'slo.yaml')
    fs.writeFileSync(good, SLO)
    assert.deepEqual(Slo.fromFile(good).slis, slo.slis)
    const bad = path.join(dir, 'bad.yaml')
    fs.writeFileSync(bad, 'objectives:\n  - sli: a\n    pass: [{criteria: ["<<1"]}]\ntotal_score: {pass: 90%}\n')
    assert.throws(() => Slo.fromFile(bad), (err) => {
      assert.equal(err.code, 'invalid_criterion')
      assert.equal(err.file, bad)
      assert.equal(err.line, 3)
      assert.ok(err.message.startsWith(bad + ': '))
      return true
    })
    assert.throws(() => Slo.fromFile(path.join(dir, 'missing.yaml')), { code: 'io_error', message: /cannot read the SLO file/ })
  } finally {
    fs.rmSync(dir, { recursive: true })
  }
})

test('errors: SLI values that cannot be scored', () => {
  assert.throws(() => slo.evaluate({ response_time_p95: 'fast' }), { code: 'invalid_input', kind: 'input', path: 'response_time_p95', message: /must be a number, found the string "fast"/ })
  assert.throws(() => slo.evaluate({ response_time_p95: NaN, error_rate: -Infinity }), (err) => {
    assert.equal(err.code, 'non_finite_value')
    assert.deepEqual(err.errors.map((e) => e.path), ['response_time_p95', 'error_rate'])
    assert.match(err.errors[0].message, /is NaN; expected a finite number/)
    assert.match(err.errors[1].message, /is -Infinity/)
    return true
  })
  assert.throws(() => slo.evaluate({ indicatorValues: [{ metric: 'a', value: 1 }, { metric: 'a', value: 2 }] }), { code: 'duplicate_indicator_value', kind: 'evaluation' })
  assert.throws(() => slo.evaluate({ indicatorValues: [{ value: 1 }] }), { code: 'invalid_input', path: 'indicatorValues[0]' })
  assert.throws(() => slo.evaluate({ indicatorValues: 'none' }), { code: 'invalid_input', path: 'indicatorValues' })
  // A number under a Keptn key is Keptn's shape gone wrong, not a metric of that name.
  assert.throws(() => slo.evaluate({ indicatorValues: 5 }), { code: 'invalid_input', path: 'indicatorValues' })
  assert.throws(() => slo.evaluate({ getSLI: 5 }), { code: 'invalid_input' })
})

test('values: a plain object of numbers is scored whatever its key order', () => {
  const ev = slo.evaluate({ throughput: 12, error_rate: 0, response_time_p95: 412 })
  assert.deepEqual(ev.indicators.map((i) => [i.metric, i.value]), [
    ['response_time_p95', 412],
    ['error_rate', 0],
    ['throughput', 12]
  ])
  // An object with toJSON is read through it, as JSON.stringify would.
  const wrapped = { toJSON: () => ({ response_time_p95: 700, error_rate: 0 }) }
  assert.equal(slo.evaluate(wrapped).indicators[0].value, 700)
})

test('errors: history entries that cannot be read name their index', () => {
  const good = slo.evaluate({ response_time_p95: 1, error_rate: 0, throughput: 1 }).toJSON()
  assert.throws(() => slo.evaluate({ error_rate: 0 }, { history: [good, { result: 'pass' }, { ...good, evaluation: { ...good.evaluation, score: 'high' } }] }), (err) => {
    assert.equal(err.kind, 'input')
    assert.deepEqual(err.errors.map((e) => e.path), ['history[1].evaluation', 'history[2].evaluation.score'])
    return true
  })
  assert.throws(() => slo.evaluate({ error_rate: 0 }, { history: ['{"result": '] }), { code: 'invalid_json', path: 'history[0]' })
  const long = Array.from({ length: 10001 }, () => good)
  assert.throws(() => slo.evaluate({ error_rate: 0 }, { history: long }), { code: 'history_too_long' })
})

test('type errors name the argument', () => {
  const typeError = (fn, message) => assert.throws(fn, (err) => {
    assert.ok(err instanceof TypeError, `${err}`)
    assert.equal(err.code, 'invalid_input')
    assert.match(err.message, message)
    return true
  })
  typeError(() => Slo.fromYaml(42), /^text must be a string, got a number \(42\)$/)
  typeError(() => Slo.fromYaml(), /^text must be a string, got undefined$/)
  typeError(() => Slo.fromFile({}), /^path must be a string, got an object$/)
  typeError(() => slo.evaluate(null), /^values must be an object of SLI values, got null$/)
  typeError(() => slo.evaluate([1, 2]), /^values must be an object of SLI values, got an array$/)
  typeError(() => slo.evaluate('{"a": 1}'), /^values must be an object of SLI values, got a string$/)
  typeError(() => slo.evaluate({}, 'history'), /^options: expected an object, found the string "history"$/)
  typeError(() => slo.evaluate({}, { history: {} }), /^options\.history must be an array of evaluations, got an object$/)
  typeError(() => slo.evaluate({}, { history: [3] }), /^options\.history\[0\] must be an evaluation \(object or JSON text\), got a number \(3\)$/)
  typeError(() => slo.evaluate({ a: 10n }), /^values\.a is a bigint; use a number$/)
  typeError(() => slo.evaluateReport(6, {}), /^kind must be a string, got a number \(6\)$/)
})

test('hostile values are refused without crashing the process', () => {
  const circular = { a: 1 }
  circular.self = circular
  assert.throws(() => slo.evaluate({ x: circular }), { code: 'invalid_input', message: /nests deeper than 64 levels; is the structure circular\?/ })
  const throwing = { get response_time_p95 () { throw new RangeError('getter failed') } }
  assert.throws(() => slo.evaluate(throwing), { name: 'RangeError', message: 'getter failed' })
  const proxy = new Proxy({}, { ownKeys () { throw new Error('no keys') } })
  assert.throws(() => slo.evaluate(proxy), { message: 'no keys' })
  const badToJSON = { toJSON () { throw new Error('toJSON failed') } }
  assert.throws(() => slo.evaluate({ error_rate: 0 }, { history: [badToJSON] }), { message: 'toJSON failed' })
  // Undefined, functions and symbols are left out, as JSON.stringify leaves them out.
  const ev = slo.evaluate({ response_time_p95: 1, error_rate: 0, throughput: 1, note: undefined, fn () {}, [Symbol('s')]: 1 })
  assert.equal(ev.result, 'pass')
  // A lone surrogate in a metric name becomes U+FFFD, not a crash.
  assert.throws(() => slo.evaluate({ ['\ud800']: 'x' }), { code: 'invalid_input', path: '\ufffd' })
})

test('the typings list the report kinds the core reads', () => {
  const { ReportKind, readReportValues } = require('..')
  const dts = fs.readFileSync(path.join(__dirname, '..', 'index.d.ts'), 'utf8')
  const union = dts.match(/export type ReportKind =([^\n]*)\n/)[1]
  const declared = [...union.matchAll(/'([a-z0-9]+)'/g)].map((m) => m[1])
  assert.deepEqual(declared, Object.values(ReportKind))
  for (const kind of declared) assert.throws(() => readReportValues(kind, 5), { name: 'TypeError', code: 'invalid_input' })
  assert.throws(() => readReportValues('wrk', {}), { code: 'invalid_input', message: /^kind: unknown report kind 'wrk'; expected one of k6, autocannon, artillery, locust, jmeter, gatling$/ })
})

test('errorCodes lists the stable codes the typings declare', () => {
  const dts = fs.readFileSync(path.join(__dirname, '..', 'index.d.ts'), 'utf8')
  const union = dts.match(/export type ErrorCode =([^]*?)\n\n/)[1]
  const declared = [...union.matchAll(/'([a-z_]+)'/g)].map((m) => m[1])
  assert.deepEqual(declared, errorCodes())
  assert.ok(errorCodes().includes('missing_metric'))
})

test('every entry point answers arbitrary values with a result or a thrown Error', () => {
  const circular = []
  circular.push(circular)
  const samples = [
    undefined, null, true, 0, -0, NaN, Infinity, 1e308, 'x', '', '{}', '[]', 'null', '{"metrics": {}}',
    '\u0000', '\ud800', 10n, Symbol('s'), () => 1, [], [1, 'a', null], circular, new Date(0),
    new Map([[1, 2]]), Object.create(null), { indicatorValues: null }, { getSLI: 5 },
    { metrics: { a: { values: null } } }, { latency: {}, requests: { total: -1 } },
    { aggregate: { counters: { 'errors.x': 'y' } } }, { toJSON: () => undefined },
    { toJSON () { return this } }, new Proxy({}, { get () { throw new Error('trap') } })
  ]
  const calls = [
    (v) => Slo.fromYaml(v),
    (v) => Slo.fromFile(v),
    (v) => slo.evaluate(v),
    (v) => slo.evaluate({ error_rate: 0 }, v),
    (v) => slo.evaluate({ error_rate: 0 }, { history: [v] }),
    (v) => slo.evaluateReport('k6', v),
    (v) => slo.evaluateReport('autocannon', v),
    (v) => slo.evaluateReport('artillery', v),
    (v) => slo.evaluateReport(v, {})
  ]
  let answered = 0
  for (const call of calls) {
    for (const sample of samples) {
      try {
        call(sample)
      } catch (err) {
        assert.ok(err instanceof Error, `threw a non-Error: ${String(err)}`)
        assert.equal(typeof err.message, 'string')
        // Every error of slogate's carries a code of the shared table; only the samples'
        // own errors (a throwing getter or toJSON) pass through without one.
        if (!['no keys', 'trap', 'toJSON failed'].includes(err.message)) {
          assert.ok(errorCodes().includes(err.code), `${err.code}: ${err.message}`)
        }
      }
      answered += 1
    }
  }
  assert.equal(answered, calls.length * samples.length)
})

test('every code Node throws is in the shared table', () => {
  const codes = new Set(errorCodes())
  const slo = Slo.fromYaml('objectives:\n  - sli: a\n    pass: [{criteria: ["<1"]}]\ntotal_score: {pass: 90%}\n')
  const attempts = [
    () => Slo.fromYaml('objectives: [\n'),
    () => Slo.fromYaml('a: 1\0\n'),
    () => Slo.fromFile(path.join(os.tmpdir(), 'slogate-no-such-file.yaml')),
    () => slo.evaluate({ a: 'fast' }),
    () => slo.evaluate({ indicatorValues: [{ metric: 'a' }] }),
    () => slo.evaluate({ a: 1 }, { history: [{ result: 'pass' }] }),
    () => slo.evaluate({ a: 1 }, { history: ['{'] }),
    () => slo.evaluate(5),
    () => Slo.fromYaml(5)
  ]
  for (const attempt of attempts) {
    let thrown
    try { attempt() } catch (e) { thrown = e }
    assert.ok(thrown, String(attempt))
    assert.ok(codes.has(thrown.code), `${thrown.code} from ${attempt}`)
    for (const problem of thrown.errors ?? []) assert.ok(codes.has(problem.code), problem.code)
  }
})

test('options of the wrong type throw a TypeError with the code invalid_input', () => {
  const ev = slo.evaluate({ response_time_p95: 412, error_rate: 0, throughput: 1 })
  const typeError = (fn, message) => assert.throws(fn, (err) => {
    assert.ok(err instanceof TypeError, `${err}`)
    assert.equal(err.code, 'invalid_input')
    assert.equal(err.message, message)
    return true
  })
  typeError(() => ev.decide({ live: 'yes' }), 'options.live: expected true or false, found the string "yes"')
  typeError(() => ev.decide({ policy: 3 }), 'options.policy: expected text, found 3')
  typeError(() => ev.decide('warning'), 'options: expected an object, found the string "warning"')
  typeError(() => ev.decide({ live: true, allowWarning: 1 }), 'options.allowWarning: expected true or false, found 1')
  typeError(() => Slo.fromYaml(SLO, { strict: 1 }), 'options.strict: expected true or false, found 1')
  const { reportHtml, readReport } = require('..')
  typeError(() => reportHtml([ev], { slo: {} }), 'options.slo must be an Slo, got an object')
  typeError(() => reportHtml([ev], { last: '3' }), 'options.last: expected a whole number, found the string "3"')
  typeError(() => reportHtml([ev], { last: 2.5 }), 'options.last: expected a whole number, found 2.5')
  const report = readReport('k6', { metrics: {} })
  typeError(() => slo.evaluate([report], { sliMap: 1 }), 'options.sliMap: expected text, found 1')
})

test('notPassed lists the objectives that did not pass, a warning included', () => {
  const ev = slo.evaluate({ response_time_p95: 700, error_rate: 0.5, throughput: 1 })
  assert.deepEqual(ev.notPassed.map((i) => [i.metric, i.status]), [['response_time_p95', 'warning'], ['error_rate', 'fail']])
  assert.deepEqual(ev.notPassed[0], ev.indicators[0])
  assert.deepEqual(slo.evaluate({ response_time_p95: 1, error_rate: 0, throughput: 1 }).notPassed, [])
})

test('a structure that comes back to itself through many branches is refused at once', () => {
  const node = {}
  for (const key of 'abcdefgh') node[key] = node
  assert.throws(() => slo.evaluate({ x: node }), (err) => {
    assert.equal(err.code, 'invalid_input')
    assert.deepEqual(err.errors.map((e) => e.path), [...'abcdefgh'].map((k) => `x.${k}`))
    return true
  })
  // A value shared by two branches is no cycle: it is read twice, as JSON.stringify reads it.
  const shared = { team: 'checkout' }
  const ev = slo.evaluate({ indicatorValues: [{ metric: 'error_rate', value: 0 }], labels: shared, message: 'ok', extra: shared })
  assert.equal(ev.toJSON().labels.team, 'checkout')
})
