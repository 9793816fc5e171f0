import { contentSchema } from '@goyo/schema'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { inProcessCollector } from '../../../../test/_util/collector'
import { storeCases } from '../../../../test/_util/stores'
import { InvalidTimeZoneError } from '../calendar/zone'
import { staticContent } from '../content/source'
import { continueRebuild, startRebuild } from '../store/rebuild'
import { BARE_POLICY } from '../rollup/policy'
import type { Store } from '../store/store'

/**
 * Issue 16, "The workspace's time zone": reports cut days, weeks and months in `GOYO_TIMEZONE`,
 * and a new zone rebuilds the rollups while reports say so. Each of these failed while days were
 * cut at UTC midnight.
 */
const content = staticContent(contentSchema.parse({ features: { invoices: {} } }))

let seq = 0
const ev = (e: Record<string, unknown>) => ({ messageId: `tz${++seq}`, ...e })
const use = (userId: string, timestamp: string, groupId = 'A') =>
  ev({ type: 'track', event: 'Feature Used', userId, timestamp, properties: { feature: 'invoices' }, context: { groupId } })

type Api = ReturnType<typeof inProcessCollector>
const get = async (api: Api, path: string) => {
  const res = await api.report(path)
  expect(res.status, await res.clone().text()).toBe(200)
  return res.json() as Promise<any>
}
const dau = async (api: Api, from: string, to: string) =>
  Object.fromEntries((await get(api, `/v1/reports/stickiness?from=${from}&to=${to}`)).users.series.map((d: any) => [d.day, d.dau]))
const eventsOn = async (api: Api, day: string) => (await get(api, `/v1/reports/overview?from=${day}&to=${day}`)).events

