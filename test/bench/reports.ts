/**
 * `npm run bench:reports`: how long each report takes at 1M and 10M events on PostgreSQL, next to
 * the same adoption answer computed from the raw events table (the goals are in issue 6:
 * adoption p50 ≤ 100 ms at 10M events and at least 20× faster than the raw query).
 *
 * 1. Creates a fresh database on BENCH_DATABASE_URL's server and migrates it.
 * 2. Seeds raw `Feature Used` events with generate_series (bulk SQL, not the HTTP path, which
 *    bench:ingest measures), then derives every rollup from them with INSERT … SELECT … GROUP BY,
 *    so the rollups are exactly what ingest would have written for those events. Then grows the
 *    same database to 10M events and measures again.
 * 3. Builds the day bitmaps once (what a bulk load costs; ingest marks days and reports rebuild
 *    only those), runs each report BENCH_RUNS times (after one warm-up) and takes the median;
 *    times adoption right after a write to today and with a tier filter; runs the raw adoption and
 *    stickiness queries and checks they give the same numbers as the reports.
 * 4. Prints a markdown table and writes it to `test/bench/results/reports.md`; drops the database.
 *
 * The shape: 20,000 users in 2,000 accounts, 20 features, 90 days ending today. Each user is
 * active on 30 of those days and uses 2 features on an active day, so at 10M events a user makes
 * ~17 events per active day. Environment: BENCH_DATABASE_URL, BENCH_SIZES (1000000,10000000),
 * BENCH_RUNS (7).
 */
import { writeFile } from 'node:fs/promises'
import pg from 'pg'
import { contentSchema } from '../../packages/schema/src/index'
import { runReport, REPORTS } from '../../packages/collector/src/reports/index'
import { openStore } from '../../packages/collector/src/store/open'
import { refreshUsageSets } from '../../packages/collector/src/store/usage-sets'

const env = process.env
const ADMIN_URL = env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const SIZES = (env.BENCH_SIZES ?? '1000000,10000000').split(',').map(Number)
const RUNS = Number(env.BENCH_RUNS ?? 7)
const USERS = 20_000
const USERS_PER_ACCOUNT = 10
const FEATURES = 20
const DAYS = 90

const content = contentSchema.parse({
  features: Object.fromEntries(Array.from({ length: FEATURES }, (_, i) => [`f${String(i).padStart(2, '0')}`, {}])),
  milestones: { 'first-value': { event: 'Feature Used' } },
  health: { measures: [{ id: 'breadth', weight: 1, keyFeatures: ['f00', 'f01', 'f02', 'f03', 'f04'] }], bands: { red: 40, yellow: 70 } },
})

const log = (message: string) => process.stderr.write(`${message}\n`)
const time = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const started = performance.now()
  const result = await fn()
  return [result, performance.now() - started]
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.ceil(values.length / 2) - 1]!

/**
 * Event i belongs to user u = i mod USERS, whose k-th event it is (k = i div USERS). A user is
 * active on 30 days, spread over the 90; the k-th event falls on active day k mod 30, and uses
 * feature (5k + u) mod 20 — two distinct features per user and active day.
 */
async function seedEvents(sql: pg.Client, from: number, to: number, today: string) {
  await sql.query(
    `INSERT INTO events (message_id, type, event, user_id, account_id, "timestamp", received_at, payload)
     SELECT 'm' || i, 'track', 'Feature Used', 'u' || u, 'a' || (u / ${USERS_PER_ACCOUNT}),
       ts, ts, jsonb_build_object('type', 'track', 'event', 'Feature Used', 'userId', 'u' || u,
         'properties', jsonb_build_object('feature', 'f' || lpad(((5 * k + u) % ${FEATURES})::text, 2, '0')))
     FROM generate_series($1::bigint, $2::bigint) AS i,
       LATERAL (SELECT (i % ${USERS})::int AS u, (i / ${USERS})::int AS k) x,
       LATERAL (SELECT $3::date - ${DAYS - 1} + ((u + (k % 30) * 3) % ${DAYS}) + make_interval(secs => (i % 86000)::int) AS ts) t`,
    [from, to, today],
  )
}

