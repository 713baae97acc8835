/* Types written by hand: the JSON shapes slogate reads and writes. */

/** A load-test tool whose report `readReportValues` and `Slo#evaluateReport` read. */
export type ReportKind = 'k6' | 'autocannon' | 'artillery' | 'locust' | 'jmeter' | 'gatling'

/** How the SLI retrieval step ended (Keptn's get-sli `status`). */
export type ProviderStatus = 'succeeded' | 'errored' | 'aborted'

/** One value in Keptn's `indicatorValues` list. */
export interface KeptnIndicatorValue {
  /** The SLI name. */
  metric: string
  /** The measured value; ignored when `success` is false. */
  value?: number
  /** False when the provider could not obtain the value; default true. */
  success?: boolean
  /** Why the value could not be obtained. */
  message?: string
}

/** Keptn's get-sli data: the values with the provider's result and status. */
export interface KeptnSliData {
  /** The measured values, in the provider's order. */
  indicatorValues?: KeptnIndicatorValue[]
  /** The values nested as Keptn's get-sli event carries them. */
  getSLI?: { indicatorValues?: KeptnIndicatorValue[]; start?: string; end?: string }
  /** `'fail'` marks a failed retrieval: the gate fails, though the objectives are scored. */
  result?: 'pass' | 'warning' | 'fail'
  /** `'errored'` or `'aborted'` make the evaluation errored. */
  status?: ProviderStatus
  /** The provider's message. */
  message?: string
  /** Start of the measured window, passed through to the result. */
  start?: string
  /** End of the measured window, passed through to the result. */
  end?: string
  /** Keptn project, stage and service, passed through to the result. */
  project?: string
  stage?: string
  service?: string
  /** Labels passed through to the result. */
  labels?: Record<string, string>
}

/** SLI values: a plain object `{ metric: number }`, or Keptn's get-sli data. */
export type SliValues = Record<string, number> | KeptnSliData

/** One objective's result in Keptn's JSON shape. */
export interface KeptnIndicatorResult {
  score: number
  value: { metric: string; value: number; comparedValue: number; success: boolean; message?: string } | null
  displayName: string
  passTargets: Array<{ criteria: string; targetValue: number; violated: boolean }> | null
  warningTargets: Array<{ criteria: string; targetValue: number; violated: boolean }> | null
  keySli: boolean
  status: 'pass' | 'warning' | 'fail' | 'info'
}

/** An evaluation in Keptn's evaluation-finished JSON shape (what `ev.toJSON()` returns). */
export interface KeptnEvaluation {
  project?: string
  stage?: string
  service?: string
  status: 'succeeded' | 'errored'
  result: 'pass' | 'warning' | 'fail'
  message?: string
  labels?: Record<string, string>
  evaluation: {
    timeStart?: string
    timeEnd?: string
    result: 'pass' | 'warning' | 'fail'
    score: number
    sloFileContent?: string
    indicatorResults: KeptnIndicatorResult[] | null
    comparedEvents?: string[]
  }
}

/**
 * A stored evaluation: an `Evaluation`, its `toJSON()` object (with an optional `id`, listed
 * in `comparedEvents` when used, and `invalidated`), a datastore envelope `{ id, data }`, or
 * the JSON text of any of these.
 */
export type HistoryEntry =
  | Evaluation
  | (KeptnEvaluation & { id?: string; invalidated?: boolean })
  | { id?: string; invalidated?: boolean; data: KeptnEvaluation }
  | string

/** Options of `Slo#evaluate` and `Slo#evaluateReport`. */
export interface EvaluateOptions {
  /** Stored evaluations of the same service, newest first, for relative criteria. */
  history?: HistoryEntry[]
  /**
   * With several reports: the text of an `sli.yaml` (Keptn's shape) saying which report each
   * SLI comes from (`p95: "locust:GET /cart.p95"`).
   */
  sliMap?: string
}

/** Options of `reportHtml` and `reportMarkdown`. */
export interface ReportOptions {
  /** The SLO: its objectives come first, in its order, and its score thresholds are drawn. */
  slo?: Slo
  /** Show only the newest `last` evaluations. */
  last?: number
  /** The id of the evaluation to highlight (default: the newest); the evaluations it was
   * compared with are drawn dashed. */
  selected?: string
}

/** One problem found in one document. */
export interface SlogateProblem {
  /** The stable code of the problem. */
  code: ErrorCode
  /** Where in the document, e.g. `'objectives[2].pass[0].criteria[1]'`; empty for the whole. */
  path: string
  /** 1-based line of the offending text, where known. */
  line: number | null
  /** 1-based column of the offending text, where known. */
  column: number | null
  /** What is wrong and what was expected, quoting the offending text. */
  message: string
}

/**
 * What slogate throws when it refuses an input (a wrong argument type throws a `TypeError`
 * with the same code `'invalid_input'`). `code`, `path`, `line` and `column` are the
 * first problem's.
 */
export interface SlogateError extends Error {
  code: ErrorCode
  /** Which step refused the input. */
  kind: 'slo' | 'input' | 'evaluation' | 'internal'
  path: string
  line: number | null
  column: number | null
  /** Every problem found, in document order. */
  errors: SlogateProblem[]
  /** The SLO file, for errors of `Slo.fromFile`. */
  file?: string
}

