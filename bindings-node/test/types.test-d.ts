// Type-level test of index.d.ts, checked by `tsc -p tsconfig.json` (no output is emitted).
// Each `@ts-expect-error` line must fail to type-check: if the typings became looser, tsc
// reports the unused directive and the check fails.

import {
  Slo,
  Evaluation,
  readReportValues,
  reportHtml,
  reportMarkdown,
  readReport,
  errorCodes,
  type Report,
  type ReportKind,
  type ErrorCode,
  type IndicatorResult,
  type IndicatorStatus,
  type KeptnEvaluation,
  type SlogateError,
  type Verdict,
} from '../index'
import { assertGate, explain } from '../assert'

const slo: Slo = Slo.fromYaml('objectives: []\ntotal_score: {pass: 90%}\n')
const fromFile: Slo = Slo.fromFile('slo.yaml')
const ev: Evaluation = slo.evaluate({ response_time_p95: 412, error_rate: 0 })

// Results and statuses are string unions.
const result: 'pass' | 'warning' | 'fail' = ev.result
const verdict: Verdict = result
const status: 'succeeded' | 'errored' = ev.status
const score: number = ev.score
const passed: boolean = ev.passed
const summary: string = ev.summary
// @ts-expect-error an evaluation result is never 'info'
const info: Verdict = 'info'
// @ts-expect-error status is not a verdict
const wrongStatus: Verdict = ev.status

const indicators: IndicatorResult[] = ev.indicators
for (const indicator of indicators) {
  const s: IndicatorStatus = indicator.status
  const metric: string | null = indicator.metric
  const value: number | null = indicator.value
  // @ts-expect-error value may be null
  const unchecked: number = indicator.value
  const targets: number[] = indicator.passTargets.map((t) => t.targetValue)
  const baseline = indicator.baseline
  if (baseline !== null) {
    const fn: 'avg' | 'p50' | 'p90' | 'p95' = baseline.function
  }
  const key: boolean = indicator.keySli
  const why: string = indicator.explanation
  // @ts-expect-error fields are camelCase
  indicator.key_sli
}

// toJSON is Keptn's shape and is accepted back as history, as are Evaluations and text.
const json: KeptnEvaluation = ev.toJSON()
const evScore: number = json.evaluation.score
const next = slo.evaluate(
  { indicatorValues: [{ metric: 'error_rate', value: 0, success: true, message: '' }], result: 'pass' },
  { history: [ev, { id: 'build-1', ...json }, { id: 'build-0', data: json }, JSON.stringify(ev)] }
)
const compared: string[] = next.comparedEvents
// @ts-expect-error history entries are evaluations, not numbers
slo.evaluate({ a: 1 }, { history: [1] })
// @ts-expect-error SLI values are numbers
slo.evaluate({ a: 'fast' })
// @ts-expect-error the provider's status is a known string
slo.evaluate({ indicatorValues: [], status: 'broken' })

// Reports.
const values = readReportValues('k6', { metrics: {} })
const names: string[] = values.indicatorValues.map((v) => v.metric)
slo.evaluate(values)
slo.evaluateReport('autocannon', '{}', { history: [ev] })
// @ts-expect-error unknown report kind
readReportValues('wrk', {})
const locust: Report = readReport('locust', 'out_stats.csv')
const kind: ReportKind = locust.kind
const file: string = locust.file
slo.evaluate([locust, readReport('artillery', { aggregate: {} })], { sliMap: 'indicators: {}', history: [ev] })
slo.evaluate(locust)
// @ts-expect-error the sli.yaml is given as text
slo.evaluate([locust], { sliMap: 1 })
const gated: Evaluation = assertGate(ev, { allowWarning: true })
const explained: string = explain(ev)
// @ts-expect-error assertGate takes an Evaluation
assertGate({ result: 'pass' })

// The heatmap.
const page: string = reportHtml([ev], { slo, last: 10, selected: 'b1' })
const comment: string = reportMarkdown(['{"evaluation": {}}'])
// @ts-expect-error the SLO is a parsed Slo, not its text
reportHtml([ev], { slo: 'objectives: []' })
// @ts-expect-error history is a list
reportMarkdown(ev)

// Errors.
try {
  Slo.fromYaml('')
} catch (e) {
  const err = e as SlogateError
  const code: ErrorCode = err.code
  const line: number | null = err.line
  const paths: string[] = err.errors.map((p) => p.path)
  // @ts-expect-error codes are a closed union
  const bogus: ErrorCode = 'no_such_code'
}
const codes: ErrorCode[] = errorCodes()
