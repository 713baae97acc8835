'use strict'
// The heatmap report from Node: the page and the Markdown the core writes.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { Slo, reportHtml, reportMarkdown } = require('..')

const examples = path.join(__dirname, '..', '..', 'examples')
// The example history file's lines, newest first, passed as JSON text.
const lines = fs.readFileSync(path.join(examples, 'history.jsonl'), 'utf8').split('\n').filter(Boolean)
const newestFirst = lines.slice().reverse()
const stored = newestFirst.map((line) => JSON.parse(line))

test('the example history renders as one self-contained page', () => {
  const slo = Slo.fromFile(path.join(examples, 'slo.yaml'))
  const html = reportHtml(newestFirst, { slo })
  assert.ok(html.startsWith('<!DOCTYPE html>'))
  const ids = [...html.matchAll(/<th class="col[^"]*" title="([^"]+)">/g)].map((m) => m[1])
  assert.deepEqual(ids, stored.map((e) => e.id).reverse())
  assert.ok(html.includes('<b><s>build-103</s></b>'))
  assert.equal(html.match(/<td/g).length, stored.length * (1 + slo.slis.length))
  const dashed = [...html.matchAll(/<th class="col cmp[^"]*" title="([^"]+)">/g)].map((m) => m[1])
  assert.deepEqual(new Set(dashed), new Set(stored[0].evaluation.comparedEvents))
  assert.ok(html.includes('<title>pass threshold 90</title>'))
  assert.ok(!html.includes('<script') && !html.includes('src='))
})

test('evaluations kept by the caller, a selection and a window', () => {
  const slo = Slo.fromYaml("objectives:\n  - sli: p95\n    pass: [{criteria: ['<=+10%', '<600']}]\ntotal_score: {pass: 90%}\n")
  const history = []
  for (const [id, p95] of [['b1', 400], ['b2', 700], ['b3', 420]]) {
    history.unshift({ ...slo.evaluate({ p95 }, { history }).toJSON(), id })
  }
  assert.deepEqual(reportMarkdown(history, { slo, selected: 'b2' }).split('\n').filter(Boolean), [
    '| SLI | b1 | **b2** | b3 |',
    '| --- | :-: | :-: | :-: |',
    '| **score** | ✅ 100 | ❌ 0 | ✅ 100 |',
    '| p95 | ✅ | ❌ | ✅ |',
  ])
  assert.equal(reportMarkdown(history, { last: 2 }).split('\n')[0], '| SLI | b2 | **b3** |')
  const html = reportHtml(history, { slo, selected: 'b2' })
  assert.ok(html.includes('title="700 vs 400: fail; pass <=+10% (440) ✗, <600 ✗&#10;'), html)
})

test('refusals carry the core code', () => {
  assert.throws(() => reportHtml(newestFirst, { selected: 'build-999' }), (e) => {
    assert.equal(e.code, 'invalid_input')
    assert.match(e.message, /no shown evaluation has the id 'build-999'/)
    return true
  })
  assert.throws(() => reportHtml([{ evaluation: 'not an evaluation' }]), (e) => typeof e.code === 'string')
  assert.throws(() => reportHtml('history.jsonl'), TypeError)
})