describe.each(storeCases)('the workspace time zone, on $name', ({ open }) => {
  let store: Store
  beforeEach(async () => {
    store = await open()
  })
  afterEach(async () => store.close())

  it('puts 2026-03-01T16:00Z on 2 March and 2026-02-28T14:00Z on 28 February in Tokyo, and 2026-02-28T16:00Z in March', async () => {
    const api = inProcessCollector(store, { timeZone: 'Asia/Tokyo', content, now: () => Date.parse('2026-03-10T00:00:00Z') })
    expect((await api.post('/v1/batch', { batch: [
      use('u1', '2026-03-01T16:00:00Z'),
      use('u2', '2026-02-28T14:00:00Z', 'B'),
      ev({ type: 'track', event: 'Survey Answered', userId: 'u1', timestamp: '2026-03-01T16:00:00Z', properties: { survey: 'nps', score: 10 }, context: { groupId: 'A' } }),
      // 01:00 on 1 March in Tokyo: a March customer, though still February in UTC.
      ev({ type: 'group', userId: 'u3', groupId: 'C', timestamp: '2026-02-28T16:00:00Z', traits: { mrr: 100 } }),
    ] })).status).toBe(200)

    expect(await dau(api, '2026-02-27', '2026-03-03')).toEqual({ '2026-02-27': 0, '2026-02-28': 1, '2026-03-01': 0, '2026-03-02': 1, '2026-03-03': 0 })
    expect(await eventsOn(api, '2026-02-28')).toBe(1)
    expect(await eventsOn(api, '2026-03-01')).toBe(1)
    expect(await eventsOn(api, '2026-03-02')).toBe(2)
    const adoption = await get(api, '/v1/reports/adoption?from=2026-03-02&to=2026-03-02')
    expect(adoption.features.find((f: any) => f.feature === 'invoices')).toMatchObject({ users: 1, accounts: 1, uses: 1 })
    const nps = await get(api, '/v1/reports/nps?from=2026-03-01&to=2026-03-03&interval=day')
    expect(nps.overTime.map((b: any) => [b.start, b.respondents])).toEqual([['2026-03-02', 1]])

    // The month boundary: the MRR bridge puts the new customer in March, not February.
    const revenue = await get(api, '/v1/reports/revenue?from=2026-02&to=2026-03')
    expect(revenue.months.map((m: any) => [m.month, m.new, m.endingMrr])).toEqual([['2026-02', 0, 0], ['2026-03', 100, 100]])
    expect(revenue.headline.monthToDate).toMatchObject({ month: '2026-03', asOf: '2026-03-10', days: 10 })
  })

  it('gives the day a change of clocks makes 23 or 25 hours all its events (America/New_York)', async () => {
    const api = inProcessCollector(store, { timeZone: 'America/New_York', content, now: () => Date.parse('2026-11-10T00:00:00Z') })
    await api.post('/v1/batch', { batch: [
      use('u4', '2026-03-08T04:59:00Z'), // 23:59 EST on 7 March
      use('u1', '2026-03-08T05:00:00Z'), // 00:00 EST on 8 March: its first instant
      use('u2', '2026-03-09T03:59:00Z'), // 23:59 EDT on 8 March, 23 hours later
      use('u3', '2026-03-09T04:00:00Z'), // 00:00 EDT on 9 March
      use('u5', '2026-11-01T04:00:00Z'), // 00:00 EDT on 1 November
      use('u6', '2026-11-02T04:59:00Z'), // 23:59 EST on 1 November, 25 hours later
      use('u7', '2026-11-02T05:00:00Z'), // 00:00 EST on 2 November
    ] })
    expect(await dau(api, '2026-03-07', '2026-03-09')).toEqual({ '2026-03-07': 1, '2026-03-08': 2, '2026-03-09': 1 })
    expect(await eventsOn(api, '2026-03-08')).toBe(2)
    expect(await eventsOn(api, '2026-11-01')).toBe(2)
    expect(await dau(api, '2026-11-01', '2026-11-02')).toEqual({ '2026-11-01': 2, '2026-11-02': 1 })
  })

  it('rebuilds rollups cut in another zone on start, answering 503 "rebuilding: N %" meanwhile, and keeps ingesting', async () => {
    const utc = inProcessCollector(store, { content })
    for (const at of ['2026-03-01T16:00:00Z', '2026-02-28T14:00:00Z', '2026-03-01T18:00:00Z']) await utc.post('/v1/batch', { batch: [use('u1', at)] })
    expect(await dau(utc, '2026-02-28', '2026-03-02')).toEqual({ '2026-02-28': 1, '2026-03-01': 1, '2026-03-02': 0 })

    // The same store, now with GOYO_TIMEZONE=Asia/Tokyo: one event per rebuild transaction.
    const tokyo = inProcessCollector(store, { timeZone: 'Asia/Tokyo', content, rebuildChunkEvents: 1, now: () => Date.parse('2026-03-10T00:00:00Z') })
    const busy = await tokyo.report('/v1/reports/stickiness?from=2026-02-28&to=2026-03-02')
    expect(busy.status).toBe(503)
    expect(busy.headers.get('retry-after')).toBe('5')
    const body = await busy.json()
    expect(body).toMatchObject({ error: 'rebuilding', timeZone: 'Asia/Tokyo', previousTimeZone: 'UTC' })
    expect(body.message).toMatch(/^rebuilding: \d+ % /)
    // No playbook runs on half a history: the engine waits.
    tokyo.collector.engine!.markDirty(['A'])
    expect(await tokyo.collector.engine!.flush()).toEqual([])
    // Ingest goes on: the log is not what is rebuilt.
    expect((await tokyo.post('/v1/batch', { batch: [use('u2', '2026-03-02T01:00:00Z')] })).status).toBe(200)

    let answer = busy
    for (let tries = 0; answer.status === 503 && tries < 300; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      answer = await tokyo.report('/v1/reports/stickiness?from=2026-02-28&to=2026-03-02')
    }
    expect(answer.status).toBe(200)
    expect(await dau(tokyo, '2026-02-28', '2026-03-02')).toEqual({ '2026-02-28': 1, '2026-03-01': 0, '2026-03-02': 2 })
    // Then every account is evaluated again, on the new days.
    expect((await tokyo.collector.engine!.flush()).map((e) => e.accountId)).toContain('A')
  })

  it('notices a rebuild another replica began, answers "rebuilding", and helps finish it', async () => {
    const tokyo = inProcessCollector(store, { timeZone: 'Asia/Tokyo', content, rebuildChunkEvents: 1 })
    for (const at of ['2026-03-01T16:00:00Z', '2026-02-28T14:00:00Z']) await tokyo.post('/v1/batch', { batch: [use('u1', at)] })
    expect((await tokyo.report('/v1/reports/overview')).status).toBe(200)
    // Another replica (or `goyo-collector rebuild`) empties the rollups to rebuild them in the same zone.
    await startRebuild(store.sql, 'Asia/Tokyo', { force: true })
    const busy = await tokyo.report('/v1/reports/overview')
    expect(busy.status).toBe(503)
    expect((await busy.json()).error).toBe('rebuilding')
    let answer = busy
    for (let tries = 0; answer.status === 503 && tries < 300; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      answer = await tokyo.report('/v1/reports/overview')
    }
    expect(await answer.json()).toMatchObject({ events: 2 })
    expect(await dau(tokyo, '2026-02-28', '2026-03-02')).toEqual({ '2026-02-28': 1, '2026-03-01': 0, '2026-03-02': 1 })
  })

  it('refuses to answer when another process rebuilt the rollups for another zone', async () => {
    const tokyo = inProcessCollector(store, { timeZone: 'Asia/Tokyo', content })
    await tokyo.post('/v1/batch', { batch: [use('u1', '2026-03-01T16:00:00Z')] })
    expect((await tokyo.report('/v1/reports/overview')).status).toBe(200)
    // `GOYO_TIMEZONE=UTC goyo-collector rebuild`, or a replica started with UTC.
    await startRebuild(store.sql, 'UTC')
    await continueRebuild(store.sql, BARE_POLICY)
    const res = await tokyo.report('/v1/reports/overview')
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({ error: 'time_zone_mismatch', rollups: 'UTC', configured: 'Asia/Tokyo' })
  })

  it('refuses a zone that is not an IANA name', () => {
    expect(() => inProcessCollector(store, { timeZone: 'Asia/Tokio' })).toThrow(InvalidTimeZoneError)
    expect(() => inProcessCollector(store, { timeZone: '+09:00' })).toThrow(/IANA time zone name/)
  })
})
