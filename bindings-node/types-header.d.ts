/* Types written by hand: the JSON shapes slogate reads and writes. */

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


/** The outcome of a gate: `'pass'`, `'warning'` or `'fail'`. */
export type Verdict = 'pass' | 'warning' | 'fail'

/**
 * Whether the evaluation could be carried out: `'succeeded'` or `'errored'` (the SLI provider
 * errored or was aborted).
 */
export type EvaluationStatus = 'succeeded' | 'errored'

/**
 * The outcome of one objective: `'pass'` (pass criteria met: full weight), `'warning'`
 * (warning criteria met: half the weight), `'fail'` (neither met, or no value: nothing),
 * `'info'` (no pass criteria: reported only) or `'inconclusive'` (a history model had too
 * little data; counted by the objective's policy).
 */
export type IndicatorStatus = 'pass' | 'warning' | 'fail' | 'info' | 'inconclusive'

/** How previous values are combined into a baseline: mean, median, 90th or 95th percentile. */
export type AggregateFunction = 'avg' | 'p50' | 'p90' | 'p95'

/** One criterion of an objective, resolved to a number. */
export interface Target {
  /** The criterion exactly as written in the SLO, e.g. `'<=+10%'`. */
  criteria: string
  /** The number the value was compared with. */
  targetValue: number
  /** True when the value does not meet the criterion. */
  violated: boolean
}

/** The baseline an objective's relative criteria were resolved against. */
export interface Baseline {
  /** How the previous values were combined. */
  function: AggregateFunction
  /** The aggregated value. */
  value: number
  /** How many previous values were aggregated. */
  values: number
}

/** The result of one objective. */
export interface IndicatorResult {
  /**
   * The SLI name; `null` only for an informational objective without a value read back
   * from JSON (Keptn's shape keeps the name in the value).
   */
  metric: string | null
  /** The measured value (0 when it could not be obtained); `null` without a value. */
  value: number | null
  /** The aggregated previous value (0 when there was none); `null` without a value. */
  comparedValue: number | null
  /** False when the value could not be obtained. */
  success: boolean
  /** The provider's message, or why the value is missing; empty when there is none. */
  message: string
  /** The objective's `displayName`. */
  displayName: string
  /** Weight earned: the weight on pass, half on warning, 0 otherwise. */
  score: number
  /** The objective's outcome. */
  status: IndicatorStatus
  /** Whether the objective is a key SLI (whose failure fails the gate). */
  keySli: boolean
  /** Every pass criterion, resolved, in order. */
  passTargets: Target[]
  /** Every warning criterion, resolved, in order. */
  warningTargets: Target[]
  /**
   * The baseline relative criteria were resolved against; `null` when there were no
   * previous values.
   */
  baseline: Baseline | null
  /**
   * Why the objective got its status, in one line: the value, the status and why, then
   * every criterion with the target it resolved to and how that target was derived, e.g.
   * `'p95 = 560: warning (the pass criteria are not met: <=+10% is violated; the warning
   * criteria are met); pass: <=+10% violated (target 550 = the previous result (500)
   * +10%), <600 met (fixed target 600); warning: <=800 met (fixed target 800)'`.
   */
  explanation: string
}

/** One measured value in Keptn's `indicatorValues` shape. */
export interface IndicatorValue {
  /** The SLI name, e.g. `'http_req_duration.p95'`. */
  metric: string
  /** The measured value; meaningless when `success` is false. */
  value: number
  /** False when the value could not be obtained (its objective then fails). */
  success: boolean
  /** Why the value could not be obtained; empty otherwise. */
  message: string
}

/**
 * SLI values read from a load-test report, in Keptn's get-sli shape: pass it to
 * `slo.evaluate()` as is.
 */
export interface ReportValues {
  /** Every value the report gave, in the documented metric names. */
  indicatorValues: IndicatorValue[]
}

/** Options of `Evaluation#decide`. */
export interface DecideOptions {
  /** The approval policy, e.g. `'pass=automatic,warning=manual'`. */
  policy?: string
  /** Without a policy: whether a warning is promoted. */
  allowWarning?: boolean
  /** Whether the evaluated deployment already serves users. */
  live?: boolean
}

