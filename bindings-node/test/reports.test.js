'use strict'
// The report adapters on real reports: autocannon results produced by running autocannon
// against a local server, and real-format k6 and Artillery reports kept as fixtures.

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const http = require('node:http')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const autocannon = require('autocannon')
const { Slo, readReportValues } = require('..')

const FIXTURES = path.join(__dirname, '..', '..', 'core', 'tests', 'fixtures', 'reports')
const fixture = (name) => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8'))
const values = (report) => Object.fromEntries(report.indicatorValues.map((v) => [v.metric, v.value]))

const slo = (objectives) => Slo.fromYaml(`objectives:\n${objectives}\ntotal_score: {pass: 90%, warning: 75%}\n`)

let server
let port
let served = 0
before(async () => {
  // Every fourth request to /flaky is answered with a 500.
  server = http.createServer((req, res) => {
    served += 1
    const failing = req.url === '/flaky' && served % 4 === 0
    res.writeHead(failing ? 500 : 200)
    res.end('ok')
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = server.address().port
})
after(() => server.close())

const run = (url) => autocannon({ url: `http://127.0.0.1:${port}${url}`, connections: 2, duration: 1 })

test('autocannon: a real result gives latency, request and error metrics', async () => {
  const result = await run('/')
  const v = values(readReportValues('autocannon', result))
  assert.equal(v['requests.total'], result.requests.total)
  assert.ok(v['requests.total'] > 0)
  assert.equal(v['latency.p99'], result.latency.p99)
  assert.equal(v['latency.p97_5'], result.latency.p97_5)
  assert.equal(v['2xx'], result['2xx'])
  assert.equal(v.error_rate, 0)
  assert.equal(v['latency.p95'], undefined, 'autocannon has no p95')
  // The JSON text autocannon --json prints reads the same.
  assert.deepEqual(values(readReportValues('autocannon', JSON.stringify(result))), v)
})

test('autocannon: non-2xx responses raise error_rate and fail a key objective', async () => {
  const result = await run('/flaky')
  assert.ok(result.non2xx > 0)
  const v = values(readReportValues('autocannon', result))
  assert.equal(v.error_rate, (result.errors + result.non2xx) / (result.requests.total + result.errors))
  const gate = slo('  - sli: error_rate\n    key_sli: true\n    pass: [{criteria: ["<=0.01"]}]\n  - sli: latency.p99\n    pass: [{criteria: ["<=10000"]}]')
  const ev = gate.evaluateReport('autocannon', result)
  assert.equal(ev.result, 'fail')
  assert.equal(ev.score, 50)
  assert.equal(ev.indicators[0].status, 'fail')
  assert.equal(ev.indicators[0].keySli, true)
})

test('autocannon: an SLO asking for p95 is refused with missing_metric', async () => {
  const result = await run('/')
  const gate = slo('  - sli: latency.p95\n    pass: [{criteria: ["<300"]}]')
  assert.throws(() => gate.evaluateReport('autocannon', result), (err) => {
    assert.equal(err.code, 'missing_metric')
    assert.equal(err.kind, 'evaluation')
    assert.equal(err.path, 'objectives[0].sli')
    assert.equal(err.line, 2)
    assert.match(err.message, /the autocannon result has no metric 'latency\.p95' \(did you mean '[^']+'\?\); it has: .*http_req_duration\.\{avg, max, med, min, /)
    return true
  })
  // Non-strict evaluation of the same values scores the objective as failed instead.
  const ev = gate.evaluate(readReportValues('autocannon', result))
  assert.equal(ev.result, 'fail')
  assert.equal(ev.indicators[0].success, false)
})

test('k6: handleSummary data and --summary-export files give the same names', () => {
  const data = values(readReportValues('k6', fixture('k6-handle-summary.json')))
  const exported = values(readReportValues('k6', fs.readFileSync(path.join(FIXTURES, 'k6-summary-export.json'), 'utf8')))
  for (const metric of ['http_req_duration.p95', 'http_req_duration.med', 'http_req_failed.rate', 'http_reqs.count', 'vus.max']) {
    assert.equal(data[metric], exported[metric], metric)
  }
  // JSON text is parsed by the core's JSON reader, which may round a long fraction to a
  // neighbouring double; the object went through JavaScript's own parser.
  assert.ok(Math.abs(data['checks.rate'] - exported['checks.rate']) < 1e-15)
  assert.equal(data['http_req_duration.p95'], 215.952)
  assert.equal(data['http_req_duration{expected_response:true}.p90'], 203.541)
  assert.equal(data['http_req_duration.p99'], 1004.87)
  assert.equal(exported['http_req_duration.p99'], undefined, 'only the configured trend stats')
})

test('k6: a gate over a summary, and the p99 the export lacks', () => {
  const gate = slo('  - sli: http_req_duration.p95\n    pass: [{criteria: ["<300"]}]\n  - sli: http_req_failed.rate\n    key_sli: true\n    pass: [{criteria: ["<0.01"]}]\n  - sli: http_req_duration.p99\n    pass: [{criteria: ["<1000"]}]\n    warning: [{criteria: ["<1500"]}]')
  const ev = gate.evaluateReport('k6', fixture('k6-handle-summary.json'))
  assert.equal(ev.result, 'warning')
  assert.equal(ev.score, (2 + 0.5) / 3 * 100)
  assert.deepEqual(ev.indicators.map((i) => i.status), ['pass', 'pass', 'warning'])
  assert.throws(() => gate.evaluateReport('k6', fixture('k6-summary-export.json')), {
    code: 'missing_metric',
    path: 'objectives[2].sli',
    message: /the k6 summary has no metric 'http_req_duration\.p99'/
  })
})

test('artillery: an Artillery 2 report', () => {
  const report = fixture('artillery-report.json')
  const v = values(readReportValues('artillery', report))
  assert.equal(v['http.response_time.p95'], 68.7)
  assert.equal(v['http.codes.503'], 4)
  assert.equal(v['vusers.failed'], 2)
  assert.equal(v['errors.total'], 2)
  const gate = slo('  - sli: http.response_time.p95\n    pass: [{criteria: ["<100"]}]\n  - sli: vusers.failed\n    key_sli: true\n    pass: [{criteria: ["=0"]}]')
  const ev = gate.evaluateReport('artillery', report)
  assert.equal(ev.result, 'fail')
  assert.equal(ev.indicators[1].value, 2)
})

test('reports of the wrong shape are refused with paths', () => {
  assert.throws(() => readReportValues('k6', { root_group: {} }), { code: 'invalid_input', path: 'metrics', kind: 'input' })
  assert.throws(() => readReportValues('artillery', { aggregate: { latency: {} } }), { message: /Artillery 1/ })
  assert.throws(() => readReportValues('autocannon', '{"latency": '), { code: 'invalid_json', line: 1 })
  assert.throws(() => readReportValues('k6', { metrics: { a: { values: { avg: 'x' } }, b: 1 } }), (err) => {
    assert.deepEqual(err.errors.map((e) => e.path), ['metrics.a.values.avg', 'metrics.b'])
    return true
  })
  assert.throws(() => readReportValues('wrk', {}), { name: 'TypeError', message: /kind: unknown report kind 'wrk'; expected one of k6, autocannon, artillery, locust, jmeter, gatling/ })
  assert.throws(() => readReportValues('k6', 42), { name: 'TypeError', message: /report must be a report object or its text, got a number \(42\)/ })
})

test('the example exits non-zero when the gate fails', () => {
  const example = path.join(__dirname, '..', 'examples', 'autocannon-gate.js')
  const ok = spawnSync(process.execPath, [example], { encoding: 'utf8', timeout: 30000 })
  assert.equal(ok.status, 0, ok.stdout + ok.stderr)
  assert.match(ok.stdout, /gate: pass/)
  const flaky = spawnSync(process.execPath, [example], { encoding: 'utf8', timeout: 30000, env: { ...process.env, FLAKY: '1' } })
  assert.equal(flaky.status, 1, flaky.stdout + flaky.stderr)
  assert.match(flaky.stdout, /fail +error_rate/)
  assert.match(flaky.stdout, /gate: fail/)
})
