/**
 * `npm run bench:ingest`: how fast the collector stores events over HTTP, next to how fast
 * PostgreSQL takes the same rows as plain multi-row INSERTs (the goals are in issue 18).
 *
 * 1. Prepares realistic Segment batches (100 events each, about 650 bytes per event).
 * 2. For PostgreSQL (a fresh database on BENCH_DATABASE_URL's server) and for PGlite (a temporary
 *    folder), starts the collector in a child process (`ingest-server.ts`), loads it from this
 *    process with keep-alive clients, and checks that it stored exactly what it acknowledged.
 *    The rollups are folded in the background during the load; after it, one report waits for
 *    the rest (its time is printed as the fold's lag).
 * 3. Inserts the same number of rows straight into another fresh PostgreSQL database.
 * 4. Prints a markdown table and writes it to `test/bench/results/ingest.md`.
 *
 * Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_CLIENTS (16), BENCH_EVENTS (200000 measured per store), BENCH_SECONDS (15),
 * BENCH_WARMUP_SECONDS (2), BENCH_STORES (postgres,pglite), BENCH_CPU_PROF (a folder: the
 * collector writes a V8 CPU profile there), BENCH_NODE_FLAGS (extra flags for the collector's node, for
 * experiments), BENCH_HEAP_SNAPSHOT_MB (see ingest-server.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import http from 'node:http'
import os from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { openStore } from '../../packages/collector/src/store/open'

const env = process.env
const ADMIN_URL = env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const CLIENTS = Number(env.BENCH_CLIENTS ?? 16)
const MEASURE_EVENTS = Number(env.BENCH_EVENTS ?? 200_000)
const MEASURE_MS = Number(env.BENCH_SECONDS ?? 15) * 1000
const WARMUP_MS = Number(env.BENCH_WARMUP_SECONDS ?? 2) * 1000
const STORES = (env.BENCH_STORES ?? 'postgres,pglite').split(',')
const CPU_PROF = env.BENCH_CPU_PROF
const NODE_FLAGS = (env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean)
const BATCH_SIZE = 100
/** Batches prepared: the measured events plus room for a fast warm-up. */
const BATCHES = Math.ceil((MEASURE_EVENTS + 150_000) / BATCH_SIZE)
const RAW_CONNECTIONS = 4
/** The whole run must end by itself; this is its hard limit. */
const DEADLINE_MS = 170_000

const GOALS = { postgresRatio: 0.5, pgliteEventsPerSecond: 10_000, pgliteAim: 20_000, peakRssMb: 200 }

const here = fileURLToPath(new URL('.', import.meta.url))
const SERVER_SCRIPT = join(here, 'ingest-server.ts')
const RESULTS_FILE = join(here, 'results', 'ingest.md')

// ---------------------------------------------------------------------------------------------
// Cleanup: every resource registers its teardown, which runs on success, failure, signal or
// deadline, newest first.

const cleanups: Array<() => Promise<void>> = []
let cleaning: Promise<void> | undefined
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      try {
        await cleanups.pop()!()
      } catch (error) {
        console.error('cleanup:', (error as Error).message)
      }
    }
  })()
  return cleaning
}
const abort = (why: string, code: number) => {
  console.error(`\n${why}; cleaning up`)
  void cleanup().finally(() => process.exit(code))
}
process.once('SIGINT', () => abort('interrupted', 130))
process.once('SIGTERM', () => abort('terminated', 143))
const deadline = setTimeout(() => abort(`the benchmark ran longer than ${DEADLINE_MS / 1000} s`, 1), DEADLINE_MS)

// ---------------------------------------------------------------------------------------------
// Events: 2,000 users in 200 accounts, browsing and using features, as analytics.js sends them.

