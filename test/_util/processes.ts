/**
 * Process-level test support: collectors as child processes (the real `goyo-collector` bin),
 * throwaway PostgreSQL clusters of a test's own, a deterministic PRNG and an HTTP client that
 * never throws. Everything started here is stopped by its own handle, and also on process exit,
 * so a failed test leaves no server behind.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { chownSync, existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'vitest'

export const COLLECTOR_BIN = new URL('../../packages/collector/bin/goyo-collector.js', import.meta.url).pathname

/** Fixed keys for child collectors (passed through GOYO_WRITE_KEY / GOYO_SECRET_KEY). */
export const PROCESS_KEYS = { writeKey: 'wk_reliability_test_key', secretKey: 'sk_reliability_test_secret' }

export const basicAuth = (writeKey = PROCESS_KEYS.writeKey) => `Basic ${btoa(`${writeKey}:`)}`
export const bearer = (secretKey = PROCESS_KEYS.secretKey) => `Bearer ${secretKey}`

/** Child processes still running; killed on exit if a test forgot (or failed before) stopping them. */
const living = new Set<ChildProcess>()
const clusters = new Set<string>()
process.once('exit', () => {
  for (const child of living) child.kill('SIGKILL')
  for (const dir of clusters) pgCtl(dir, ['stop', '-m', 'immediate'], true)
})

/** Mulberry32: the same seed gives the same sequence, so failures reproduce. */
export function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** A free TCP port on loopback (bound and released; good enough for tests on one machine). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/** Resident memory of a process in MB, from /proc (Linux); null when it is gone. */
export function rssMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1])
    return Number.isFinite(kb) ? kb / 1024 : null
  } catch {
    return null
  }
}

/** A `goyo-collector start` child process. */
export interface CollectorProcess {
  child: ChildProcess
  url: string
  pid: number
  stderr(): string
  stdout(): string
  /** Resolves with the exit code and signal once the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** SIGKILL: no chance to finish anything. */
  kill(): Promise<void>
}

/**
 * Starts `goyo-collector start --host 127.0.0.1 ...args` with the fixed test keys and waits for
 * its "listening on" line (at most `startTimeoutMs`).
 */
export async function startCollectorProcess(
  args: string[],
  options: { env?: Record<string, string>; port?: number; startTimeoutMs?: number; keepStdout?: boolean } = {},
): Promise<CollectorProcess> {
  const child = spawn(process.execPath, [COLLECTOR_BIN, 'start', '--port', String(options.port ?? 0), '--host', '127.0.0.1', ...args], {
    env: {
      ...process.env,
      PORT: '',
      DATABASE_URL: '',
      GOYO_WRITE_KEY: PROCESS_KEYS.writeKey,
      GOYO_SECRET_KEY: PROCESS_KEYS.secretKey,
      GOYO_RATE_LIMIT: '0',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  living.add(child)
  let stderr = ''
  let stdout = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  // The request log is one line per request; keep it only when asked (it grows with the load).
  child.stdout!.on('data', (chunk: Buffer) => {
    if (options.keepStdout) stdout += chunk.toString()
  })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      living.delete(child)
      resolve({ code, signal })
    }),
  )
  const timeoutMs = options.startTimeoutMs ?? 60_000
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`collector printed no "listening on" line within ${timeoutMs} ms:\n${stderr}`))
    }, timeoutMs)
    const check = () => {
      const match = /listening on (http:\/\/\S+)/.exec(stderr)
      if (match) {
        clearTimeout(timer)
        child.stderr!.off('data', check)
        resolve(match[1]!)
      }
    }
    child.stderr!.on('data', check)
    void exited.then(({ code, signal }) => {
      clearTimeout(timer)
      reject(new Error(`collector exited (${code ?? signal}) before listening:\n${stderr}`))
    })
  })
  const stop = async (graceMs = 20_000) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      const result = await exited
      clearTimeout(timer)
      return result
    }
    return exited
  }
  return {
    child,
    url,
    pid: child.pid!,
    stderr: () => stderr,
    stdout: () => stdout,
    exited,
    stop,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await exited
    },
  }
}

// -------------------------------------------------------------------------------------------------
// HTTP client for load generators: returns a status or an error, never throws, always bounded.

export interface Answer {
  /** 0 when there was no HTTP answer (connection refused, reset, timeout). */
  status: number
  headers: Headers
  body: string
  error?: string
  timedOut?: boolean
  ms: number
}

