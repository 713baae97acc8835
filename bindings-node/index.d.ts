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

/**
 * Which binding artifact the generated loader actually loaded: `'native'` for
 * a native addon, otherwise the `platformArchABI` of the WASI flavor. Every
 * flavor napi-rs can build is listed, because `NAPI_RS_NATIVE_LIBRARY_PATH`
 * can point the loader at a WASI artifact this package does not build itself.
 */
export declare const __napiBindingTarget: 'native' | 'wasm32-wasi' | 'wasm32-wasip1'

/**
 * The outcome of a quality gate. `JSON.stringify(ev)` (or `ev.toJSON()`) gives Keptn's
 * evaluation JSON shape, which `slo.evaluate()` accepts back as history.
 */
export declare class Evaluation {
  /** The verdict of the gate. */
  get result(): Verdict
  /** The total score, 0 to 100. */
  get score(): number
  /** True only when the gate passed. */
  get passed(): boolean
  /** Whether the evaluation could be carried out. */
  get status(): EvaluationStatus
  /** Why the verdict is what it is, in a sentence; empty when it needs no explanation. */
  get message(): string
  /**
   * The verdict in one sentence: result, score, how many objectives got each status, and
   * why, e.g. `'warning with a score of 75 (1 passed, 1 warning): the score of 75 is below
   * the pass threshold of 90 but reaches the warning threshold of 75'`.
   */
  get summary(): string
  /** Ids of the stored results used as comparison basis, newest first. */
  get comparedEvents(): Array<string>
  /** One result per objective, in SLO order; empty when nothing was evaluated. */
  get indicators(): IndicatorResult[]
  /**
   * The objectives that did not pass (a warning counts), in SLO order: what an
   * explanation of a gate that did not pass lists.
   */
  get notPassed(): IndicatorResult[]
  /**
   * The decision on this evaluation: of an approval `policy` (Keptn's `approval` task
   * properties, e.g. `'pass=automatic,warning=manual'`; a verdict left out is manual) when
   * given, else of the plain gate (a warning promotes only with `allowWarning`). A fail is
   * always held; `live` says the deployment already serves users, so a hold advises a
   * rollback. A malformed policy throws with the code `invalid_approval`.
   */
  decide(options?: DecideOptions): Decision
  /**
   * The evaluation in Keptn's evaluation JSON shape (`status`, `result`,
   * `evaluation.score`, `evaluation.indicatorResults`, ...). Accepted back as history.
   */
  toJSON(): KeptnEvaluation
}

/**
 * A gate written for another tool (k6 thresholds, a Keptn v2 `AnalysisDefinition`, a
 * Pitometer perfspec), scored exactly as that tool scores it.
 */
export declare class Gate {
  /** `'k6'`, `'keptn2'` or `'pitometer'`. */
  get format(): 'k6' | 'keptn2' | 'pitometer'
  /** Reads k6 thresholds: the options (object or JSON text) or their `thresholds`. */
  static fromK6(options: object | string): Gate
  /** Reads a Keptn v2 `AnalysisDefinition` manifest (YAML text). */
  static fromKeptn2(text: string): Gate
  /** Reads a Pitometer perfspec (object or JSON text). */
  static fromPerfspec(perfspec: object | string): Gate
  /**
   * Evaluates with the format's measurements (object or JSON text): a k6 summary, provider
   * values by template name, or data points by indicator id.
   */
  evaluate(measurements: object | string): Evaluation
  /**
   * The tool's own result for the measurements (k6's `ok`/`breached`/`abort`/`thresholds`,
   * metrics-operator's analysis status, Pitometer's run result).
   */
  toolResult(measurements: object | string): Record<string, unknown>
  /**
   * The equivalent Keptn SLO: `{slo, sli, unexpressed, notes}`; `slo` is null unless the
   * translation is exact.
   */
  toKeptn(): KeptnTranslation
}

/**
 * A load-test report read by `readReport`: pass it, or an array of several, to
 * `slo.evaluate()`, which merges them (through `options.sliMap` where given).
 */
export declare class Report {
  /** The report kind. */
  get kind(): ReportKind
  /** The file the report was read from, or `'object'` for a report given as an object. */
  get file(): string
  /** Every value the report gave, in the documented metric names. */
  get indicatorValues(): IndicatorValue[]
}

/** A parsed and validated SLO definition (`slo.yaml`). Parse once, evaluate as often as needed. */
export declare class Slo {
  /** The SLO text as it was parsed. */
  get source(): string
  /** The SLI names the objectives measure, in SLO order. */
  get slis(): Array<string>
  /**
   * What the SLO is used with as written but looks like a mistake (an unknown key, for
   * one), in document order.
   */
  get warnings(): SloWarning[]
  /**
   * Parses and validates an SLO from its YAML text.
   *
   * Throws an `Error` whose `code` is the first problem's stable code (e.g.
   * `'invalid_criterion'`), with `path`, `line`, `column` and `errors` (every problem found).
   * Warnings (an unknown key, for one) are listed in `slo.warnings`; `{ strict: true }`
   * throws them instead.
   */
  static fromYaml(text: string, options?: SloOptions): Slo
  /**
   * Reads and parses an SLO file. Throws like `Slo.fromYaml`, with `file` set; a file that
   * cannot be read throws an `Error` with code `'io_error'`.
   */
  static fromFile(path: string, options?: SloOptions): Slo
  /**
   * Evaluates measured SLI values against the SLO.
   *
   * `values` is a plain object `{ metric: number }`, or Keptn's get-sli data
   * (`{ indicatorValues: [{ metric, value, success, message }], result, status, message }`),
   * or a `Report` from `readReport` or an array of them, merged as the CLI merges
   * `--sli KIND:FILE`: each SLI is looked up where `options.sliMap` says, or else by its own
   * name in every report; a name two reports have throws `duplicate_indicator_value`.
   * `options.history` lists stored evaluations, newest first: `Evaluation` objects, their
   * `toJSON()` objects (optionally with `id` and `invalidated`), datastore envelopes
   * `{ id, data }`, or their JSON text.
   *
   * Throws an `Error` with the core's `code`, `path`, `line`, `column` and `errors`; a
   * `TypeError` when an argument has the wrong type.
   */
  evaluate(values: SliValues | Report | Report[], options?: EvaluateOptions): Evaluation
  /**
   * Evaluates a load-test report against the SLO, strictly: the report is read as
   * `readReportValues(kind, report)` does, and an objective whose SLI the report lacks is
   * refused with code `'missing_metric'` (listing the metrics the report has) rather than
   * scored as failed.
   */
  evaluateReport(kind: ReportKind, report: object | string, options?: EvaluateOptions): Evaluation
}