/** A small seeded PRNG (mulberry32), so that every run sends the same mix. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const FEATURES = ['export_csv', 'share_dashboard', 'create_report', 'invite_teammate', 'filter_by_segment',
  'schedule_email', 'connect_slack', 'edit_funnel', 'compare_cohorts', 'annotate_chart', 'duplicate_board', 'api_token']
const PAGES = [['Dashboard', '/app'], ['Reports', '/app/reports'], ['Funnels', '/app/funnels'], ['Settings', '/app/settings'],
  ['Team', '/app/settings/team'], ['Billing', '/app/settings/billing'], ['Cohorts', '/app/cohorts'], ['Integrations', '/app/integrations']] as const
const PLANS = ['free', 'starter', 'growth', 'enterprise']
const AGENTS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
]
const USERS = 2000
const ACCOUNTS = 200

function generateBatches(count: number): Buffer[] {
  const next = random(42)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!
  const users = Array.from({ length: USERS }, (_, i) => ({
    userId: `usr_${String(i).padStart(5, '0')}`,
    anonymousId: randomUUID(),
    account: `acct_${String(i % ACCOUNTS).padStart(4, '0')}`,
    agent: pick(AGENTS),
  }))
  const now = Date.now()
  const batches: Buffer[] = []
  for (let b = 0; b < count; b++) {
    const sentAt = new Date(now - (count - b) * 10).toISOString()
    const batch = []
    for (let i = 0; i < BATCH_SIZE; i++) {
      const user = pick(users)
      const [title, path] = pick(PAGES)
      const page = { path, referrer: '', search: '', title: `${title} · Goyo`, url: `https://app.example.com${path}` }
      const common = {
        userId: user.userId,
        anonymousId: user.anonymousId,
        messageId: `ajs-next-${randomUUID()}`,
        timestamp: new Date(Date.parse(sentAt) - Math.floor(next() * 5000)).toISOString(),
        context: {
          groupId: user.account,
          page,
          library: { name: 'analytics.js', version: 'npm:next-1.84.3' },
          userAgent: user.agent,
        },
        sentAt,
      }
      const roll = next()
      if (roll < 0.7) {
        const feature = pick(FEATURES)
        batch.push({ type: 'track', event: 'Feature Used', ...common,
          properties: { feature, plan: pick(PLANS), source: next() < 0.5 ? 'toolbar' : 'shortcut', durationMs: Math.floor(next() * 900) } })
      } else if (roll < 0.93) {
        batch.push({ type: 'page', name: title, ...common, properties: page })
      } else if (roll < 0.98) {
        batch.push({ type: 'identify', ...common,
          traits: { email: `${user.userId}@example.com`, name: `User ${user.userId.slice(4)}`, plan: pick(PLANS), role: next() < 0.2 ? 'admin' : 'member' } })
      } else {
        batch.push({ type: 'group', groupId: user.account, ...common,
          traits: { name: `Account ${user.account.slice(5)}`, plan: pick(PLANS), employees: 10 + Math.floor(next() * 990) } })
      }
    }
    batches.push(Buffer.from(JSON.stringify({ batch, sentAt })))
  }
  return batches
}

// ---------------------------------------------------------------------------------------------
// The collector in a child process.

interface Server {
  url: string
  writeKey: string
  secretKey: string
  /** The collector's peak RSS so far (KB) and CPU time used so far (ms). */
  stats(): Promise<{ maxRssKb: number; cpuMs: number }>
  /** Stops the collector; resolves with its peak RSS in KB. */
  stop(): Promise<number>
}

async function startServer(args: [string, string], label: string): Promise<Server> {
  const node = ['--import', 'tsx', ...NODE_FLAGS]
  if (CPU_PROF) node.push('--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`)
  const child: ChildProcess = spawn(process.execPath, [...node, SERVER_SCRIPT, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const messages: Record<string, unknown>[] = []
  let wake: (() => void) | undefined
  let exited = false
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      messages.push(JSON.parse(line) as Record<string, unknown>)
    } catch {
      console.error(`[collector] ${line}`)
    }
    wake?.()
  })
  child.once('exit', () => {
    exited = true
    wake?.()
  })
  const waitFor = async (key: string, ms: number) => {
    const until = Date.now() + ms
    for (;;) {
      const found = messages.findIndex((message) => message[key] === true)
      if (found !== -1) return messages.splice(found, 1)[0]!
      if (exited) throw new Error(`the collector (${label}) exited before it said ${key}`)
      const left = until - Date.now()
      if (left <= 0) throw new Error(`the collector (${label}) did not say ${key} within ${ms} ms`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        wake = () => {
          clearTimeout(timer)
          resolve()
        }
      })
    }
  }
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const kill = async (graceMs = 0) => {
    if (exited) return
    // After `stopped` the child exits by itself (writing its CPU profile, if asked); give it time.
    if (graceMs > 0) await Promise.race([exit, new Promise((resolve) => setTimeout(resolve, graceMs).unref())])
    if (!exited) child.kill('SIGKILL')
    await exit
  }
  cleanups.push(() => kill())
  const ready = await waitFor('ready', 30_000).catch(async (error: unknown) => {
    await kill()
    throw error
  })
  let stopped: Promise<number> | undefined
  return {
    url: String(ready.url),
    writeKey: String(ready.writeKey),
    secretKey: String(ready.secretKey),
    async stats() {
      child.stdin!.write('stats\n')
      const stats = await waitFor('stats', 10_000)
      return { maxRssKb: Number(stats.maxRssKb), cpuMs: Number(stats.cpuMs) }
    },
    stop() {
      stopped ??= (async () => {
        child.stdin!.write('stop\n')
        try {
          const stopped = await waitFor('stopped', 20_000)
          console.log(`  ${label}: memory peaks (MB) ${JSON.stringify(stopped.peaksMb)}`)
          return Number(stopped.maxRssKb)
        } finally {
          await kill(10_000)
        }
      })()
      return stopped
    },
  }
}

