'use strict'
// Edge policies under `extensions: slogate/v1` from Node: a zero baseline, a pinned baseline and
// a key SLI of weight 0, decided by the core.

const { test } = require('node:test')
const assert = require('node:assert/strict')

const { Slo } = require('..')

const zero = (policy) => `extensions: slogate/v1
objectives:
  - sli: errors
    zero_baseline: ${policy}
    pass: [{criteria: ['<=+10%']}]
total_score: {pass: 90%, warning: 50%}
`

test('a zero baseline is decided by the zero_baseline policy', () => {
  const expected = { keptn: 'fail', pass: 'pass', fail: 'fail', inconclusive: 'inconclusive' }
  for (const [policy, status] of Object.entries(expected)) {
    const slo = Slo.fromYaml(zero(policy))
    const first = slo.evaluate({ errors: 0 })
    const ev = slo.evaluate({ errors: 2 }, { history: [first] })
    assert.equal(ev.indicators[0].status, status, policy)
  }
  const slo = Slo.fromYaml(zero('pass'))
  const ev = slo.evaluate({ errors: 2 }, { history: [slo.evaluate({ errors: 0 })] })
  assert.equal(
    ev.indicators[0].explanation,
    'errors = 2: pass (the pass criteria are met); pass: <=+10% met (target 0 = the previous result (0) +10%; a percentage of a zero baseline is met (zero_baseline: pass))',
  )
})

const pinned = (id) => `extensions: slogate/v1
comparison: {pinned_baseline: ${id}}
objectives:
  - sli: p95
    pass: [{criteria: ['<=+10%']}]
total_score: {pass: 90%}
`

function builds (values) {
  const plain = Slo.fromYaml('objectives:\n  - sli: p95\n    pass: [{criteria: [\'<=+10%\']}]\ntotal_score: {pass: 90%}\n')
  return values.map((v, i) => ({ id: `build-${i}`, data: plain.evaluate({ p95: v }).toJSON() })).reverse()
}

test('a pinned baseline is the named evaluation, and a missing one throws its code', () => {
  const history = builds([100, 200, 300])
  const ev = Slo.fromYaml(pinned('build-1')).evaluate({ p95: 215 }, { history })
  assert.deepEqual(ev.toJSON().evaluation.comparedEvents, ['build-1'])
  assert.equal(ev.result, 'pass')
  assert.throws(() => Slo.fromYaml(pinned('build-9')).evaluate({ p95: 1 }, { history }), (err) => {
    assert.equal(err.code, 'pinned_baseline_not_found')
    assert.match(err.message, /names the evaluation 'build-9', but none of the 3 stored evaluations has it$/)
    return true
  })
})

test('a key SLI of weight 0 gates without scoring, and needs the extension', () => {
  const text = `extensions: slogate/v1
objectives:
  - sli: error_rate
    key_sli: true
    weight: 0
    pass: [{criteria: ['<=0.01']}]
  - sli: p95
    pass: [{criteria: ['<600']}]
total_score: {pass: 90%}
`
  const slo = Slo.fromYaml(text)
  const failed = slo.evaluate({ error_rate: 0.5, p95: 400 })
  assert.equal(failed.result, 'fail')
  assert.equal(failed.score, 100)
  assert.throws(() => Slo.fromYaml(text.replace('extensions: slogate/v1\n', '')), (err) => err.code === 'invalid_weight')
  assert.throws(() => Slo.fromYaml(zero('pass').replace('extensions: slogate/v1\n', '')), (err) => err.code === 'invalid_extension')
})

test('a declared unit converts criteria and explains the change in words', () => {
  const text = `extensions: slogate/v1
objectives:
  - sli: throughput
    unit: req/s
    pass: [{criteria: ['>=-5%', '>1req/min']}]
total_score: {pass: 90%}
`
  const slo = Slo.fromYaml(text)
  const ev = slo.evaluate({ throughput: 368 }, { history: [slo.evaluate({ throughput: 400 })] })
  assert.match(ev.indicators[0].explanation, /^throughput = 368 req\/s, 8% less throughput than the previous result \(400 req\/s\): fail/)
  assert.equal(ev.toJSON().evaluation.indicatorResults[0].unit, 'req/s')
  assert.throws(() => Slo.fromYaml(text.replace("'>1req/min'", "'>1ms'")), (err) => err.code === 'invalid_unit')
})
