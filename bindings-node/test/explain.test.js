'use strict'
// The core's explanations: `indicator.explanation` and `ev.summary` are slogate::explain and
// slogate::summarize, word for word the CLI's and the Python package's.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { Slo } = require('..')

const slo = Slo.fromYaml(`comparison:
  compare_with: several_results
  number_of_comparison_results: 2
  aggregate_function: avg
objectives:
  - sli: response_time_p95
    displayName: Response time P95
    pass:
      - criteria: ["<=+10%", "<600"]
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
`)

const history = [
  slo.evaluate({ response_time_p95: 520, error_rate: 0, throughput: 190 }),
  slo.evaluate({ response_time_p95: 480, error_rate: 0, throughput: 210 })
]

test('explanation: each objective says why, naming targets and how they were derived', () => {
  const ev = slo.evaluate({ response_time_p95: 560, error_rate: 0.02, throughput: 205.5 }, { history })
  assert.deepEqual(ev.indicators.map((i) => i.explanation), [
    'Response time P95 = 560: warning (the pass criteria are not met: <=+10% is violated; the warning criteria are met); ' +
      'pass: <=+10% violated (target 550 = avg of 2 previous results (500) +10%), <600 met (fixed target 600); ' +
      'warning: <=800 met (fixed target 800)',
    'error_rate = 0.02: fail (the pass criteria are not met: <=0.01 is violated and there are no warning criteria; ' +
      'as a key SLI this fails the gate); pass: <=0.01 violated (fixed target 0.01)',
    'throughput = 205.5: info (no pass criteria: the value is only reported)'
  ])
  assert.equal(
    ev.summary,
    "fail with a score of 25 (1 warning, 1 failed, 1 info): key SLI 'error_rate' failed, which fails the gate whatever the score (25)"
  )
})

test('explanation: without previous results relative criteria are met; a missing value fails', () => {
  const ev = slo.evaluate({
    indicatorValues: [
      { metric: 'response_time_p95', value: 610, success: true },
      { metric: 'error_rate', success: false, message: 'query timed out' }
    ]
  })
  assert.deepEqual(ev.indicators.map((i) => i.explanation), [
    'Response time P95 = 610: warning (the pass criteria are not met: <600 is violated; the warning criteria are met); ' +
      'pass: <=+10% met (no previous results: relative criteria are met), <600 violated (fixed target 600); ' +
      'warning: <=800 met (fixed target 800)',
    // Keptn reports keySli only for objectives whose value was evaluated; the summary names it.
    'error_rate has no value: fail (no value, which fails the objective: query timed out); pass: <=0.01 not evaluated',
    // As in Keptn, an informational objective without a value has a null value; the
    // evaluation still knows which SLI it was.
    'throughput has no value: info (no pass criteria and no value: nothing to report)'
  ])
  assert.equal(ev.indicators[2].metric, 'throughput')
  assert.equal(ev.indicators[2].value, null)
  assert.equal(
    ev.summary,
    "fail with a score of 25 (1 warning, 1 failed, 1 info): key SLI 'error_rate' failed, which fails the gate whatever the score (25)"
  )
})

test('summary: passing, provider-failed and errored evaluations', () => {
  const values = { response_time_p95: 412, error_rate: 0, throughput: 1 }
  assert.equal(slo.evaluate(values).summary, 'pass with a score of 100 (2 passed, 1 info): the score of 100 reaches the pass threshold of 90')
  const indicatorValues = Object.entries(values).map(([metric, value]) => ({ metric, value }))
  assert.equal(
    slo.evaluate({ result: 'fail', message: 'prometheus unreachable', indicatorValues }).summary,
    'fail with a score of 100 (2 passed, 1 info): the SLI provider reported a failure; the gate fails: prometheus unreachable'
  )
  const errored = slo.evaluate({ status: 'errored', message: 'prometheus unreachable', indicatorValues: [] })
  assert.deepEqual(errored.indicators, [])
  assert.equal(errored.summary, 'fail (evaluation errored): the SLI retrieval errored; nothing was evaluated: prometheus unreachable')
})

test('explanation: a gate message built from the summary and the objectives that did not pass', () => {
  const ev = slo.evaluate({ response_time_p95: 912, error_rate: 0, throughput: 1 }, { history })
  const message = [ev.summary, ...ev.indicators.filter((i) => i.status === 'warning' || i.status === 'fail').map((i) => `  - ${i.explanation}`)].join('\n')
  assert.equal(message,
    'fail with a score of 50 (1 passed, 1 failed, 1 info): the score of 50 is below the warning threshold of 75\n' +
    '  - Response time P95 = 912: fail (neither the pass nor the warning criteria are met: <=+10% and <600 are violated); ' +
      'pass: <=+10% violated (target 550 = avg of 2 previous results (500) +10%), <600 violated (fixed target 600); ' +
      'warning: <=800 violated (fixed target 800)')
})

test("the README's explanation example throws the text it shows", () => {
  const readme = require('node:fs').readFileSync(require('node:path').join(__dirname, '..', 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf('## Explain a verdict'), readme.indexOf('## Evaluate a load-test report'))
  const [, code] = section.match(/```js\n([\s\S]*?)```/)
  const [, shown] = section.match(/```text\n([\s\S]*?)```/)
  const gate = Slo.fromYaml(`comparison:
  compare_with: several_results
  number_of_comparison_results: 2
  aggregate_function: avg
objectives:
  - sli: response_time_p95
    pass: [{criteria: ["<=+10%", "<600"]}]
    warning: [{criteria: ["<=800"]}]
  - sli: error_rate
    key_sli: true
    pass: [{criteria: ["<=0.01"]}]
total_score: {pass: 90%, warning: 75%}
`)
  const previous = [
    gate.evaluate({ response_time_p95: 520, error_rate: 0 }),
    gate.evaluate({ response_time_p95: 480, error_rate: 0 })
  ]
  // eslint-disable-next-line no-new-func
  const run = new Function('slo', 'history', code)
  assert.throws(() => run(gate, previous), (err) => {
    assert.equal(err.message + '\n', shown)
    return true
  })
})
