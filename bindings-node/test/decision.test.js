'use strict'
// The decision on an evaluation: the plain gate and an approval policy.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { Slo } = require('..')

const slo = Slo.fromYaml(`objectives:
  - sli: p95
    pass: [{criteria: ['<600']}]
    warning: [{criteria: ['<800']}]
total_score: {pass: 90%, warning: 50%}
`)

test('an approval policy decides each verdict, with its exit status', () => {
  const policy = 'pass=automatic,warning=manual'
  const seen = [500, 700, 900].map((p95) => {
    const d = slo.evaluate({ p95 }).decide({ policy })
    return [d.action, d.exitCode, d.rollback]
  })
  assert.deepEqual(seen, [['promote', 0, false], ['ask', 3, false], ['hold', 1, false]])
})

test('without a policy the plain gate decides, and a live failure advises a rollback', () => {
  const warning = slo.evaluate({ p95: 700 })
  assert.equal(warning.decide().action, 'hold')
  assert.equal(warning.decide({ allowWarning: true }).action, 'promote')
  const live = slo.evaluate({ p95: 900 }).decide({ live: true })
  assert.equal(live.rollback, true)
  assert.equal(live.explanation,
    'hold: the evaluation failed and a failed evaluation is never promoted; roll back the live deployment')
})

test('a malformed policy throws with its code', () => {
  assert.throws(() => slo.evaluate({ p95: 500 }).decide({ policy: 'pass=always' }),
    (err) => err.code === 'invalid_approval' && /invalid approval mode 'always'/.test(err.message))
})
