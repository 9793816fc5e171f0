import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { staticContent } from '../../packages/collector/src/content/source'
import { evaluateAccount } from '../../packages/collector/src/cs/engine'
import type { Store } from '../../packages/collector/src/store/store'
import { inProcessCollector } from '../_util/collector'
import { storeCases } from '../_util/stores'
import { content, historyArb, NOW, type History } from './generate'
import { oracleChecklists, oracleNps, oraclePrompts, oracleTtv } from './journeys'
import { oracleRevenue } from './revenue'
import { oracleAdoption, oracleEvents, oracleOverview, oracleStickiness } from './usage'
import { addDays, dayOf, loadWorld, type Params } from './world'

/**
 * Every report equals its reference oracle (test/oracle: a naive computation from the raw events,
 * the definitions in code) on random histories, on both stores. Issue 13. The histories hold
 * duplicates (inside one batch too), late events, skewed clocks, visitors, anonymous activity
 * later linked to a user (identify and alias), a tagged click that also tracks its feature's event,
 * users without an account, tier and revenue changes across months, erasures, a prompt holdout;
 * see generate.ts.
 *
 * Each history runs in a random workspace time zone (issue 16): UTC, Asia/Tokyo, or America/New_York,
 * whose clocks change on 8 March inside the histories' months, so days of 23 hours are in them.
 *
 * Bounded: GOYO_ORACLE_RUNS histories per store (default 75, about 0.3 s each; each is written, evaluated and read
 * by every report with one random set of parameters).
 */
const RUNS = Number(process.env.GOYO_ORACLE_RUNS ?? 75)

const zoneArb = fc.constantFrom('UTC', 'Asia/Tokyo', 'America/New_York')

const queryArb = fc.record({
  period: fc.option(fc.record({ from: fc.integer({ min: 0, max: 149 }), days: fc.integer({ min: 1, max: 120 }) }), { nil: null }),
  tier: fc.option(fc.constantFrom('high', 'low', 'tech'), { nil: null }),
  interval: fc.constantFrom('day', 'week', 'month' as const),
})

type Query = typeof queryArb extends fc.Arbitrary<infer T> ? T : never

/** The parameters a report resolves from the query: the given period, else its default days up to today in the zone. */
function resolve(query: Query, defaultDays: number, timeZone: string): Params & { search: string } {
  const TODAY = dayOf(NOW, timeZone)
  const from = query.period ? addDays('2026-02-01', query.period.from) : addDays(TODAY, -(defaultDays - 1))
  const to = query.period ? [addDays(from, query.period.days - 1), TODAY].sort()[0]! : TODAY
  const search = new URLSearchParams({
    ...(query.period ? { from, to } : {}), ...(query.tier ? { tier: query.tier } : {}), interval: query.interval,
  })
  return { from, to, tier: query.tier ?? undefined, interval: query.interval, search: search.toString() }
}

async function write(store: Store, api: ReturnType<typeof inProcessCollector>, history: History) {
  for (const row of history.eligibility) {
    await store.sql.query('INSERT INTO prompt_eligibility (prompt_id, account_id, user_key, holdout, first_eligible_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
      [row.prompt, row.account, row.userKey, row.holdout, row.at])
  }
  for (const request of history.requests) {
    if ('erase' in request) {
      const res = await api.request(`/v1/users/${request.erase}`, { method: 'DELETE', headers: { authorization: `Bearer ${api.keys.secretKey}` } })
      // 404: nothing of that user was stored yet.
      expect([200, 404], await res.clone().text()).toContain(res.status)
    } else if (request.send.events.length > 0) {
      const res = await api.post('/v1/batch', { batch: request.send.events, sentAt: request.send.sentAt })
      expect(res.status, await res.clone().text()).toBe(200)
    }
  }
  const accounts = await store.sql.query<{ account_id: string }>('SELECT account_id FROM accounts ORDER BY 1')
  for (const { account_id } of accounts) await evaluateAccount(store.sql, content, account_id, new Date(NOW))
}

