// A stand-in for store/pglite-worker.mjs that speaks the same protocol without PGlite, for
// pglite-thread.test.ts: it answers every query with one row, and fails on demand.
//   'crash'  → the thread throws an uncaught error (like a bug in the worker)
//   'exit'   → the thread exits (like PostgreSQL trapping)
//   'fail'   → an ordinary statement error, code 42601
//   'hang'   → never answers (until the thread dies)
import { parentPort, workerData } from 'node:worker_threads'

let transactions = 0
parentPort.on('message', (message) => {
  const { id, op } = message
  if (op === 'query' && message.text === 'crash') setImmediate(() => { throw new Error('worker bug') })
  else if (op === 'query' && message.text === 'exit') process.exit(3)
  else if (op === 'query' && message.text === 'hang') return
  else if (op === 'query' && message.text === 'fail') parentPort.postMessage({ id, error: { name: 'error', message: 'syntax error', code: '42601' } })
  else if (op === 'query') parentPort.postMessage({ id, rows: [{ dataDir: workerData.dataDir ?? null, params: message.params ?? [], tx: message.tx ?? null }] })
  else if (op === 'begin') parentPort.postMessage({ id, tx: ++transactions })
  else if (op === 'close') {
    parentPort.postMessage({ id })
    parentPort.close()
  } else parentPort.postMessage({ id })
})
parentPort.postMessage({ ready: true })