/** Rebuilds every rollup from the raw events, as ingest would have kept them. */
async function deriveRollups(sql: pg.Client) {
  await sql.query('TRUNCATE usage_daily, user_firsts, account_days, users, accounts, account_users, account_state, health_snapshots, usage_sets, unit_ordinals, usage_changed_days')
  await sql.query(
    `INSERT INTO usage_daily (day, account_id, user_key, kind, name, count)
     SELECT ("timestamp" AT TIME ZONE 'UTC')::date, account_id, user_id, 'event', event, count(*) FROM events GROUP BY 1, 2, 3, 5
     UNION ALL
     SELECT ("timestamp" AT TIME ZONE 'UTC')::date, account_id, user_id, 'feature', payload->'properties'->>'feature', count(*) FROM events GROUP BY 1, 2, 3, 5
     -- In day order, as ingest writes them (events arrive roughly in time order).
     ORDER BY 1`,
  )
  await sql.query(
    `INSERT INTO user_firsts (user_key, kind, name, account_id, first_at, last_at, count)
     SELECT user_id, 'event', event, min(account_id), min("timestamp"), max("timestamp"), count(*) FROM events GROUP BY 1, 3
     UNION ALL
     SELECT user_id, 'feature', payload->'properties'->>'feature', min(account_id), min("timestamp"), max("timestamp"), count(*) FROM events GROUP BY 1, 3`,
  )
  await sql.query(`INSERT INTO account_days (account_id, day, events) SELECT account_id, ("timestamp" AT TIME ZONE 'UTC')::date, count(*) FROM events GROUP BY 1, 2`)
  await sql.query(`INSERT INTO users (user_id, traits, account_id, first_seen, last_seen) SELECT user_id, '{}', min(account_id), min("timestamp"), max("timestamp") FROM events GROUP BY 1`)
  await sql.query(
    `INSERT INTO accounts (account_id, traits, first_seen, last_seen)
     SELECT account_id, jsonb_build_object('arr', (substr(account_id, 2)::int % 100) * 1000, 'products',
         CASE WHEN substr(account_id, 2)::int % 3 = 0 THEN '["payroll"]'::jsonb ELSE '[]'::jsonb END),
       min("timestamp"), max("timestamp") FROM events GROUP BY 1`,
  )
  await sql.query(`INSERT INTO account_users (account_id, user_id, first_seen, last_seen) SELECT account_id, user_id, min(first_seen), max(last_seen) FROM users GROUP BY 1, 2`)
  await sql.query(
    `INSERT INTO account_state (account_id, tier, health_score, health_band, health)
     SELECT account_id, (ARRAY['high', 'low', 'tech'])[1 + substr(account_id, 2)::int % 3], 30 + substr(account_id, 2)::int % 70,
       CASE WHEN 30 + substr(account_id, 2)::int % 70 < 40 THEN 'red' WHEN 30 + substr(account_id, 2)::int % 70 < 70 THEN 'yellow' ELSE 'green' END,
       '{"measures":[],"drivers":[]}' FROM accounts`,
  )
  await sql.query(
    `INSERT INTO health_snapshots (account_id, day, score, band, tier, measures)
     SELECT s.account_id, current_date - d, s.health_score + d / 2, s.health_band, s.tier, '[]' FROM account_state s, generate_series(0, 28, 7) d`,
  )
  // Ingest marks the days it writes; this bulk path marks them all, so the first report builds every day's bitmaps.
  await sql.query('INSERT INTO usage_changed_days (day, changes) SELECT DISTINCT day, 1 FROM usage_daily')
  await sql.query('VACUUM ANALYZE')
}

/** The adoption report's numbers, straight from raw events: what a report would cost without rollups. */
const RAW_ADOPTION = `
  WITH e AS (SELECT ("timestamp" AT TIME ZONE 'UTC')::date AS day, user_id, account_id, event, payload->'properties'->>'feature' AS feature
             FROM events WHERE "timestamp" >= $1::date AND "timestamp" < $2::date + 1 AND type = 'track'),
  active AS (SELECT day >= $3::date AS current, count(DISTINCT user_id) AS users, count(DISTINCT account_id) AS accounts FROM e GROUP BY 1)
  SELECT f.*, a.users AS active_users, a.accounts AS active_accounts FROM (
    SELECT feature, day >= $3::date AS current, count(DISTINCT user_id)::int AS users, count(DISTINCT account_id)::int AS accounts, count(*)::int AS uses
    FROM e WHERE event = 'Feature Used' GROUP BY 1, 2) f JOIN active a ON a.current = f.current`

/**
 * Users' DAU, WAU and MAU per day of [$1, $2] from raw events. A user active on day a counts in a
 * window of W days on [a, min(next active day, a + W)): a running sum of ±1 per user-day.
 */
