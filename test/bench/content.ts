/**
 * `npm run bench:content`: latency of `GET /v1/content` with 10,000 accounts (issue 4: p99 ≤ 20 ms).
 *
 * Seeds 10,000 accounts with 5 users each, 90 days of usage rollups (features, checklist events,
 * prompt shows) and evaluated tiers straight into the tables with set-based SQL, then asks for the
 * content of random users of random accounts over HTTP on loopback, one request at a time, with
 * the Ledgerly content file (tiers, a checklist, usage-targeted prompts with holdout, NPS).
 * Runs on PostgreSQL (BENCH_DATABASE_URL's server, a fresh database) and on PGlite (in memory).
 * Prints a markdown table and writes it to test/bench/results/content.md.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import pg from 'pg'
import { parseContent } from '../../packages/schema/src/index'
import { createCollector } from '../../packages/collector/src/collector'
import { staticContent } from '../../packages/collector/src/content/source'
import { generateKey } from '../../packages/collector/src/keys'
import { serve } from '../../packages/collector/src/node'
import { openStore } from '../../packages/collector/src/store/open'
import type { Store } from '../../packages/collector/src/store/store'

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 10_000)
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2_000)
const USERS_PER_ACCOUNT = 5

async function seed(exec: (script: string) => Promise<unknown>): Promise<void> {
  await exec(`
    INSERT INTO accounts (account_id, traits, traits_at, first_seen, last_seen)
    SELECT 'acct-' || a, jsonb_build_object('arr', (a * 37) % 120000, 'products', CASE WHEN a % 4 = 0 THEN '["invoicing","payroll"]'::jsonb ELSE '["invoicing"]'::jsonb END, 'seats', 5),
           now(), now() - interval '120 days', now()
    FROM generate_series(1, ${ACCOUNTS}) a;
    INSERT INTO account_state (account_id, tier, health_score, health_band)
    SELECT 'acct-' || a, CASE WHEN (a * 37) % 120000 >= 50000 THEN 'high-touch' WHEN (a * 37) % 120000 >= 5000 THEN 'low-touch' ELSE 'tech-touch' END, 60, 'yellow'
    FROM generate_series(1, ${ACCOUNTS}) a;
    INSERT INTO users (user_id, traits, account_id, first_seen, last_seen)
    SELECT 'u-' || a || '-' || u, '{}', 'acct-' || a, now() - interval '100 days', now()
    FROM generate_series(1, ${ACCOUNTS}) a, generate_series(1, ${USERS_PER_ACCOUNT}) u;
    INSERT INTO account_users (account_id, user_id, first_seen, last_seen)
    SELECT 'acct-' || a, 'u-' || a || '-' || u, now() - interval '100 days', now()
    FROM generate_series(1, ${ACCOUNTS}) a, generate_series(1, ${USERS_PER_ACCOUNT}) u;
    INSERT INTO usage_daily (account_id, day, user_key, kind, name, count)
    SELECT 'acct-' || a, current_date - d, 'u-' || a || '-' || u, k.kind, k.name, 1 + (a + d + u) % 3
    FROM generate_series(1, ${ACCOUNTS}) a, generate_series(0, 89, 3) d, generate_series(1, 2) u,
         (VALUES ('feature', 'invoices.create'), ('event', 'Invoice Sent'), ('event', 'Feature Used'), ('page', '/invoices')) AS k(kind, name);
    INSERT INTO user_firsts (user_key, kind, name, account_id, first_at, last_at, count)
    SELECT 'u-' || a || '-' || u, k.kind, k.name, 'acct-' || a, now() - interval '80 days', now() - ((a % 20) || ' days')::interval, 3
    FROM generate_series(1, ${ACCOUNTS}) a, generate_series(1, ${USERS_PER_ACCOUNT}) u,
         (VALUES ('event', 'Invoice Sent'), ('event', 'Client Added'), ('Prompt Shown', 'payroll-cross-sell'), ('Checklist Item Completed', 'getting-started/profile')) AS k(kind, name)
    WHERE (a + u) % 2 = 0;
    ANALYZE;
  `)
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!

/** @param exec runs the seed script; the pool's statement timeout is for requests, not bulk loads. */
async function measure(name: string, store: Store, exec: (script: string) => Promise<unknown> = (script) => store.sql.exec(script)) {
  const started = performance.now()
  await seed(exec)
  const seedSeconds = (performance.now() - started) / 1000
  const parsed = parseContent(await readFile(new URL('../../demo/goyo.content.json', import.meta.url), 'utf8'))
  if (!parsed.ok) throw new Error('demo content is invalid')
  const keys = { writeKey: generateKey('wk'), secretKey: generateKey('sk') }
  const collector = createCollector({ store, keys, content: staticContent(parsed.content), log: () => {}, engine: false, rateLimit: false })
  const server = await serve(collector, { port: 0, host: '127.0.0.1' })
  const auth = `Basic ${btoa(`${keys.writeKey}:`)}`
  let seedRandom = 42
  const random = () => ((seedRandom = (seedRandom * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
  const times: number[] = []
  try {
    for (let i = 0; i < REQUESTS + 100; i++) {
      const account = 1 + Math.floor(random() * ACCOUNTS)
      const user = 1 + Math.floor(random() * USERS_PER_ACCOUNT)
      const t0 = performance.now()
      const res = await fetch(`${server.url}/v1/content?userId=u-${account}-${user}&anonymousId=anon-${account}-${user}&groupId=acct-${account}`, { headers: { authorization: auth } })
      await res.arrayBuffer()
      if (res.status !== 200) throw new Error(`status ${res.status}`)
      if (i >= 100) times.push(performance.now() - t0)
    }
  } finally {
    await server.stop()
  }
  times.sort((a, b) => a - b)
  return { name, seedSeconds, p50: percentile(times, 0.5), p95: percentile(times, 0.95), p99: percentile(times, 0.99) }
}

async function main() {
  const rows = []
  const dbName = `goyo_bench_content_${Date.now().toString(36)}`
  const admin = new pg.Client({ connectionString: ADMIN_URL })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${dbName}`)
  try {
    const url = new URL(ADMIN_URL)
    url.pathname = `/${dbName}`
    const loader = new pg.Client({ connectionString: url.toString() })
    await loader.connect()
    try {
      rows.push(await measure('PostgreSQL', await openStore({ databaseUrl: url.toString() }), (script) => loader.query(script)))
    } finally {
      await loader.end()
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
    await admin.end()
  }
  rows.push(await measure('PGlite', await openStore({})))
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
  const lines = [
    `GET /v1/content, ${ACCOUNTS.toLocaleString('en-US')} accounts × ${USERS_PER_ACCOUNT} users, ${REQUESTS} sequential requests over loopback (${new Date().toISOString().slice(0, 10)}, ${cpu}, ${os.cpus().length} cores)`,
    '',
    '| store | p50 ms | p95 ms | p99 ms | goal p99 ≤ 20 ms |',
    '|---|---:|---:|---:|---|',
    ...rows.map((r) => `| ${r.name} | ${r.p50.toFixed(2)} | ${r.p95.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.p99 <= 20 ? 'met' : 'NOT met'} |`),
  ]
  const table = lines.join('\n')
  console.log(table)
  await mkdir(new URL('./results/', import.meta.url), { recursive: true })
  await writeFile(new URL('./results/content.md', import.meta.url), `${table}\n`)
}

await main()
