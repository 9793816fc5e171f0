import { Worker } from 'node:worker_threads'
import { StoreUnavailableError } from './errors'

const WORKER_SCRIPT = new URL('./pglite-worker.mjs', import.meta.url)

/**
 * Least time between two starts of the thread (ms). A data folder that makes PGlite crash on
 * every start is then retried now and then, not on every request.
 */
export const RESTART_SPACING_MS = 5_000

/** A transaction open on the thread, and the thread's life it belongs to. */
export interface ThreadTransaction {
  id: number
  generation: number
}

/** What the main thread asks of PGlite's thread (store/pglite-worker.mjs). */
export type ThreadRequest =
  | { op: 'query'; text: string; params?: unknown[]; tx?: ThreadTransaction }
  | { op: 'exec'; script: string; tx?: ThreadTransaction }
  | { op: 'begin' }
  | { op: 'end'; tx: ThreadTransaction; commit: boolean }
  | { op: 'close' }

export interface ThreadReply {
  id: number
  rows?: unknown[]
  tx?: number
  error?: Record<string, unknown>
  ready?: boolean
  /** The life of the thread that answered (set by `call`). */
  generation?: number
}

/** PGlite on a worker thread, as requests and answers. */
export interface PgliteThread {
  /**
   * Sends one request and waits for its answer. Rejects with the statement's error (its
   * `code`, `detail` and other fields kept), or with `StoreUnavailableError` when the thread is
   * gone: it crashed, was closed, or the transaction named began in a thread that crashed since.
   */
  call(request: ThreadRequest): Promise<ThreadReply>
  /** Which life of the thread answers now; it grows by one at each restart after a crash. */
  readonly generation: number
  /** Closes PGlite (a clean shutdown of its data folder) and ends the thread. */
  close(): Promise<void>
}

export interface PgliteThreadOptions {
  /** The data folder (its cluster must exist), or undefined for an in-memory database. */
  dataDir?: string
  postgresqlconf: string[]
  /** Least time between two starts after crashes (ms). Default {@link RESTART_SPACING_MS}. */
  restartSpacingMs?: number
  /** The worker that speaks the protocol. Default store/pglite-worker.mjs; tests give one that fails on demand. */
  script?: URL
}

/**
 * Starts PGlite on a thread of its own and resolves once it is open.
 *
 * A thread that crashes (an uncaught error, a WebAssembly trap) makes the store unavailable, not
 * the process dead: requests in flight and the transactions open in it fail with
 * `StoreUnavailableError` (ingest answers 503), and the next request starts a new thread on the
 * same folder, which recovers from PostgreSQL's write-ahead log like any restart. An in-memory
 * database is not restarted: its data went with the thread.
 *
 * @example
 * const thread = await startPgliteThread({ dataDir: './.goyo-data', postgresqlconf: [] })
 * const { rows } = await thread.call({ op: 'query', text: 'SELECT 1 AS one' })
 */
export async function startPgliteThread(options: PgliteThreadOptions): Promise<PgliteThread> {
  let worker: Worker | null = null
  let generation = 0
  let nextId = 1
  let lastStart = 0
  let closed = false
  let starting: Promise<void> | null = null
  let lostBecause: Error = new StoreUnavailableError('the embedded store has not started')
  const pending = new Map<number, { resolve(reply: ThreadReply): void; reject(error: unknown): void }>()

  // The thread holds the process open only while it owes an answer: a program that forgets to
  // close the store can still exit, and one awaiting an answer cannot exit too early.
  const keepAlive = () => {
    if (pending.size > 0) worker?.ref()
    else worker?.unref()
  }

  const spawn = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      lastStart = Date.now()
      generation++
      // The collector's own flags (a TypeScript loader) are not the thread's; a CPU profile is.
      const execArgv = process.execArgv.filter((flag) => flag.startsWith('--cpu-prof'))
      const workerData = { dataDir: options.dataDir, postgresqlconf: options.postgresqlconf }
      const thread = new Worker(options.script ?? WORKER_SCRIPT, { workerData, execArgv })
      let ready = false
      const lost = (why: Error) => {
        if (worker !== thread && ready) return
        if (worker === thread) worker = null
        lostBecause = new StoreUnavailableError(`the embedded store stopped: ${why.message}`, { cause: why })
        const waiting = [...pending.values()]
        pending.clear()
        for (const waiter of waiting) waiter.reject(lostBecause)
        if (!ready) reject(why)
      }
      thread.on('message', (reply: ThreadReply) => {
        if (reply.ready) {
          ready = true
          worker = thread
          keepAlive()
          resolve()
          return
        }
        if (reply.id === 0 && reply.error) {
          reject(toError(reply.error))
          return
        }
        const waiter = pending.get(reply.id)
        if (!waiter) return
        pending.delete(reply.id)
        keepAlive()
        if (reply.error) waiter.reject(toError(reply.error))
        else waiter.resolve(reply)
      })
      thread.on('error', (error) => lost(error))
      thread.on('exit', (code) => lost(new Error(`its thread exited (code ${code})`)))
    })

  /** A new thread after a crash, when the data survives it and the last start is long enough ago. */
  const restart = (): Promise<void> => {
    if (starting) return starting
    if (!options.dataDir || Date.now() - lastStart < (options.restartSpacingMs ?? RESTART_SPACING_MS)) return Promise.reject(lostBecause)
    starting = spawn()
      .catch((error: unknown) => {
        throw new StoreUnavailableError(`the embedded store could not restart: ${(error as Error).message}`, { cause: error })
      })
      .finally(() => {
        starting = null
      })
    return starting
  }

  await spawn()

  const call = async (request: ThreadRequest): Promise<ThreadReply> => {
    if (closed) throw new StoreUnavailableError('the embedded store is closed')
    if ('tx' in request && request.tx && request.tx.generation !== generation) {
      throw new StoreUnavailableError('the embedded store restarted during this transaction')
    }
    if (!worker) await restart()
    const thread = worker!
    const answeredBy = generation
    const id = nextId++
    const message = 'tx' in request && request.tx ? { ...request, id, tx: request.tx.id } : { ...request, id }
    return new Promise<ThreadReply>((resolve, reject) => {
      pending.set(id, { resolve: (reply) => resolve({ ...reply, generation: answeredBy }), reject })
      keepAlive()
      try {
        thread.postMessage(message)
      } catch (error) {
        // A parameter that cannot cross threads (a function, a symbol): this request's fault only.
        pending.delete(id)
        keepAlive()
        reject(error)
      }
    })
  }

  return {
    call,
    get generation() {
      return generation
    },
    async close() {
      if (closed) return
      const thread = worker
      if (thread) {
        await call({ op: 'close' }).catch(() => {})
        worker = null
      }
      closed = true
      lostBecause = new StoreUnavailableError('the embedded store is closed')
      await thread?.terminate()
    },
  }
}

/** The worker's description of an error, as an Error with the same fields. */
function toError(fields: Record<string, unknown>): Error {
  const error = new Error(String(fields.message ?? 'the embedded store failed'))
  Object.assign(error, fields)
  return error
}