const RAW_STICKINESS = `
  WITH ad AS (SELECT DISTINCT user_id AS unit, ("timestamp" AT TIME ZONE 'UTC')::date AS day FROM events
              WHERE "timestamp" >= $1::date - 29 AND "timestamp" < $2::date + 1 AND user_id IS NOT NULL),
  s AS (SELECT unit, day, lead(day) OVER (PARTITION BY unit ORDER BY day) AS next FROM ad),
  deltas AS (
    SELECT day AS d, 1 AS dau, 1 AS wau, 1 AS mau FROM s
    UNION ALL SELECT day + 1, -1, 0, 0 FROM s
    UNION ALL SELECT LEAST(coalesce(next, day + 7), day + 7), 0, -1, 0 FROM s
    UNION ALL SELECT LEAST(coalesce(next, day + 30), day + 30), 0, 0, -1 FROM s),
  per_day AS (SELECT d, sum(dau) AS dau, sum(wau) AS wau, sum(mau) AS mau FROM deltas GROUP BY d),
  days AS (SELECT $1::date - 29 + i AS d FROM generate_series(0, $2::date - $1::date + 29) i),
  running AS (SELECT days.d, sum(coalesce(p.dau, 0)) OVER w AS dau, sum(coalesce(p.wau, 0)) OVER w AS wau, sum(coalesce(p.mau, 0)) OVER w AS mau
              FROM days LEFT JOIN per_day p ON p.d = days.d WINDOW w AS (ORDER BY days.d))
  SELECT d::text AS day, dau::int, wau::int, mau::int FROM running WHERE d >= $1::date ORDER BY d`

interface Row { events: string; report: string; p50: number; runs: number; note: string }

