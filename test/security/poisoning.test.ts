/**
 * Poisoning (issue 19): after every hostile value is ingested with the public write key, in every
 * trait and property the engine and the reports read, every report, account page and dashboard
 * page still answers 200, on both stores. Rows written before ingest bounded these values (a
 * 400-digit ARR, a 400-digit score, MRR 1e308 on two accounts) are planted directly too: the
 * reports must defend themselves, not only ingest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { staticContent } from '../../packages/collector/src/content/source'
import type { Store } from '../../packages/collector/src/store/store'
import { inProcessCollector } from '../_util/collector'
import { prng } from '../_util/processes'
import { storeCases } from '../_util/stores'
import { DASHBOARD_PAGES, DASHBOARD_TABLES, EVENT_NAMES, HOSTILE_CONTENT, HOSTILE_VALUES, READ_PROPERTIES, READ_TRAITS, REPORT_NAMES, withRawNumbers } from './_hostile'

const NOW = Date.parse('2026-06-15T12:00:00Z')
const HUGE = '9'.repeat(400)

describe.each(storeCases)('poisoning on $name', (storeCase) => {
  let store: Store
  let api: ReturnType<typeof inProcessCollector>
  const accounts: string[] = []

  beforeAll(async () => {
    store = await storeCase.open()
    api = inProcessCollector(store, { content: staticContent(HOSTILE_CONTENT), rateLimit: false, now: () => NOW })
  })
  afterAll(async () => {
    await api?.collector.engine?.stop()
    await store?.close()
  })

  it('accepts every hostile value with the write key and applies none it cannot use', { timeout: 120_000 }, async () => {
    const random = prng(19)
    const at = (hoursAgo: number) => new Date(NOW - hoursAgo * 3_600_000).toISOString()
    const events: Record<string, unknown>[] = []
    HOSTILE_VALUES.forEach((value, i) => {
      const account = `poison-${i}`
      accounts.push(account)
      const user = `pu-${i}`
      // Values too large to repeat in every field of one event go into the fields that matter most.
      const big = JSON.stringify(value ?? null).length > 500
      const traits = Object.fromEntries((big ? ['arr', 'mrr', 'createdAt'] : READ_TRAITS).map((trait) => [trait, value]))
      const properties = Object.fromEntries((big ? ['score', 'mrr', 'feature'] : READ_PROPERTIES).map((property) => [property, value]))
      events.push({ type: 'identify', userId: user, traits: { ...traits, createdAt: i % 2 ? value : at(800) }, timestamp: at(700) })
      events.push({ type: 'group', userId: user, groupId: account, traits: { name: `Poison ${i}`, ...traits }, timestamp: at(700) })
      for (const [k, event] of EVENT_NAMES.entries()) {
        events.push({ type: 'track', userId: user, event, properties, context: { groupId: account }, timestamp: at(600 - k * 24) })
      }
      events.push({ type: 'page', userId: user, name: typeof value === 'string' ? value : 'p', properties: { path: value }, context: { groupId: account }, timestamp: at(10) })
    })
    // Batches under the 500 KB body limit.
    let batch: Record<string, unknown>[] = []
    let bytes = 0
    const flush = async () => {
      const response = await api.post('/v1/batch', { batch })
      expect(response.status, await response.clone().text()).toBe(200)
      batch = []
      bytes = 0
    }
    for (const event of events) {
      const size = JSON.stringify(event).length
      if (bytes + size > 300_000) await flush()
      batch.push(event)
      bytes += size
    }
    await flush()
    // Number literals only JSON text carries: 1e400 parses to Infinity, 30 digits lose their value.
    for (const [i, field] of (['arr', 'mrr', 'seats'] as const).entries()) {
      const body = withRawNumbers({ batch: [
        { type: 'group', userId: `raw-${i}`, groupId: `raw-${field}`, traits: { [field]: '1e400', name: 'Raw' }, timestamp: at(5) },
        { type: 'track', userId: `raw-${i}`, event: 'Survey Answered', properties: { survey: 'nps', score: '1e400' }, context: { groupId: `raw-${field}` }, timestamp: at(5) },
        { type: 'track', userId: `raw-${i}`, event: 'Plan Changed', properties: { mrr: '1e400' }, context: { groupId: `raw-${field}` }, timestamp: at(4) },
      ] }, random)
      expect((await api.post('/v1/batch', body)).status).toBe(200)
      accounts.push(`raw-${field}`)
    }
    // No account was placed in a tier by a trait only CS may set.
    const overridden = await store.sql.query(`SELECT account_id FROM accounts WHERE traits ? 'tierOverride' OR traits ? 'tierOverrideUntil'`)
    expect(overridden).toEqual([])
  })

  it('plants rows as old data would hold them', async () => {
    // Written before ingest bounded numbers: the reports must not trust the store either.
    await store.sql.query(`UPDATE accounts SET traits = traits || jsonb_build_object('arr', $1::text, 'seats', $1::text) WHERE account_id IN ('poison-0', 'poison-1')`, [HUGE])
    await store.sql.query(
      `INSERT INTO timeline (account_id, at, kind, title, user_key, data) VALUES ('poison-0', $1, 'Survey Answered', 'Survey Answered: nps', 'pu-0', jsonb_build_object('survey', 'nps', 'score', $2::text))`,
      [new Date(NOW - 3_600_000), HUGE],
    )
    for (const account of ['poison-0', 'poison-1']) {
      await store.sql.query(
        `INSERT INTO account_revenue_history (message_id, account_id, at, source, mrr, arr) VALUES ($1, $2, $3, 'group', 1e308, 1e308)`,
        [`planted-${account}`, account, new Date(NOW - 40 * 86_400_000)],
      )
    }
  })

  it('evaluates every account without an error', { timeout: 120_000 }, async () => {
    await api.collector.engine!.flush()
    for (const account of accounts) await api.collector.engine!.evaluate(account)
  })

  it('answers 200 on every report, account page and dashboard page', { timeout: 120_000 }, async () => {
    const paths: string[] = ['/v1/reports/overview', '/v1/reports/events', '/v1/reports/events?format=csv']
    for (const name of REPORT_NAMES) {
      const months = ['revenue', 'ltv', 'revenue-attribution', 'revenue-tiers'].includes(name)
      const period = months ? 'from=2025-07&to=2026-06' : 'from=2026-04-01&to=2026-06-15'
      paths.push(`/v1/reports/${name}`, `/v1/reports/${name}?${period}`, `/v1/reports/${name}?${period}&format=csv`, `/v1/reports/${name}?${period}&tier=high-touch`)
    }
    for (const sort of ['id', '-health', 'arr', '-arr', 'lastSeen', 'activeUsers']) paths.push(`/v1/accounts?sort=${sort}&limit=200`)
    for (const account of accounts) paths.push(`/v1/accounts/${encodeURIComponent(account)}`, `/dashboard/accounts/${encodeURIComponent(account)}`)
    for (const page of DASHBOARD_PAGES) paths.push(`/dashboard${page}`, page === '/accounts' ? '/dashboard/accounts?tier=tech-touch' : `/dashboard${page}?from=2026-04-01&to=2026-06-15`)
    for (const sort of ['health', 'arr', 'lastSeen', 'name']) paths.push(`/dashboard/accounts?sort=${sort}`)
    for (const table of DASHBOARD_TABLES) paths.push(`/dashboard/csv/${table}`)
    const failures: string[] = []
    for (const path of paths) {
      const response = await api.report(path)
      if (response.status !== 200) failures.push(`${path}: ${response.status} ${(await response.text()).slice(0, 200)}`)
      else await response.arrayBuffer()
    }
    expect(failures).toEqual([])
  })
})