// ---------------------------------------------------------------------------------------------
// Load: CLIENTS keep-alive connections, each posting the next prepared batch as soon as its
// previous one is answered.

interface LoadResult {
  /** Events acknowledged (200) in the measured window, and the window's length. */
  measuredEvents: number
  measuredMs: number
  /** Every event acknowledged, warm-up and tail included: what the store must hold. */
  acknowledged: number
  failures: Map<string, number>
  latenciesMs: number[]
}

function post(agent: http.Agent, url: URL, authorization: string, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: 'POST',
      agent,
      headers: { authorization, 'content-type': 'application/json', 'content-length': body.length },
    }, (response) => {
      response.resume()
      response.once('end', () => resolve(response.statusCode ?? 0))
      response.once('error', reject)
    })
    request.setTimeout(30_000, () => request.destroy(new Error('request timeout')))
    request.once('error', reject)
    request.end(body)
  })
}

async function load(server: Server, batches: Buffer[]): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS })
  const url = new URL('/v1/batch', server.url)
  const authorization = `Basic ${Buffer.from(`${server.writeKey}:`).toString('base64')}`
  const failures = new Map<string, number>()
  const latenciesMs: number[] = []
  const started = performance.now()
  const measureFrom = started + WARMUP_MS
  let measureUntil = Infinity
  let next = 0
  let acknowledged = 0
  let measuredEvents = 0

  const worker = async () => {
    while (measureUntil === Infinity && next < batches.length) {
      const body = batches[next++]!
      const sent = performance.now()
      let outcome: string
      try {
        outcome = String(await post(agent, url, authorization, body))
      } catch (error) {
        outcome = (error as Error).message
      }
      const done = performance.now()
      if (outcome !== '200') {
        failures.set(outcome, (failures.get(outcome) ?? 0) + 1)
        continue
      }
      acknowledged += BATCH_SIZE
      if (done >= measureFrom && done < measureUntil) {
        measuredEvents += BATCH_SIZE
        latenciesMs.push(done - sent)
        if (measuredEvents >= MEASURE_EVENTS || done - measureFrom >= MEASURE_MS) measureUntil = done
      }
    }
  }
  await Promise.all(Array.from({ length: CLIENTS }, worker))
  agent.destroy()
  if (measureUntil === Infinity) measureUntil = performance.now()
  if (next >= batches.length && measuredEvents < MEASURE_EVENTS) {
    console.warn('  (ran out of prepared batches before the measured window was full)')
  }
  return { measuredEvents, measuredMs: Math.max(measureUntil - measureFrom, 1), acknowledged, failures, latenciesMs }
}

/**
 * What the store holds, from the overview report. A report first folds every acknowledged event
 * into the rollups, so its time is how far the background fold lagged behind the load.
 */
