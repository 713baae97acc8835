'use strict'
// Gates a build on a short autocannon run against a local server.
//
//   node examples/autocannon-gate.js [slo.yaml]
//
// Starts an HTTP server on 127.0.0.1 (a random free port), loads it for one second with two
// connections, evaluates the SLO against the autocannon result and exits with 1 when the gate
// fails (0 on pass or warning). Without an argument, examples/slo.yaml is used.

const http = require('node:http')
const path = require('node:path')
const autocannon = require('autocannon')
const { Slo } = require('..')

async function main () {
  const sloPath = process.argv[2] ?? path.join(__dirname, 'slo.yaml')
  const slo = Slo.fromFile(sloPath)

  // The service under test: answers every fifth request with a 503 when FLAKY=1.
  let served = 0
  const server = http.createServer((req, res) => {
    served += 1
    const failing = process.env.FLAKY === '1' && served % 5 === 0
    res.writeHead(failing ? 503 : 200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ ok: !failing }))
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()

  try {
    const result = await autocannon({
      url: `http://127.0.0.1:${port}/`,
      connections: 2,
      duration: 1
    })
    // Strict: an objective whose metric autocannon does not report is refused, not failed.
    const evaluation = slo.evaluateReport('autocannon', result)
    for (const indicator of evaluation.indicators) {
      console.log(`${indicator.status.padEnd(7)} ${indicator.metric} = ${indicator.value}`)
    }
    console.log(`gate: ${evaluation.result} (score ${evaluation.score})`)
    return evaluation.result === 'fail' ? 1 : 0
  } finally {
    server.close()
  }
}

main().then(
  (code) => { process.exitCode = code },
  (err) => {
    console.error(`slogate: ${err.message}`)
    process.exitCode = 2
  }
)