export async function request(url: string, init: RequestInit & { timeoutMs?: number } = {}): Promise<Answer> {
  const started = performance.now()
  const timeoutMs = init.timeoutMs ?? 20_000
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) })
    const body = await response.text()
    return { status: response.status, headers: response.headers, body, ms: performance.now() - started }
  } catch (error) {
    const err = error as Error & { cause?: { code?: string } }
    const timedOut = err.name === 'TimeoutError' || err.name === 'AbortError'
    return { status: 0, headers: new Headers(), body: '', error: `${err.name}: ${err.cause?.code ?? err.message}`, timedOut, ms: performance.now() - started }
  }
}

/** POSTs a Segment batch with Basic auth. */
export function postBatch(baseUrl: string, batch: unknown[], options: { timeoutMs?: number; writeKey?: string } = {}): Promise<Answer> {
  return request(`${baseUrl}/v1/batch`, {
    method: 'POST',
    headers: { authorization: basicAuth(options.writeKey), 'content-type': 'application/json' },
    body: JSON.stringify({ batch, sentAt: new Date().toISOString() }),
    timeoutMs: options.timeoutMs,
  })
}

/** GETs a secret-key endpoint and parses its JSON (throws on a non-2xx, for assertions). */
export async function getJson<T = unknown>(baseUrl: string, path: string, secretKey = PROCESS_KEYS.secretKey): Promise<T> {
  const answer = await request(`${baseUrl}${path}`, { headers: { authorization: bearer(secretKey) }, timeoutMs: 20_000 })
  if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status} ${answer.error ?? answer.body}`)
  return JSON.parse(answer.body) as T
}

/** A track event with a unique messageId for load tests. */
export function loadEvent(messageId: string, client: number, i: number) {
  return {
    type: 'track',
    event: `Load ${client % 3}`,
    userId: `user-${client}-${i % 7}`,
    messageId,
    timestamp: new Date().toISOString(),
    properties: { client, i },
    context: { groupId: `acct-${client % 4}` },
  }
}

/** Summary of load clients: which batches were acknowledged, and every answer seen. */
export interface LoadResult {
  /** messageIds of events whose batch got a 2xx at some point. */
  acked: Set<string>
  /** messageIds of every event generated (all must end up stored). */
  all: string[]
  statuses: Map<string, number>
  /** Answers that never came (client timeout). */
  timeouts: number
  attempts: number
}

const countStatus = (statuses: Map<string, number>, answer: Answer) => {
  const key = answer.status === 0 ? (answer.timedOut ? 'timeout' : 'network') : String(answer.status)
  statuses.set(key, (statuses.get(key) ?? 0) + 1)
}

/**
 * Runs `clients` concurrent clients, each sending `batches` batches of `batchSize` unique events
 * to `target()` (read on every attempt: the collector may move), retrying every failure with the
 * same messageIds after `retryDelayMs`, until acknowledged or `deadline` passes.
 * `onAnswer` sees every answer (to record what happened during an outage).
 */
export function startLoad(options: LoadOptions): { result: LoadResult; done: Promise<LoadResult> } {
  const result: LoadResult = { acked: new Set(), all: [], statuses: new Map(), timeouts: 0, attempts: 0 }
  return { result, done: load(options, result) }
}

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  return startLoad(options).done
}

export interface LoadOptions {
  target: () => string
  clients: number
  batches: number
  batchSize: number
  prefix: string
  deadline: number
  retryDelayMs?: number
  timeoutMs?: number
  pauseMs?: number
  onAnswer?: (answer: Answer, at: number) => void
}

async function load(options: LoadOptions, result: LoadResult): Promise<LoadResult> {
  await Promise.all(
    Array.from({ length: options.clients }, async (_, client) => {
      for (let b = 0; b < options.batches; b++) {
        const batch = Array.from({ length: options.batchSize }, (_, i) => loadEvent(`${options.prefix}-c${client}-b${b}-e${i}`, client, b * options.batchSize + i))
        result.all.push(...batch.map((event) => event.messageId))
        for (;;) {
          if (Date.now() > options.deadline) throw new Error(`load client ${client} did not finish before its deadline (batch ${b})`)
          result.attempts++
          const answer = await postBatch(options.target(), batch, { timeoutMs: options.timeoutMs })
          countStatus(result.statuses, answer)
          if (answer.timedOut) result.timeouts++
          options.onAnswer?.(answer, Date.now())
          if (answer.status >= 200 && answer.status < 300) {
            for (const event of batch) result.acked.add(event.messageId)
            break
          }
          if (answer.status >= 400 && answer.status < 500 && answer.status !== 408 && answer.status !== 429) {
            throw new Error(`load client ${client}: ${answer.status} ${answer.body}`)
          }
          await sleep(options.retryDelayMs ?? 100)
        }
        if (options.pauseMs) await sleep(options.pauseMs)
      }
    }),
  )
  return result
}

// -------------------------------------------------------------------------------------------------
// Throwaway PostgreSQL clusters.

export const PG_BIN = process.env.GOYO_PG_BIN ?? '/usr/lib/postgresql/15/bin'
export const postgresBinariesAvailable = existsSync(join(PG_BIN, 'initdb')) && existsSync(join(PG_BIN, 'pg_ctl'))
export const postgresRequired = !!process.env.CI || process.env.GOYO_REQUIRE_POSTGRES === '1'

/**
 * `describe` for suites that need PostgreSQL binaries: skipped locally without them, a failure
 * under CI (`CI` or `GOYO_REQUIRE_POSTGRES=1`).
 */
export function describeCluster(name: string, fn: () => void): void {
  if (postgresBinariesAvailable) describe(name, fn)
  else if (postgresRequired) {
    describe(name, () => {
      it('needs PostgreSQL binaries', () => {
        throw new Error(`PostgreSQL binaries not found in ${PG_BIN} (initdb, pg_ctl); install postgresql-15 or set GOYO_PG_BIN`)
      })
    })
  } else describe.skip(`${name} (no PostgreSQL binaries in ${PG_BIN})`, fn)
}

const asPostgres = process.getuid?.() === 0
function pgCtl(dir: string, args: string[], quiet = false) {
  const command = [join(PG_BIN, 'pg_ctl'), '-D', dir, ...args]
  const result = asPostgres
    ? spawnSync('runuser', ['-u', 'postgres', '--', ...command], { encoding: 'utf8', timeout: 60_000 })
    : spawnSync(command[0]!, command.slice(1), { encoding: 'utf8', timeout: 60_000 })
  if (result.status !== 0 && !quiet) throw new Error(`pg_ctl ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`)
  return result
}

/** A PostgreSQL cluster in a temporary folder, on a port of its own, run as the postgres user. */
export interface Cluster {
  port: number
  dir: string
  /** `postgres://postgres@127.0.0.1:<port>/<database>`. */
  url(database?: string): string
  start(): void
  /** `pg_ctl stop -m <mode>` (immediate: like a crash; fast: clean). */
  stop(mode?: 'fast' | 'immediate'): void
  /** Stops it (immediately) and removes its folder. */
  destroy(): Promise<void>
}

