'use strict'
// Inputs that once aborted the Node process. Each case runs in a child process, so that an
// abort fails the test instead of ending the test run.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

const PACKAGE = path.resolve(__dirname, '..')

/** Runs `body` in a child Node with `slo` (an SLO over `p95`) defined; returns what it printed. */
function child (body) {
  const script = `
const { Slo } = require(${JSON.stringify(PACKAGE)})
const slo = Slo.fromYaml('objectives:\\n  - sli: p95\\n    pass: [{criteria: ["<=+10%"]}]\\ntotal_score: {pass: 90%}\\n')
const report = (fn) => { try { fn(); console.log('no error') } catch (err) { console.log(err.code, err.path, err.message) } }
${body}`
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60000 })
  assert.equal(run.status, 0, `the child process ended with ${run.status} ${run.signal}: ${run.stderr}`)
  return run.stdout
}

test('a history array claiming 2**30 entries is refused before anything is allocated', () => {
  const out = child(`
const a = []; a.length = 2 ** 30
report(() => slo.evaluate({ p95: 1 }, { history: a }))`)
  assert.equal(out, 'history_too_long history history: more than the limit of 10000 stored evaluations were passed\n')
})

test('a sparse indicatorValues array of length 2**32-1 is refused before it is walked', () => {
  const out = child(`
const values = []; values.length = 2 ** 32 - 1
report(() => slo.evaluate({ indicatorValues: values }))
const report2 = []; report2.length = 2 ** 32 - 1
report(() => slo.evaluateReport('k6', { metrics: { http_reqs: { values: report2 } } }))`)
  assert.equal(out,
    'list_too_long indicatorValues indicatorValues: the list has 4294967295 items, more than the limit of 1000000\n' +
    'list_too_long metrics.http_reqs.values metrics.http_reqs.values: the list has 4294967295 items, more than the limit of 1000000\n')
})

test('an endless or huge SLO file is refused with a code', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slogate-'))
  const huge = path.join(dir, 'huge.yaml')
  fs.closeSync(fs.openSync(huge, 'w'))
  fs.truncateSync(huge, 10 * 1024 ** 3) // sparse: 10 GB of zeros on no disk space
  try {
    for (const file of ['/dev/zero', huge]) {
      const out = child(`report(() => Slo.fromFile(${JSON.stringify(file)}))`)
      assert.equal(out, `document_too_large  ${file}: the SLO is larger than the limit of 8388608 bytes\n`)
    }
  } finally {
    fs.rmSync(dir, { recursive: true })
  }
})