/**
 * Empties every table between histories. DELETE rather than the shared helper's TRUNCATE: on a
 * PostgreSQL server, truncating some thirty tiny tables costs half a second per history.
 */
async function reset(store: Store, tables: string[]) {
  await store.sql.exec(tables.map((table) => `DELETE FROM "${table}";`).join('\n'))
}

describe.each(storeCases)('every report equals the oracle on random histories, on $name', ({ open }) => {
  let store: Store
  let tables: string[]
  beforeAll(async () => {
    store = await open()
    tables = (await store.sql.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'goyo_migrations'`,
    )).map((row) => row.tablename)
  })
  afterAll(async () => store.close())

  it(`holds on ${RUNS} histories`, async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, queryArb, zoneArb, async (history, query, timeZone) => {
        await reset(store, tables)
        const api = inProcessCollector(store, { content: staticContent(content), now: () => NOW, rateLimit: false, timeZone })
        await write(store, api, history)
        const world = await loadWorld(store, content, NOW, timeZone)
        const get = async (path: string) => {
          const res = await api.report(path)
          expect(res.status, await res.clone().text()).toBe(200)
          return res.json() as Promise<any>
        }

        const p30 = resolve(query, 30, timeZone)
        const period: { from?: string; to?: string } = query.period ? { from: p30.from, to: p30.to } : {}
        const periodSearch = new URLSearchParams(query.period ? { from: p30.from, to: p30.to } : {}).toString()
        expect(await get(`/v1/reports/overview?${periodSearch}`), 'overview').toEqual(oracleOverview(world, period))
        const events = (await get(`/v1/reports/events?${periodSearch}`)) as Array<{ event: string }>
        expect(events.sort((a, b) => (a.event < b.event ? -1 : 1)), 'events').toEqual(oracleEvents(world, period))

        const adoption = await get(`/v1/reports/adoption?${p30.search}`)
        const strip = ({ configured: _, ...f }: any) => f
        expect({
          active: adoption.active, previousActive: adoption.previousActive, features: adoption.features.map(strip),
          breadth: { meanShare: adoption.breadth.meanShare, accounts: adoption.breadth.accounts.map((a: any) => ({ accountId: a.accountId, used: a.used })).sort((a: any, b: any) => (a.accountId < b.accountId ? -1 : 1)) },
        }, 'adoption').toEqual(oracleAdoption(world, p30))

        const stickiness = await get(`/v1/reports/stickiness?${p30.search}`)
        expect({ users: stickiness.users, accounts: stickiness.accounts }, 'stickiness').toEqual(oracleStickiness(world, p30))

        const p90 = resolve(query, 90, timeZone)
        expect((await get(`/v1/reports/ttv?${p90.search}`)).milestones, 'ttv').toEqual(oracleTtv(world, p90))

        const checklists = await get(`/v1/reports/checklists?${p30.search}`)
        expect(checklists.checklists.map(({ configured: _, items, ...c }: any) => ({ ...c, items: items.map(({ title: __, ...i }: any) => i) })), 'checklists')
          .toEqual(oracleChecklists(world, p30))

        const prompts = await get(`/v1/reports/prompts?${p30.search}`)
        expect(prompts.prompts.map(({ configured: _, suppressed: __, lift: { ci95: ___, method: ____, ...lift }, ...p }: any) => ({ ...p, lift })), 'prompts')
          .toEqual(oraclePrompts(world, p30))

        const { period: _p, tier: _t, interval: _i, ...nps } = await get(`/v1/reports/nps?${p30.search}`)
        expect(nps, 'nps').toEqual(oracleNps(world, p30))

        const revenue = await get(`/v1/reports/revenue${query.tier ? `?tier=${query.tier}` : ''}`)
        expect(revenue.months, 'revenue').toEqual(oracleRevenue(world, { months: revenue.months.map((m: any) => m.month), tier: query.tier ?? undefined }))
      }),
      { numRuns: RUNS },
    )
  }, 600_000)
})