async function main() {
  const started = Date.now()
  const name = `goyo_bench_reports_${Date.now().toString(36)}`
  const admin = new pg.Client({ connectionString: ADMIN_URL })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  const url = new URL(ADMIN_URL)
  url.pathname = `/${name}`
  const rows: Row[] = []
  let store: Awaited<ReturnType<typeof openStore>> | undefined
  const sql = new pg.Client({ connectionString: url.toString() })
  try {
    store = await openStore({ databaseUrl: url.toString() })
    await sql.connect()
    const now = new Date()
    const today = now.toISOString().slice(0, 10)
    let seeded = 0
    for (const size of SIZES) {
      const [, seedMs] = await time(() => seedEvents(sql, seeded, size - 1, today))
      seeded = size
      const [, rollupMs] = await time(() => deriveRollups(sql))
      const [[counts]] = await Promise.all([sql.query('SELECT (SELECT count(*) FROM events)::int8 AS events, (SELECT count(*) FROM usage_daily)::int8 AS usage').then((r) => r.rows)])
      const label = `${size / 1e6}M`
      log(`${label}: events ${counts.events}, usage_daily rows ${counts.usage}; seeded in ${(seedMs / 1000).toFixed(1)} s, rollups in ${(rollupMs / 1000).toFixed(1)} s`)

      const context = { sql: store.sql, content, now, timeZone: 'UTC' }
      // A one-off cost after this bulk load (ingest keeps the bitmaps of changed days current
      // as reports run): building every day's bitmaps from usage_daily.
      const [days, buildMs] = await time(() => refreshUsageSets(store!.sql))
      rows.push({ events: label, report: `day bitmaps built from scratch (${days} days)`, p50: buildMs, runs: 1, note: 'once after the bulk load, not per report' })
      log(`  day bitmaps: ${days} days in ${(buildMs / 1000).toFixed(1)} s`)
      for (const report of Object.keys(REPORTS)) {
        await runReport(report, context, {})
        const times: number[] = []
        for (let run = 0; run < RUNS; run++) times.push((await time(() => runReport(report, context, {})))[1])
        rows.push({ events: label, report, p50: median(times), runs: RUNS, note: '' })
        log(`  ${report}: p50 ${median(times).toFixed(1)} ms`)
      }
      // Under live ingest today's bitmaps are rebuilt by the first report after each write.
      const touched: number[] = []
      for (let run = 0; run < RUNS; run++) {
        await sql.query('INSERT INTO usage_changed_days (day, changes) VALUES ($1, 1) ON CONFLICT (day) DO UPDATE SET changes = usage_changed_days.changes + 1', [today])
        touched.push((await time(() => runReport('adoption', context, {})))[1])
      }
      rows.push({ events: label, report: 'adoption right after ingest wrote today', p50: median(touched), runs: RUNS, note: "includes rebuilding today's bitmaps" })
      log(`  adoption after a write to today: p50 ${median(touched).toFixed(1)} ms`)
      for (const tier of ['high']) {
        const times: number[] = []
        for (let run = 0; run < RUNS; run++) times.push((await time(() => runReport('adoption', context, { tier })))[1])
        rows.push({ events: label, report: `adoption, tier=${tier}`, p50: median(times), runs: RUNS, note: 'uses summed from usage_daily over the tier\'s accounts' })
        log(`  adoption tier=${tier}: p50 ${median(times).toFixed(1)} ms`)
      }

      // The raw reference: the same adoption numbers from events; checked against the report.
      const previousFrom = new Date(Date.parse(`${today}T00:00:00Z`) - 59 * 86_400_000).toISOString().slice(0, 10)
      const from = new Date(Date.parse(`${today}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10)
      const rawTimes: number[] = []
      let raw: Array<{ feature: string; current: boolean; users: number; accounts: number; uses: number }> = []
      for (let run = 0; run < Math.min(RUNS, 3); run++) {
        const [result, ms] = await time(() => sql.query(RAW_ADOPTION, [previousFrom, today, from]))
        raw = result.rows
        rawTimes.push(ms)
      }
      const { result } = await runReport('adoption', context, {})
      type Counts = { users: number; accounts: number; uses: number }
      const report = result as { features: Array<Counts & { feature: string; previous: Counts }> }
      const agrees = (current: boolean, f: { users: number; accounts: number; uses: number }, feature: string) => {
        const r = raw.find((x) => x.feature === feature && x.current === current)
        return r ? r.users === f.users && r.accounts === f.accounts && r.uses === f.uses : f.users === 0
      }
      const same = report.features.every((f) => agrees(true, f, f.feature) && agrees(false, f.previous, f.feature))
      const adoption = rows.find((r) => r.events === label && r.report === 'adoption')!
      rows.push({
        events: label, report: 'adoption from raw events', p50: median(rawTimes), runs: rawTimes.length,
        note: `${same ? 'same answer' : 'ANSWERS DIFFER'}; report is ${(median(rawTimes) / adoption.p50).toFixed(0)}× faster`,
      })
      log(`  raw adoption: p50 ${median(rawTimes).toFixed(0)} ms (${same ? 'same answer' : 'ANSWERS DIFFER'})`)

      // And the users' DAU/WAU/MAU series, from raw events.
      const rawStickyTimes: number[] = []
      let sticky: Array<{ day: string; dau: number; wau: number; mau: number }> = []
      for (let run = 0; run < Math.min(RUNS, 3); run++) {
        const [result, ms] = await time(() => sql.query(RAW_STICKINESS, [from, today]))
        sticky = result.rows
        rawStickyTimes.push(ms)
      }
      const series = ((await runReport('stickiness', context, {})).result as { users: { series: typeof sticky } }).users.series
      const sameSeries = series.length === sticky.length && series.every((d, i) => {
        const r = sticky[i]!
        return d.day === r.day && d.dau === Number(r.dau) && d.wau === Number(r.wau) && d.mau === Number(r.mau)
      })
      const stickiness = rows.find((r) => r.events === label && r.report === 'stickiness')!
      rows.push({
        events: label, report: 'stickiness from raw events', p50: median(rawStickyTimes), runs: rawStickyTimes.length,
        note: `users' series: ${sameSeries ? 'same answer' : 'ANSWERS DIFFER'}; report is ${(median(rawStickyTimes) / stickiness.p50).toFixed(0)}× faster`,
      })
      log(`  raw stickiness: p50 ${median(rawStickyTimes).toFixed(0)} ms (${sameSeries ? 'same answer' : 'ANSWERS DIFFER'})`)
    }
  } finally {
    await sql.end().catch(() => {})
    await store?.close().catch(() => {})
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch((error) => log(`could not drop ${name}: ${error.message}`))
    await admin.end()
  }
  const table = [
    '| events | report | p50 (ms) | runs | note |',
    '|---:|---|---:|---:|---|',
    ...rows.map((r) => `| ${r.events} | ${r.report} | ${r.p50.toFixed(1)} | ${r.runs} | ${r.note} |`),
  ].join('\n')
  const text = `# bench:reports\n\nPostgreSQL on ${new URL(ADMIN_URL).host}, ${USERS.toLocaleString('en')} users in ${(USERS / USERS_PER_ACCOUNT).toLocaleString('en')} accounts, ${FEATURES} features, ${DAYS} days; default period (last 30 days). Run ${new Date().toISOString()}, ${((Date.now() - started) / 1000).toFixed(0)} s in all.\n\n${table}\n`
  process.stdout.write(`${text}\n`)
  await writeFile(new URL('./results/reports.md', import.meta.url), text)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