async function storedEvents(server: Server): Promise<{ events: number; foldLagMs: number }> {
  const started = performance.now()
  const response = await fetch(new URL('/v1/reports/overview', server.url), {
    headers: { authorization: `Bearer ${server.secretKey}` },
  })
  if (!response.ok) throw new Error(`GET /v1/reports/overview answered ${response.status}`)
  const { events } = (await response.json()) as { events: number }
  return { events, foldLagMs: performance.now() - started }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: fresh databases, and the raw INSERT reference.

const LOOPBACK = new Set(['127.0.0.1', '::1', '[::1]', 'localhost', ''])

async function createDatabase(): Promise<string> {
  const admin = new URL(ADMIN_URL)
  if (!LOOPBACK.has(admin.hostname)) throw new Error(`BENCH_DATABASE_URL must point at a loopback address, not ${admin.hostname}`)
  const name = `goyo_bench_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 })
  await client.connect()
  try {
    await client.query(`CREATE DATABASE ${name}`)
  } finally {
    await client.end()
  }
  cleanups.push(async () => {
    const dropper = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 })
    await dropper.connect()
    try {
      // FORCE ends sessions a crashed collector may have left behind (PostgreSQL 13+).
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    } finally {
      await dropper.end()
    }
  })
  const url = new URL(ADMIN_URL)
  url.pathname = `/${name}`
  return url.toString()
}

const EVENT_COLUMNS = ['message_id', 'type', 'event', 'name', 'user_id', 'anonymous_id', 'account_id',
  '"timestamp"', 'original_timestamp', 'sent_at', 'received_at', 'payload']

/** The columns the collector would write for one event, as statement parameters. */
function rawRow(event: Record<string, any>, receivedAt: string): unknown[] {
  return [
    event.messageId, event.type, event.type === 'track' ? event.event : null, event.type === 'page' ? event.name : null,
    event.userId ?? null, event.anonymousId ?? null, event.type === 'group' ? event.groupId : (event.context?.groupId ?? null),
    event.timestamp, event.timestamp, event.sentAt ?? null, receivedAt, JSON.stringify(event),
  ]
}

/** Plain multi-row INSERTs of the same rows, 100 per statement, on a few connections. */
async function rawInsert(batches: Buffer[]): Promise<{ events: number; ms: number; stored: number }> {
  const url = await createDatabase()
  // The same schema as the collector's: its own migrations create it.
  const store = await openStore({ databaseUrl: url })
  await store.close()

  // Parameters are built before the clock starts, so only PostgreSQL and the wire are timed.
  const receivedAt = new Date().toISOString()
  const statements = batches.map((body) =>
    (JSON.parse(body.toString()) as { batch: Record<string, any>[] }).batch.flatMap((event) => rawRow(event, receivedAt)))
  const values = Array.from({ length: BATCH_SIZE }, (_, row) =>
    `(${EVENT_COLUMNS.map((_, column) => `$${row * EVENT_COLUMNS.length + column + 1}`).join(', ')})`).join(', ')
  const text = `INSERT INTO events (${EVENT_COLUMNS.join(', ')}) VALUES ${values}`

  const clients = Array.from({ length: RAW_CONNECTIONS }, () => new pg.Client({ connectionString: url }))
  cleanups.push(async () => void (await Promise.allSettled(clients.map((client) => client.end()))))
  await Promise.all(clients.map((client) => client.connect()))
  let next = 0
  const started = performance.now()
  await Promise.all(clients.map(async (client) => {
    while (next < statements.length) await client.query(text, statements[next++])
  }))
  const ms = performance.now() - started
  const { rows } = await clients[0]!.query<{ n: string }>('SELECT count(*) AS n FROM events')
  await Promise.all(clients.map((client) => client.end()))
  cleanups.pop()
  return { events: statements.length * BATCH_SIZE, ms, stored: Number(rows[0]!.n) }
}

async function postgresVersion(): Promise<string> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 })
  await client.connect()
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version')
    return rows[0]!.server_version.split(' ')[0]!
  } finally {
    await client.end()
  }
}

// ---------------------------------------------------------------------------------------------
// One store: start, load, verify, stop.

interface StoreResult {
  store: string
  eventsPerSecond: number
  measuredEvents: number
  peakRssMb: number
  p50Ms: number
  p99Ms: number
  acknowledged: number
  stored: number
  failures: string
  /** PGlite only: the peak of the very first start, which creates the data folder. */
  firstStartRssMb?: number
  /** How long the first report after the load took: the rollups it still had to fold. */
  foldLagMs: number
}

async function benchStore(label: 'postgres' | 'pglite', batches: Buffer[]): Promise<StoreResult> {
  let args: [string, string]
  let firstStartRssMb: number | undefined
  if (label === 'postgres') {
    args = ['postgres', await createDatabase()]
  } else {
    const dir = await mkdtemp(join(os.tmpdir(), 'goyo-bench-pglite-'))
    cleanups.push(() => rm(dir, { recursive: true, force: true }))
    args = ['pglite', dir]
    // The first start runs initdb in a second WASM instance whose memory stays mapped; it is a
    // one-off, so it is started and stopped once here and the measured collector is a restart.
    firstStartRssMb = (await (await startServer(args, 'pglite-initdb')).stop()) / 1024
  }
  const server = await startServer(args, label)
  console.log(`  ${label}: collector at ${server.url}; ${CLIENTS} clients, ${WARMUP_MS / 1000} s warm-up`)
  const before = await server.stats()
  const loadStarted = performance.now()
  const result = await load(server, batches)
  const after = await server.stats()
  const cpuPercent = (100 * (after.cpuMs - before.cpuMs)) / (performance.now() - loadStarted)
  // Less sensitive to a busy machine than events/s: what each event cost the collector, all threads.
  const cpuUsPerEvent = (1000 * (after.cpuMs - before.cpuMs)) / Math.max(1, result.acknowledged)
  const { events: stored, foldLagMs } = await storedEvents(server)
  const peakRssKb = await server.stop()
  const sorted = result.latenciesMs.sort((a, b) => a - b)
  const quantile = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN
  const outcome: StoreResult = {
    store: label,
    eventsPerSecond: result.measuredEvents / (result.measuredMs / 1000),
    measuredEvents: result.measuredEvents,
    peakRssMb: peakRssKb / 1024,
    p50Ms: quantile(0.5),
    p99Ms: quantile(0.99),
    acknowledged: result.acknowledged,
    stored,
    failures: [...result.failures].map(([why, n]) => `${n}× ${why}`).join(', '),
    firstStartRssMb,
    foldLagMs,
  }
  console.log(`  ${label}: ${Math.round(outcome.eventsPerSecond).toLocaleString('en-US')} events/s over ` +
    `${(result.measuredMs / 1000).toFixed(1)} s (${result.measuredEvents.toLocaleString('en-US')} events), ` +
    `batch latency p50 ${outcome.p50Ms.toFixed(0)} ms / p99 ${outcome.p99Ms.toFixed(0)} ms, ` +
    `collector CPU ${cpuPercent.toFixed(0)}% of a core, ${cpuUsPerEvent.toFixed(0)} µs per event (RSS ${(before.maxRssKb / 1024).toFixed(0)} MB before load), ` +
    `stored ${stored.toLocaleString('en-US')} of ${result.acknowledged.toLocaleString('en-US')} acknowledged, ` +
    `rollups caught up ${(foldLagMs / 1000).toFixed(1)} s after the load` +
    `${outcome.failures ? `, failures: ${outcome.failures}` : ''}`)
  return outcome
}

// ---------------------------------------------------------------------------------------------

const fmt = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—')
const mark = (ok: boolean) => (ok ? '✅ pass' : '❌ fail')

async function main(): Promise<number> {
  const began = Date.now()
  const batches = generateBatches(BATCHES)
  const bytes = batches.reduce((sum, body) => sum + body.length, 0)
  console.log(`prepared ${BATCHES.toLocaleString('en-US')} batches of ${BATCH_SIZE} events, ` +
    `${Math.round(bytes / (BATCHES * BATCH_SIZE))} bytes per event on average, in ${Date.now() - began} ms`)

  let pgVersion: string | null = null
  if (STORES.includes('postgres')) {
    try {
      pgVersion = await postgresVersion()
    } catch (error) {
      console.warn(`PostgreSQL at ${ADMIN_URL} is not reachable (${(error as Error).message}); skipping it`)
    }
  }

  const results: StoreResult[] = []
  let raw: { events: number; ms: number; stored: number } | null = null
  if (pgVersion) {
    const result = await benchStore('postgres', batches)
    results.push(result)
    // The reference inserts as many rows as the collector took in its measured window.
    raw = await rawInsert(batches.slice(0, Math.max(1, result.measuredEvents / BATCH_SIZE)))
    console.log(`  raw INSERT: ${fmt(raw.events / (raw.ms / 1000))} events/s (${raw.events.toLocaleString('en-US')} rows ` +
      `in ${(raw.ms / 1000).toFixed(1)} s on ${RAW_CONNECTIONS} connections; ${raw.stored.toLocaleString('en-US')} stored)`)
  }
  if (STORES.includes('pglite')) results.push(await benchStore('pglite', batches))

  const rawRate = raw ? raw.events / (raw.ms / 1000) : NaN
  const cpus = os.cpus()
  const lines = [
    `## Ingest benchmark`,
    ``,
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · ${cpus[0]?.model.trim() ?? 'unknown CPU'} · ` +
      `${cpus.length} cores · Node ${process.version}${pgVersion ? ` · PostgreSQL ${pgVersion}` : ''} · ` +
      `${CLIENTS} keep-alive clients posting ${BATCH_SIZE}-event batches from a second process`,
    ``,
    `| store | events/s via HTTP | raw INSERT events/s | ratio | collector peak RSS (MB) |`,
    `|---|---:|---:|---:|---:|`,
    ...results.map((r) => {
      const reference = r.store === 'postgres'
      return `| ${reference ? `PostgreSQL ${pgVersion}` : 'PGlite'} | ${fmt(r.eventsPerSecond)} | ` +
        `${reference ? fmt(rawRate) : '—'} | ${reference ? (r.eventsPerSecond / rawRate).toFixed(2) : '—'} | ${r.peakRssMb.toFixed(0)} |`
    }),
    ``,
    `Goals (issue 18):`,
    ``,
  ]
  const pgResult = results.find((r) => r.store === 'postgres')
  const pgliteResult = results.find((r) => r.store === 'pglite')
  lines.push(pgResult && raw
    ? `- PostgreSQL at least ${GOALS.postgresRatio} of raw INSERT: ${(pgResult.eventsPerSecond / rawRate).toFixed(2)} ${mark(pgResult.eventsPerSecond / rawRate >= GOALS.postgresRatio)}`
    : `- PostgreSQL at least ${GOALS.postgresRatio} of raw INSERT: not measured (no server)`)
  lines.push(pgliteResult
    ? `- PGlite at least ${fmt(GOALS.pgliteEventsPerSecond)} events/s (aim ${fmt(GOALS.pgliteAim)}): ${fmt(pgliteResult.eventsPerSecond)} ${mark(pgliteResult.eventsPerSecond >= GOALS.pgliteEventsPerSecond)}`
    : `- PGlite at least ${fmt(GOALS.pgliteEventsPerSecond)} events/s: not measured`)
  for (const r of results) {
    lines.push(`- ${r.store} collector peak RSS under ${GOALS.peakRssMb} MB: ${r.peakRssMb.toFixed(0)} MB ${mark(r.peakRssMb < GOALS.peakRssMb)}`)
  }
  for (const r of results) {
    lines.push(`- ${r.store}: the first report after the load folded the rest of the rollups in ${(r.foldLagMs / 1000).toFixed(1)} s`)
  }
  for (const r of results) {
    if (r.firstStartRssMb !== undefined) {
      lines.push(`- (${r.store}: the very first start, which runs initdb into an empty folder, peaks at ${r.firstStartRssMb.toFixed(0)} MB; the table shows a restart on that folder)`)
    }
  }
  const mismatched = results.filter((r) => r.stored !== r.acknowledged || r.failures)
  lines.push(
    ``,
    `Stored equals acknowledged: ${results.map((r) => `${r.store} ${r.stored.toLocaleString('en-US')}/${r.acknowledged.toLocaleString('en-US')}` +
      `${r.failures ? ` (failures: ${r.failures})` : ''}`).join(', ')} ${mark(mismatched.length === 0)}` +
      (raw ? `; raw INSERT ${raw.stored.toLocaleString('en-US')}/${raw.events.toLocaleString('en-US')}` : ''),
  )
  const table = lines.join('\n')
  console.log(`\n${table}\n`)
  await mkdir(join(here, 'results'), { recursive: true })
  await writeFile(RESULTS_FILE, `${table}\n`)
  console.log(`written to ${RESULTS_FILE}`)
  return mismatched.length === 0 && (!raw || raw.stored === raw.events) ? 0 : 1
}

let code = 1
try {
  code = await main()
} catch (error) {
  console.error(error)
} finally {
  await cleanup()
  clearTimeout(deadline)
}
process.exit(code)