/** What the pipeline does with an evaluation. */
export interface Decision {
  /** `'promote'`, `'ask'` (a person must approve) or `'hold'`. */
  action: 'promote' | 'ask' | 'hold'
  /** True when the held deployment is already live and should be rolled back. */
  rollback: boolean
  /** The exit status that carries the decision: promote 0, hold 1, ask 3. */
  exitCode: number
  /** The action and why, in a sentence. */
  explanation: string
}

/** How an SLO is read. */
export interface SloOptions {
  /**
   * Refuse an SLO that has warnings (an unknown key, for one) instead of listing them in
   * `slo.warnings`.
   */
  strict?: boolean
}

/**
 * Something an SLO is used with as written but that looks like a mistake, e.g.
 * `{ code: 'unknown_key', path: 'objectives[0].keySli', line: 3, column: 5, message:
 * "unknown key 'keySli'; did you mean 'key_sli'?" }`.
 */
export type SloWarning = SlogateProblem

/** A gate of another tool as a Keptn SLO (`Gate#toKeptn`). */
export interface KeptnTranslation {
  /** The `slo.yaml`, when the whole gate translates exactly; `null` otherwise. */
  slo: string | null
  /** The `sli.yaml` mapping each SLI name to where its value comes from. */
  sli: string | null
  /** Each part that Keptn's SLO cannot express, and why; empty when the translation is exact. */
  unexpressed: string[]
  /** Remarks that do not change the verdict (e.g. k6's `abortOnFail`). */
  notes: string[]
}

/** Samples of one side of a canary comparison: `{ metric: number[] }`, or a list of runs. */
export type CanarySamples = Record<string, number[]> | Array<Record<string, number[]>>

/** Options of `judgeCanary`; each setting is optional. */
export interface CanaryOptions {
  /** Confidence of the Mann-Whitney test, between 0 and 1 exclusive (default 0.95). */
  confidence?: number
  /** A significant change of the median smaller than this fraction still passes (default 0). */
  tolerance?: number
  /** The score at or above which the canary passes (default 95). */
  passThreshold?: number
  /** The score at or above which a canary that does not pass is marginal (default 75). */
  marginalThreshold?: number
  /** An SLO's YAML text whose objectives name the metrics (weights, key SLIs as critical). */
  slo?: string
  /** The metrics to judge, instead of `slo`. */
  metrics?: Array<{ name: string; weight?: number; direction?: 'increase' | 'decrease' | 'either'; critical?: boolean }>
}

/** The count, median and mean of one side's samples of a metric. */
export interface SampleSummary {
  count: number
  median: number | null
  mean: number | null
}

/** How one metric of the canary compares with the baseline. */
export interface CanaryMetricJudgement {
  metric: string
  /** How the canary compares: higher, lower, no significant change, or no data. */
  classification: 'pass' | 'high' | 'low' | 'nodata'
  /** Whether the classification counts against the canary (its direction is harmful). */
  countedAgainst: boolean
  weight: number
  critical: boolean
  /** Which change counts against the canary. */
  direction: 'increase' | 'decrease' | 'either'
  baseline: SampleSummary
  canary: SampleSummary
  /** Mann-Whitney U of the canary; `null` without data. */
  u: number | null
  /** The two-sided p-value; `null` without data. */
  pValue: number | null
  /** `'exact'` or `'asymptotic'`; `null` without data. */
  method: 'exact' | 'asymptotic' | null
  /** The change of the median as a fraction of the baseline median; `null` without data. */
  effect: number | null
  /** The significance level, `1 - confidence`. */
  alpha: number
  /** The effect-size tolerance. */
  tolerance: number
  /** The judgement in a sentence. */
  explanation: string
}

/** The result of `judgeCanary`. */
export interface CanaryJudgement {
  result: 'pass' | 'marginal' | 'fail'
  /** The score, 0 to 100, rounded to two decimals. */
  score: number
  /** Why the canary failed regardless of its score (a critical metric, missing data). */
  reason: string | null
  /** The verdict, the score against the thresholds and how many metrics pass, in a sentence. */
  summary: string
  /** One judgement per metric, in the order judged. */
  metrics: CanaryMetricJudgement[]
  /** The settings used. */
  settings: { confidence: number; tolerance: number; passThreshold: number; marginalThreshold: number }
}
