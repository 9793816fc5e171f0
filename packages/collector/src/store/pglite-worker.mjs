// @ts-check
/**
 * The embedded store's PostgreSQL (PGlite) on a worker thread of its own (store/pglite-thread.ts
 * starts it and speaks to it). PGlite runs synchronously: on the collector's event loop, every
 * statement stopped HTTP parsing, validation and the fold's JavaScript, and they stopped it. Here
 * they overlap, on two cores.
 *
 * Plain JavaScript on purpose: the worker loads nothing but PGlite, so it needs no TypeScript
 * loader (the collector's own loader is not inherited by threads) and adds little memory.
 *
 * Messages in: `{ id, op: 'query', text, params, tx }`, `{ id, op: 'exec', script, tx }`,
 * `{ id, op: 'begin' }`, `{ id, op: 'end', tx, commit }`, `{ id, op: 'close' }`.
 * Answers: `{ id, rows }`, `{ id, tx }`, `{ id }` or `{ id, error }`; once open, `{ ready: true }`
 * (or `{ id: 0, error }` when PGlite could not open).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { PGlite } from '@electric-sql/pglite'

const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort)
const { dataDir, postgresqlconf } = /** @type {{ dataDir?: string, postgresqlconf: string[] }} */ (workerData)

const JSON_TYPE = 114
const JSONB_TYPE = 3802
const JSONB_VERSION = new Uint8Array([1])
const text = (/** @type {unknown} */ value) => (typeof value === 'string' ? value : JSON.stringify(value))
/**
 * A json or jsonb parameter given as bytes is its UTF-8 text, sent in binary format: the
 * collector encodes a batch's rows once, natively, instead of PGlite measuring and re-encoding
 * a megabyte string one character at a time. (jsonb's binary format is a version byte, then the text.)
 */
const serializers = {
  [JSON_TYPE]: (/** @type {unknown} */ value) => (value instanceof Uint8Array ? value : text(value)),
  [JSONB_TYPE]: (/** @type {unknown} */ value) => (value instanceof Uint8Array ? Buffer.concat([JSONB_VERSION, value]) : text(value)),
}
const options = /** @type {any} */ ({ serializers })

/** Keeps the fields a caller tests (`code`, `detail`, ...) of an error that crosses threads. */
function serializeError(/** @type {any} */ error) {
  /** @type {Record<string, unknown>} */
  const out = { name: error?.name ?? 'Error', message: String(error?.message ?? error) }
  if (error && typeof error === 'object') {
    for (const [key, value] of Object.entries(error)) {
      if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) out[key] = value
    }
  }
  return out
}

/** @type {PGlite} */
let db
try {
  db = dataDir ? await PGlite.create({ dataDir, postgresqlconf }) : await PGlite.create({ postgresqlconf })
} catch (error) {
  port.postMessage({ id: 0, error: serializeError(error) })
  process.exit(1)
}

/**
 * Open transactions by id: the executor PGlite's `transaction` gives (null until PGlite's lock is
 * ours), how to end it, and its outcome.
 * @type {Map<number, { tx: any, finish: (commit: boolean) => void, done: Promise<void> }>}
 */
const transactions = new Map()
let nextTransaction = 1
const ROLLED_BACK = new Error('rolled back as asked')

/** The executor for a message: the open transaction it names, or the database. */
function target(/** @type {number | undefined} */ tx) {
  if (tx === undefined) return db
  const open = transactions.get(tx)?.tx
  if (!open) throw Object.assign(new Error(`transaction ${tx} is not open`), { code: '25P01' })
  return open
}

/** Starts a transaction that stays open until an `end` message names it; answers with its id. */
function begin(/** @type {number} */ id) {
  const tx = nextTransaction++
  /** @type {(commit: boolean) => void} */
  let finish = () => {}
  const ended = new Promise((resolve, reject) => {
    finish = (commit) => (commit ? resolve(undefined) : reject(ROLLED_BACK))
  })
  let entered = false
  const done = db.transaction(async (inner) => {
    entered = true
    const entry = transactions.get(tx)
    if (entry) entry.tx = inner
    port.postMessage({ id, tx })
    await ended
  })
  transactions.set(tx, { tx: null, finish, done })
  done
    .catch((error) => {
      // A BEGIN that failed: nobody holds the id yet, so the answer to `begin` says it.
      if (!entered) port.postMessage({ id, error: serializeError(error) })
    })
    .finally(() => transactions.delete(tx))
}

/** Requests being answered: `close` lets them finish first. */
const inFlight = new Set()

port.on('message', (/** @type {any} */ message) => {
  const work = answer(message, [...inFlight])
  inFlight.add(work)
  void work.finally(() => inFlight.delete(work))
})

/**
 * Answers one request.
 * @param {any} message
 * @param {Promise<void>[]} earlier the requests still being answered when this one arrived
 */
async function answer(message, earlier) {
  const { id, op } = message
  try {
    switch (op) {
      case 'query': {
        const result = await target(message.tx).query(message.text, message.params, options)
        port.postMessage({ id, rows: result.rows })
        return
      }
      case 'exec':
        await target(message.tx).exec(message.script)
        port.postMessage({ id })
        return
      case 'begin':
        begin(id)
        return
      case 'end': {
        const open = transactions.get(message.tx)
        if (!open?.tx) throw Object.assign(new Error(`transaction ${message.tx} is not open`), { code: '25P01' })
        const commit = message.commit === true
        open.finish(commit)
        try {
          await open.done
        } catch (error) {
          if (error !== ROLLED_BACK) throw error
        }
        port.postMessage({ id })
        return
      }
      case 'close':
        // Statements already sent finish; a transaction still open is rolled back.
        for (const open of transactions.values()) open.finish(false)
        await Promise.allSettled(earlier)
        if (!db.closed) await db.close()
        port.postMessage({ id })
        port.close()
        return
      default:
        throw new Error(`unknown operation ${op}`)
    }
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) {
      // PostgreSQL itself trapped: nothing in this instance can be trusted any more. The thread
      // ends and the collector starts a new one, which recovers from the write-ahead log.
      port.postMessage({ id, error: { ...serializeError(error), code: '57P01' } })
      process.exit(1)
    }
    port.postMessage({ id, error: serializeError(error) })
  }
}

port.postMessage({ ready: true })