export async function startCluster(): Promise<Cluster> {
  const dir = await mkdtemp(join(tmpdir(), 'goyo-pg-'))
  if (asPostgres) {
    const ids = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' })
    const gids = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' })
    chownSync(dir, Number(ids.stdout.trim()), Number(gids.stdout.trim()))
  }
  const initdb = [join(PG_BIN, 'initdb'), '-D', dir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale', 'C']
  const init = asPostgres
    ? spawnSync('runuser', ['-u', 'postgres', '--', ...initdb], { encoding: 'utf8', timeout: 120_000 })
    : spawnSync(initdb[0]!, initdb.slice(1), { encoding: 'utf8', timeout: 120_000 })
  if (init.status !== 0) {
    await rm(dir, { recursive: true, force: true })
    throw new Error(`initdb failed (${init.status}):\n${init.stdout}\n${init.stderr}`)
  }
  const port = await freePort()
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=60 -c shared_buffers=32MB`
  const cluster: Cluster = {
    port,
    dir,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    start() {
      pgCtl(dir, ['-o', options, '-l', join(dir, 'log'), '-w', '-t', '60', 'start'])
      clusters.add(dir)
    },
    stop(mode = 'fast') {
      pgCtl(dir, ['stop', '-m', mode, '-w', '-t', '60'])
      clusters.delete(dir)
    },
    async destroy() {
      pgCtl(dir, ['stop', '-m', 'immediate'], true)
      clusters.delete(dir)
      await rm(dir, { recursive: true, force: true })
    },
  }
  try {
    cluster.start()
  } catch (error) {
    await cluster.destroy()
    throw error
  }
  return cluster
}
