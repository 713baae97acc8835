import type { Evaluation } from './index'

/**
 * The evaluation explained on lines: `quality gate: ` and its summary, then each objective that
 * did not pass with its explanation.
 */
export declare function explain(evaluation: Evaluation): string

/**
 * Throws an `AssertionError` (from `node:assert`) whose message is `explain(evaluation)`
 * unless the gate passed (or warned, with `allowWarning`); returns the evaluation otherwise.
 * Throws a `TypeError` when `evaluation` is not an `Evaluation`.
 */
export declare function assertGate(evaluation: Evaluation, options?: { allowWarning?: boolean }): Evaluation
