'use strict'
// assertGate: a quality gate as an assertion of node:test (or any runner that fails a test on
// an AssertionError). `require('slogate/assert')`.

const { AssertionError } = require('node:assert')
const { Evaluation } = require('./index.js')

/**
 * The evaluation explained on lines: `quality gate: ` and the summary, then each objective
 * that did not pass with its explanation (the core's words, as Python's `slogate.explain`).
 * @param {Evaluation} evaluation
 * @returns {string}
 */
function explain (evaluation) {
  const lines = [`quality gate: ${evaluation.summary}`]
  const listed = evaluation.notPassed
  if (listed.length > 0) {
    lines.push('objectives that did not pass:')
    for (const indicator of listed) lines.push(`  - ${indicator.explanation}`)
  }
  return lines.join('\n')
}

/**
 * Throws an `AssertionError` carrying the explanation unless the gate passed (or warned, with
 * `allowWarning`); returns the evaluation otherwise.
 * @param {Evaluation} evaluation
 * @param {{ allowWarning?: boolean }} [options]
 * @returns {Evaluation}
 */
function assertGate (evaluation, options = {}) {
  if (!(evaluation instanceof Evaluation)) {
    throw new TypeError(`evaluation must be a slogate Evaluation, got ${evaluation === null ? 'null' : typeof evaluation}`)
  }
  const allowWarning = options.allowWarning === true
  if (evaluation.decide({ allowWarning }).action === 'promote') return evaluation
  throw new AssertionError({
    message: explain(evaluation),
    actual: evaluation.result,
    expected: allowWarning ? 'pass or warning' : 'pass',
    operator: 'assertGate',
    stackStartFn: assertGate
  })
}

module.exports = { assertGate, explain }
