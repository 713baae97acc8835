'use strict'
// Canary judgement from Node: the core's Mann-Whitney test and weighted score, errors with codes.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')

const { judgeCanary } = require('..')

const examples = path.join(__dirname, '..', '..', 'examples')
const read = (name) => JSON.parse(fs.readFileSync(path.join(examples, name), 'utf8'))

test('the example canary is held back by its slower p95', () => {
  const judgement = judgeCanary(read('canary-baseline.json'), read('canary-canary.json'), {
    slo: fs.readFileSync(path.join(examples, 'slo.yaml'), 'utf8'),
  })
  assert.equal(judgement.result, 'fail')
  assert.equal(judgement.score, 66.67)
  const p95 = judgement.metrics.find((m) => m.metric === 'response_time_p95')
  assert.equal(p95.classification, 'high')
  assert.equal(p95.weight, 2)
  assert.match(p95.explanation, /^response_time_p95: high \(counts against the canary\): canary median 556\.65/)
})

test('identical samples pass, and a metric direction can excuse a change', () => {
  const base = { rps: [100, 101, 99, 102, 98, 100, 101, 99] }
  assert.equal(judgeCanary(base, base).result, 'pass')
  const faster = { rps: [120, 121, 119, 122, 118, 120, 121, 119] }
  const judgement = judgeCanary(base, faster, { metrics: [{ name: 'rps', direction: 'decrease' }] })
  assert.equal(judgement.metrics[0].classification, 'high')
  assert.equal(judgement.metrics[0].countedAgainst, false)
  assert.equal(judgement.result, 'pass')
})

test('bad settings throw with a stable code', () => {
  assert.throws(() => judgeCanary({ a: [1] }, { a: [1] }, { confidence: 2 }), (err) => {
    assert.equal(err.code, 'invalid_canary_settings')
    assert.equal(err.message, 'confidence: confidence is 2; expected a number between 0 and 1, exclusive')
    return true
  })
})

test('samples that are not finite numbers are refused with a code', () => {
  assert.throws(() => judgeCanary({ a: [1, NaN] }, { a: [1] }), { code: 'non_finite_value', path: 'a[1]' })
  assert.throws(() => judgeCanary({ a: [1] }, { a: [1] }, 'strict'), { name: 'TypeError', code: 'invalid_input', message: 'options: expected an object, found the string "strict"' })
})