/** The stable code of a problem slogate reports, from the core's one table of codes. */
export type ErrorCode = 'invalid_yaml' | 'duplicate_key' | 'unsupported_yaml' | 'invalid_type' | 'empty_slo' | 'missing_field' | 'invalid_criterion' | 'non_finite_number' | 'empty_criteria' | 'null_entry' | 'duplicate_objective' | 'invalid_weight' | 'unknown_aggregate_function' | 'unknown_compare_with' | 'unknown_include_result_with_score' | 'invalid_number_of_comparison_results' | 'missing_total_score' | 'invalid_total_score' | 'document_too_large' | 'nesting_too_deep' | 'too_many_nodes' | 'too_many_objectives' | 'too_many_criteria' | 'criterion_too_long' | 'invalid_json' | 'invalid_input' | 'duplicate_indicator_value' | 'non_finite_value' | 'history_too_long' | 'missing_metric' | 'unknown_field' | 'invalid_threshold' | 'invalid_metric_name' | 'unknown_metric' | 'unsupported_aggregation' | 'missing_aggregation' | 'invalid_quantity' | 'invalid_operator' | 'invalid_range' | 'value_out_of_range' | 'contradictory_thresholds' | 'unregistered_source' | 'unknown_grader' | 'unknown_gate_format' | 'input_too_large' | 'list_too_long' | 'indent_too_wide' | 'io_error' | 'internal_error' | 'invalid_argument' | 'forbidden_character' | 'invalid_encoding' | 'invalid_approval' | 'missing_approval' | 'ambiguous_approval' | 'invalid_canary_settings' | 'invalid_model' | 'unknown_key' | 'invalid_extension' | 'pinned_baseline_not_found' | 'invalid_unit' | 'duplicate_info_objective' | 'incomplete_line'

/**
 * Every stable error code the core can report (the `code` of a thrown `Error`), in a fixed
 * order.
 */
export declare function errorCodes(): ErrorCode[]

/**
 * Judges a canary's samples against a baseline's (`{metric: number[]}` each): a Mann-Whitney U
 * test per metric, scored by weight. `options`: `confidence`, `tolerance`, `passThreshold`,
 * `marginalThreshold`, and `slo` (YAML text) or `metrics` (`[{name, weight, direction,
 * critical}]`). Returns `{result, score, reason, summary, metrics, settings}`.
 */
export declare function judgeCanary(baseline: CanarySamples, canary: CanarySamples, options?: CanaryOptions): CanaryJudgement

/**
 * Reads a load-test report of `kind` (as `readReportValues` names its values) from the file
 * at `report`, or from the already-parsed report object. Throws an `Error` with the core's
 * code when the file cannot be read or is not of that tool's shape.
 */
export declare function readReport(kind: ReportKind, report: string | object): Report

/**
 * Reads a load-test report into SLI values with documented metric names (shared by every
 * kind: `http_req_duration.p95`, `error_rate`, `throughput`, `GET /cart.p95`).
 *
 * - `'k6'`: the `handleSummary(data)` object or a `--summary-export` file;
 * - `'autocannon'`: the result object (autocannon has no p95);
 * - `'artillery'`: an Artillery 2 JSON report;
 * - `'locust'`: `--json` output, or the text of a `--csv` `_stats.csv` file;
 * - `'jmeter'`: a dashboard `statistics.json`, or the text of a CSV JTL file;
 * - `'gatling'`: the `js/stats.json` of Gatling's report.
 *
 * `report` is the object or its text. Throws an `Error` with code `invalid_input` or
 * `invalid_json` when the report is not of that tool's shape.
 */
export declare function readReportValues(kind: ReportKind, report: object | string): ReportValues

/**
 * Writes the heatmap of `history` (stored evaluations, newest first, as `options.history` of
 * `Slo#evaluate` takes them) as one self-contained HTML page: inline CSS and SVG, nothing
 * loaded from elsewhere; the page `slogate report --html` writes. Throws an `Error` with the
 * core's `code` for a malformed evaluation or a `selected` id that is not shown.
 */
export declare function reportHtml(history: HistoryEntry[], options?: ReportOptions): string

/**
 * A load-test tool whose report `readReport`, `readReportValues` and
 * `Slo#evaluateReport` read, from the core's one list of kinds.
 */
export type ReportKind = 'k6' | 'autocannon' | 'artillery' | 'locust' | 'jmeter' | 'gatling'

/**
 * Writes the compact Markdown heatmap of `history` for a pull-request comment or a CI job
 * summary: one row per SLI, one symbol per evaluation. Arguments as `reportHtml`.
 */
export declare function reportMarkdown(history: HistoryEntry[], options?: ReportOptions): string
