import { contentSchema } from '@goyo/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inProcessCollector } from '../../../../test/_util/collector'
import { storeCases } from '../../../../test/_util/stores'
import { staticContent } from '../content/source'
import type { Store } from '../store/store'

/**
 * The golden dataset: a handful of users and accounts whose every report answer is worked out by
 * hand below. Now is 2026-06-30T12:00Z; the default period is 2026-06-01..06-30 and the previous
 * one 2026-05-02..05-31. Timestamps carry time zones (the UTC day is what counts), some events
 * arrive a month late, n1 has no account, v1 is an anonymous visitor, c1 never reaches value.
 *
 * Active UTC days (every tracked event or page):
 *   a1 (A): 06-02, 06-03, 06-20    a2 (A): 06-25     b1 (B): 05-15, 05-20, 06-10, 06-11
 *   c1 (C): 05-06, 06-15, 06-30    n1 (none): 05-01, 06-05    v1 (anonymous): 06-07
 *   D has a user (d1) but no usage.
 */
const NOW = Date.parse('2026-06-30T12:00:00Z')

const content = contentSchema.parse({
  features: { invoices: {}, reports: { events: ['Report Exported'] } },
  milestones: { 'first-invoice': { event: 'Invoice Sent' } },
  checklists: [{
    id: 'setup', title: 'Set up',
    items: [{ id: 'profile', title: 'Profile', doneWhen: { event: 'Profile Saved' } }, { id: 'invite', title: 'Invite', doneWhen: { event: 'User Invited' } }],
  }],
  prompts: [{ id: 'upgrade', kind: 'banner', title: 'Payroll', body: 'Try payroll', cta: { label: 'Try', href: '/payroll' }, holdout: 0.5 }],
  tiers: [{ id: 'high', when: { trait: 'arr', gte: 50000 } }, { id: 'low', when: { trait: 'arr', gte: 5000 } }, { id: 'tech' }],
  health: { measures: [{ id: 'breadth', weight: 1, keyFeatures: ['invoices', 'reports'] }], bands: { red: 40, yellow: 70 } },
})

let seq = 0
const ev = (e: Record<string, unknown>) => ({ messageId: `g${++seq}`, ...e })
const track = (userId: string, event: string, timestamp: string, properties: Record<string, unknown> = {}) =>
  ev({ type: 'track', userId, event, timestamp, properties })

const EVENTS = [
  // a1: signs up 06-02 10:00Z in account A (ARR 90,000, has payroll).
  ev({ type: 'identify', userId: 'a1', timestamp: '2026-06-02T10:00:00Z', traits: { createdAt: '2026-06-02T10:00:00Z' } }),
  ev({ type: 'group', userId: 'a1', groupId: 'A', timestamp: '2026-06-02T10:00:00Z', traits: { name: 'Acme', arr: 90000, products: ['payroll'], createdAt: '2026-06-02T09:00:00Z' } }),
  track('a1', 'Feature Used', '2026-06-03T08:00:00+09:00', { feature: 'invoices' }), // 06-02 23:00Z
  track('a1', 'Checklist Item Completed', '2026-06-02T11:00:00Z', { checklist: 'setup', item: 'profile' }),
  track('a1', 'Invoice Sent', '2026-06-02T20:00:00-04:00'), // 06-03 00:00Z: TTV 14 h (account A: 15 h)
  track('a1', 'Survey Answered', '2026-06-03T10:00:00Z', { survey: 'nps', score: 10 }),
  track('a1', 'Checklist Item Completed', '2026-06-03T10:00:00Z', { checklist: 'setup', item: 'invite' }),
  track('a1', 'Checklist Completed', '2026-06-03T10:00:00Z', { checklist: 'setup' }), // 23 h after the first item
  track('a1', 'Prompt Shown', '2026-06-03T10:30:00Z', { prompt: 'upgrade' }),
  track('a1', 'Prompt Clicked', '2026-06-03T10:31:00Z', { prompt: 'upgrade' }),
  track('a1', 'Report Exported', '2026-06-20T10:00:00Z'),
  track('a1', 'Survey Answered', '2026-06-20T10:05:00Z', { survey: 'nps', score: 6 }), // a1's latest: detractor
  // a2: no createdAt, first seen 06-25 in A; never reaches value.
  ev({ type: 'identify', userId: 'a2', timestamp: '2026-06-25T10:00:00Z', traits: {} }),
  ev({ type: 'group', userId: 'a2', groupId: 'A', timestamp: '2026-06-25T10:00:00Z' }),
  track('a2', 'Feature Used', '2026-06-25T10:00:00Z', { feature: 'invoices' }),
  track('a2', 'Checklist Item Completed', '2026-06-25T10:05:00Z', { checklist: 'setup', item: 'profile' }),
  track('a2', 'Survey Answered', '2026-06-25T10:10:00Z', { survey: 'nps', score: 8 }),
  // b1: account B (ARR 9,000, no products), signed up 05-10.
  ev({ type: 'identify', userId: 'b1', timestamp: '2026-05-10T00:00:00Z', traits: { createdAt: '2026-05-10T00:00:00Z' } }),
  ev({ type: 'group', userId: 'b1', groupId: 'B', timestamp: '2026-05-10T00:00:00Z', traits: { name: 'Beta', arr: 9000, products: [], createdAt: '2026-05-10T00:00:00Z' } }),
  track('b1', 'Checklist Item Completed', '2026-05-15T09:00:00Z', { checklist: 'setup', item: 'profile' }),
  track('b1', 'Checklist Completed', '2026-05-15T10:00:00Z', { checklist: 'setup' }),
  track('b1', 'Feature Used', '2026-05-15T08:00:00Z', { feature: 'invoices' }),
  track('b1', 'Invoice Sent', '2026-05-20T00:00:00Z'), // TTV 240 h
  track('b1', 'Survey Answered', '2026-05-20T01:00:00Z', { survey: 'nps', score: 3 }), // before the period
  track('b1', 'Report Exported', '2026-06-10T12:00:00Z'),
  track('b1', 'Prompt Shown', '2026-06-10T12:05:00Z', { prompt: 'upgrade' }),
  track('b1', 'Survey Answered', '2026-06-10T12:10:00Z', { survey: 'nps', score: 9 }),
  track('b1', 'Feature Used', '2026-06-11T09:00:00Z', { feature: 'reports' }),
  // c1: account C (ARR 900, has payroll), created 05-05, first seen 05-06; never reaches value.
  ev({ type: 'identify', userId: 'c1', timestamp: '2026-05-06T09:00:00Z', traits: { createdAt: '2026-05-05T00:00:00Z' } }),
  ev({ type: 'group', userId: 'c1', groupId: 'C', timestamp: '2026-05-06T09:00:00Z', traits: { name: 'Cora', arr: 900, products: ['payroll'], createdAt: '2026-05-05T00:00:00Z' } }),
  ev({ type: 'page', userId: 'c1', name: 'Home', timestamp: '2026-05-06T09:00:00Z', properties: { path: '/home' } }),
  track('c1', 'Report Exported', '2026-06-15T10:00:00Z'),
  track('c1', 'Checklist Item Completed', '2026-06-15T10:00:00Z', { checklist: 'setup', item: 'invite' }),
  track('c1', 'Survey Answered', '2026-06-30T20:00:00+09:00', { survey: 'nps', score: 10 }), // 06-30 11:00Z
  // n1: no account; signed up 05-01 12:00Z and reached value 30 min later.
  ev({ type: 'identify', userId: 'n1', timestamp: '2026-05-01T12:00:00Z', traits: { createdAt: '2026-05-01T12:00:00Z' } }),
  track('n1', 'Invoice Sent', '2026-05-01T12:30:00Z'),
  track('n1', 'Feature Used', '2026-06-05T12:00:00Z', { feature: 'invoices' }),
  track('n1', 'Checklist Dismissed', '2026-06-05T12:10:00Z', { checklist: 'setup' }),
  track('n1', 'Survey Answered', '2026-06-05T12:20:00Z', { survey: 'nps', score: 0 }), // no account: its own NPS row
  // v1: an anonymous visitor.
  ev({ type: 'track', anonymousId: 'v1', event: 'Feature Used', timestamp: '2026-06-07T10:00:00Z', properties: { feature: 'invoices' } }),
  // D: an account with a user and no usage, created before the TTV period.
  ev({ type: 'group', userId: 'd1', groupId: 'D', timestamp: '2026-04-01T00:00:00Z', traits: { name: 'Dora', createdAt: '2026-04-01T00:00:00Z' } }),
]

/** State the engine and content delivery would have written, seeded directly. */
async function seedState(store: Store) {
  const q = (text: string, params: unknown[] = []) => store.sql.query(text, params)
  const drivers = [{ id: 'breadth', score: 50, loss: 50, detail: '1 of 2 key features used' }]
  await q(`INSERT INTO account_state (account_id, tier, health_score, health_band, health) VALUES
    ('A', 'high', 78, 'green', '{"measures":[],"drivers":[]}'),
    ('B', 'low', 55, 'yellow', $1),
    ('C', 'tech', 30, 'red', $1)`, [JSON.stringify({ measures: [], drivers })])
  await q(`INSERT INTO health_snapshots (account_id, day, score, band, tier, measures) VALUES
    ('A', '2026-06-02', 90, 'green', 'high', '[]'), ('A', '2026-06-23', 85, 'green', 'high', '[]'),
    ('B', '2026-06-23', 70, 'yellow', 'low', '[]'),
    ('C', '2026-05-20', 80, 'green', 'tech', '[]'), ('C', '2026-06-22', 45, 'yellow', 'tech', '[]')`)
  await q(`INSERT INTO timeline (account_id, at, kind, title, data) VALUES
    ('B', '2026-06-15T00:00:00Z', 'tier_changed', 't', '{"from":"high","to":"low"}'),
    ('C', '2026-06-16T00:00:00Z', 'band_changed', 't', '{"from":"yellow","to":"red"}'),
    ('A', '2026-06-01T00:00:00Z', 'band_changed', 't', '{"from":null,"to":"green"}'),
    ('C', '2026-05-15T00:00:00Z', 'band_changed', 't', '{"from":"green","to":"yellow"}')`)
  await q(`INSERT INTO prompt_eligibility (prompt_id, account_id, user_key, holdout, first_eligible_at) VALUES
    ('upgrade', 'A', 'a1', false, '2026-06-03T10:00:00Z'), ('upgrade', 'A', 'a2', false, '2026-06-26T00:00:00Z'),
    ('upgrade', 'B', 'b1', false, '2026-06-10T12:00:00Z'), ('upgrade', 'T3', 't3', false, '2026-06-14T00:00:00Z'),
    ('upgrade', 'C', 'c1', true, '2026-06-12T00:00:00Z'), ('upgrade', 'H2', 'h2', true, '2026-06-13T00:00:00Z'),
    ('upgrade', 'F', 'f1', false, '2026-05-20T00:00:00Z')`)
  await q(`INSERT INTO prompt_conversions (prompt_id, account_id, user_key, holdout, exposed_at, converted_at, message_id) VALUES
    ('upgrade', 'A', 'a1', false, '2026-06-03T10:30:00Z', '2026-06-07T00:00:00Z', 'x1'),
    ('upgrade', 'H2', 'h2', true, '2026-06-13T00:00:00Z', '2026-06-20T00:00:00Z', 'x2')`)
  await q(`INSERT INTO prompt_suppressions (prompt_id, day, reason, count) VALUES
    ('upgrade', '2026-06-10', 'maxShows', 3), ('upgrade', '2026-06-11', 'maxShows', 2),
    ('upgrade', '2026-06-11', 'dailyCap', 1), ('upgrade', '2026-05-30', 'maxShows', 7)`)
}

describe.each(storeCases)('reports on the golden dataset on $name', ({ open }) => {
  let store: Store
  let api: ReturnType<typeof inProcessCollector>
  const get = async (path: string) => {
    const res = await api.report(path)
    expect(res.status, await res.clone().text()).toBe(200)
    return res.json() as Promise<any>
  }

  beforeAll(async () => {
    store = await open()
    seq = 0
    api = inProcessCollector(store, { content: staticContent(content), now: () => NOW, rateLimit: false })
    // The late events are sent a month after they happened; the UTC day of their timestamp counts.
    for (let i = 0; i < EVENTS.length; i += 10) {
      const res = await api.post('/v1/batch', { batch: EVENTS.slice(i, i + 10) })
      expect(res.status).toBe(200)
    }
    await seedState(store)
  })
  afterAll(async () => {
    await api?.collector.engine?.stop()
    await store?.close()
  })

  it('adoption: per feature against active users and accounts, with the previous period', async () => {
    const r = await get('/v1/reports/adoption')
    expect(r.period).toEqual({ from: '2026-06-01', to: '2026-06-30', days: 30 })
    expect(r.previousPeriod).toEqual({ from: '2026-05-02', to: '2026-05-31' })
    // Active in June: users a1 a2 b1 c1 n1 (v1 is anonymous), accounts A B C. In May 2-31: b1 c1, B C.
    expect(r.active).toEqual({ users: 5, accounts: 3 })
    expect(r.previousActive).toEqual({ users: 2, accounts: 2 })
    const [invoices, reports] = r.features
    // invoices: a1 a2 n1 → 3/5; account A → 1/3; uses a1 a2 n1 v1 = 4; depth: A's 2 uses / 1.
    // May: b1 → 1/2, B → 1/2.
    expect(invoices).toMatchObject({
      feature: 'invoices', configured: true, users: 3, accounts: 1, uses: 4, userRate: 0.6, accountRate: 0.3333, depth: 2,
      previous: { users: 1, accounts: 1, uses: 1, userRate: 0.5, accountRate: 0.5, depth: 1 },
      change: { userRate: 0.1, accountRate: -0.1667, users: 2, accounts: 0 },
    })
    // reports: Report Exported by a1 b1 c1 plus b1's Feature Used → users 3/5, accounts 3/3, uses 4, depth 4/3.
    expect(reports).toMatchObject({
      feature: 'reports', users: 3, accounts: 3, uses: 4, userRate: 0.6, accountRate: 1, depth: 1.33,
      previous: { users: 0, accounts: 0, uses: 0, userRate: 0, accountRate: 0, depth: null },
      change: { userRate: 0.6, accountRate: 1 },
    })
    // Breadth over the key features: A 2/2, B 1/2 (reports), C 1/2 (reports); mean 2/3.
    expect(r.breadth).toEqual({
      keyFeatures: ['invoices', 'reports'], meanShare: 0.6667,
      accounts: [
        { accountId: 'A', tier: 'high', used: 2, total: 2, share: 1 },
        { accountId: 'B', tier: 'low', used: 1, total: 2, share: 0.5 },
        { accountId: 'C', tier: 'tech', used: 1, total: 2, share: 0.5 },
      ],
    })
  })

  it('adoption: the tier filter keeps the tier\'s accounts, the feature filter one feature', async () => {
    // high = A: users a1 a2, both used invoices, a1 reports.
    const r = await get('/v1/reports/adoption?tier=high')
    expect(r.active).toEqual({ users: 2, accounts: 1 })
    expect(r.features.map((f: any) => [f.feature, f.users, f.userRate, f.accountRate])).toEqual([['invoices', 2, 1, 1], ['reports', 1, 0.5, 1]])
    const one = await get('/v1/reports/adoption?feature=reports')
    expect(one.features.map((f: any) => f.feature)).toEqual(['reports'])
  })

  it('stickiness: rolling DAU, WAU and MAU for users and accounts', async () => {
    const r = await get('/v1/reports/stickiness')
    const day = (unit: 'users' | 'accounts', d: string) => r[unit].series.find((s: any) => s.day === d)
    expect(r.users.series).toHaveLength(30)
    // 06-01: MAU over 05-03..06-01 = b1, c1; nobody that week.
    expect(day('users', '2026-06-01')).toEqual({ day: '2026-06-01', dau: 0, wau: 0, mau: 2, dauMau: 0, wauMau: 0 })
    // 06-11: DAU b1; WAU (06-05..11) n1 b1; MAU (05-13..06-11) b1 a1 n1.
    expect(day('users', '2026-06-11')).toEqual({ day: '2026-06-11', dau: 1, wau: 2, mau: 3, dauMau: 0.3333, wauMau: 0.6667 })
    // 06-30: DAU c1 (its 20:00+09:00 answer); WAU a2 c1; MAU all five.
    expect(day('users', '2026-06-30')).toEqual({ day: '2026-06-30', dau: 1, wau: 2, mau: 5, dauMau: 0.2, wauMau: 0.4 })
    expect(day('accounts', '2026-06-11')).toEqual({ day: '2026-06-11', dau: 1, wau: 1, mau: 2, dauMau: 0.5, wauMau: 0.5 })
    expect(day('accounts', '2026-06-30')).toEqual({ day: '2026-06-30', dau: 1, wau: 2, mau: 3, dauMau: 0.3333, wauMau: 0.6667 })

    // high = A: its members a1 (06-02, 06-03, 06-20) and a2 (06-25).
    const high = await get('/v1/reports/stickiness?tier=high')
    expect(high.users.series.find((s: any) => s.day === '2026-06-30')).toMatchObject({ dau: 0, wau: 1, mau: 2 })
    expect(high.users.series.find((s: any) => s.day === '2026-06-03')).toMatchObject({ dau: 1, wau: 1, mau: 1 })
    expect(high.accounts.series.find((s: any) => s.day === '2026-06-30')).toMatchObject({ dau: 0, wau: 1, mau: 1 })
  })

  it('ttv: quantiles over every unit, the ones still waiting ranked last as +∞ ("not reached")', async () => {
    const r = await get('/v1/reports/ttv?from=2026-05-01&to=2026-06-30')
    expect(r.milestones).toHaveLength(1)
    const users = r.milestones[0].users
    // Started in the period: n1 (0.5 h), c1 (waiting), b1 (240 h), a1 (14 h), a2 (waiting).
    // [0.5, 14, 240, ∞, ∞]: the median is rank 3 = 240 h; p75 (rank 4) and p90 (3.6) touch ∞.
    expect(users).toMatchObject({ units: 5, reached: 3, notYet: 2, medianHours: 240, p75Hours: null, p90Hours: null })
    expect(users.reasons).toEqual({ p75: 'not reached: 3 of 5 units reached value', p90: 'not reached: 3 of 5 units reached value' })
    expect(Object.fromEntries(users.buckets.map((b: any) => [b.bucket, b.units]))).toEqual({
      '<1h': 1, '1-24h': 1, '1-3d': 0, '3-7d': 0, '7-14d': 1, '14-30d': 0, '30-90d': 0, '>90d': 0, notYet: 2,
    })
    // One population, the 5 units, for every N: n1 a1 within a day, b1 within 14 days. a2 (5 days
    // old, waiting) may still make it within 7, 14 or 30 days: open.
    expect(users.reachedBy).toEqual([
      { days: 1, eligible: 5, reached: 2, share: 0.4, open: 0 },
      { days: 7, eligible: 5, reached: 2, share: 0.4, open: 1 },
      { days: 14, eligible: 5, reached: 3, share: 0.6, open: 1 },
      { days: 30, eligible: 5, reached: 3, share: 0.6, open: 1 },
    ])
    // Cohorts (Monday weeks): 04-27 n1 → 0.5 h; 05-04 b1 and c1 → [240, ∞]: not reached;
    // 06-01 a1 → 14 h, however young; 06-22 a2 → not reached.
    const cohort = (week: string) => users.byCohort.find((c: any) => c.week === week)
    expect(users.byCohort.map((c: any) => c.week)).toEqual(['2026-04-27', '2026-05-04', '2026-06-01', '2026-06-22'])
    expect(cohort('2026-04-27').medianHours).toBe(0.5)
    expect(cohort('2026-05-04')).toMatchObject({ units: 2, reached: 1, medianHours: null, reasons: { median: 'not reached: 1 of 2 units reached value' } })
    expect(cohort('2026-06-01').medianHours).toBe(14)
    expect(cohort('2026-06-22').medianHours).toBeNull()
    // By tier (accounts' current tier): low = b1 → 240 h; tech = c1 → none; high = a1 a2 → [14, ∞].
    const tier = (t: string | null) => users.byTier.find((x: any) => x.tier === t)
    expect(tier('low').medianHours).toBe(240)
    expect(tier('tech')).toMatchObject({ units: 1, reached: 0, medianHours: null })
    expect(tier('high')).toMatchObject({ units: 2, medianHours: null })
    expect(tier(null)).toMatchObject({ units: 1, medianHours: 0.5 })
    // Accounts started in the period: A (15 h), B (240 h), C (waiting) → [15, 240, ∞]: median 240 h.
    const accounts = r.milestones[0].accounts
    expect(accounts).toMatchObject({ units: 3, reached: 2, notYet: 1, medianHours: 240, p75Hours: null })
    expect(accounts.buckets.filter((b: any) => b.units > 0)).toEqual([{ bucket: '1-24h', units: 1 }, { bucket: '7-14d', units: 1 }, { bucket: 'notYet', units: 1 }])
  })

  it('checklists: the funnel over users who started in the period', async () => {
    const r = await get('/v1/reports/checklists')
    // Started in June: a1, a2, c1 (an item each) and n1 (dismissed); b1 started in May.
    expect(r.checklists).toEqual([{
      checklist: 'setup', configured: true, started: 4, completed: 1, dismissed: 1, completionRate: 0.25, medianHoursToComplete: 23,
      // The funnel: a1 a2 did profile; of them a1 did invite (c1 did invite without profile).
      items: [
        { item: 'profile', title: 'Profile', users: 2, completedAnyOrder: 2, rate: 0.5, stepRate: 0.5 },
        { item: 'invite', title: 'Invite', users: 1, completedAnyOrder: 2, rate: 0.25, stepRate: 0.5 },
      ],
    }])
  })

  it('prompts: funnel, holdout lift with its 95% interval, suppressed shows', async () => {
    const r = await get('/v1/reports/prompts')
    const [p] = r.prompts
    // Treated accounts first eligible in June: A (2 users), B, T3; holdout: C, H2. F was eligible in May.
    expect(p.treated).toEqual({
      accounts: 3, users: 4, shownAccounts: 2, shownUsers: 2, clickedAccounts: 1, clickedUsers: 1, convertedAccounts: 1, conversionRate: 0.3333,
    })
    expect(p.holdout).toMatchObject({ accounts: 2, users: 2, shownAccounts: 0, convertedAccounts: 1, conversionRate: 0.5 })
    expect(p).toMatchObject({ impressionRate: 0.6667, clickThroughRate: 0.5, viewerConversionRate: 0.5 })
    // 1/3 − 1/2 = −1/6, relative −1/6 / 1/2 = −1/3 (from the counts, not −0.1667 / 0.5); Newcombe: Wilson(1/3) = [0.0615, 0.7923], Wilson(1/2) = [0.0945, 0.9055] →
    // low = −1/6 − √((1/3−0.0615)² + (0.9055−1/2)²) = −0.6548, high = −1/6 + √((0.7923−1/3)² + (1/2−0.0945)²) = 0.4458.
    expect(p.lift).toEqual({ absolute: -0.1667, relative: -0.3333, ci95: { low: -0.6548, high: 0.4458 }, method: 'newcombe-wilson' })
    expect(p.events).toEqual({ shown: 2, clicked: 1, dismissed: 0 })
    expect(p.suppressed).toEqual([{ reason: 'dailyCap', count: 1 }, { reason: 'maxShows', count: 5 }])
  })

  it('nps: latest answer per respondent, with or without an account, by tier and by week', async () => {
    const r = await get('/v1/reports/nps')
    // a1 6 (latest), a2 8, b1 9, c1 10, n1 0 (no account); b1's 3 is from May.
    expect(r).toMatchObject({ respondents: 5, promoters: 2, passives: 1, detractors: 2, nps: 0, interval: 'week' })
    expect(r.byTier).toEqual([
      { tier: 'high', noAccount: false, respondents: 2, promoters: 0, passives: 1, detractors: 1, nps: -50 },
      { tier: 'low', noAccount: false, respondents: 1, promoters: 1, passives: 0, detractors: 0, nps: 100 },
      { tier: 'tech', noAccount: false, respondents: 1, promoters: 1, passives: 0, detractors: 0, nps: 100 },
      { tier: null, noAccount: true, respondents: 1, promoters: 0, passives: 0, detractors: 1, nps: -100 },
    ])
    // Week of 06-01: a1's 10 (06-03) and n1's 0 (06-05).
    expect(r.overTime.map((w: any) => [w.start, w.respondents, w.nps, w.noAccount.respondents])).toEqual([
      ['2026-06-01', 2, 0, 1], ['2026-06-08', 1, 100, 0], ['2026-06-15', 1, -100, 0], ['2026-06-22', 1, 0, 0], ['2026-06-29', 1, 100, 0],
    ])
    const monthly = await get('/v1/reports/nps?interval=month')
    expect(monthly.overTime.map((w: any) => [w.start, w.respondents, w.nps])).toEqual([['2026-06-01', 5, 0]])
  })

  it('segments: tier × band now, and the transitions in the period', async () => {
    const r = await get('/v1/reports/segments')
    expect(r.matrix).toEqual([
      { tier: 'high', band: 'green', accounts: 1 }, { tier: 'low', band: 'yellow', accounts: 1 },
      { tier: 'tech', band: 'red', accounts: 1 }, { tier: null, band: null, accounts: 1 },
    ])
    expect(r.transitions).toEqual([
      { kind: 'tier', from: 'high', to: 'low', count: 1 },
      { kind: 'band', from: null, to: 'green', count: 1 },
      { kind: 'band', from: 'yellow', to: 'red', count: 1 },
    ])
  })

  it('at-risk: red and declining accounts by ARR, with drivers', async () => {
    const r = await get('/v1/reports/at-risk')
    // A: 78 vs 90 (06-02) = −12, but green: never at risk. B: yellow, 55 vs 70 = −15.
    // C: red, 30 vs 45 (06-22) = −15; its 05-20 snapshot is too old for the 28-day mark.
    expect(r.accounts.map((a: any) => [a.accountId, a.arr, a.change7d, a.change28d, a.reasons])).toEqual([
      ['B', 9000, -15, null, ['declining7d']],
      ['C', 900, -15, null, ['red', 'declining7d']],
    ])
    expect(r.accounts[1].drivers[0]).toMatchObject({ id: 'breadth', detail: '1 of 2 key features used' })
  })

  it('cross-sell: the population is the accounts active in the window; too few owners fit no model', async () => {
    const r = await get('/v1/reports/cross-sell')
    // Active 04-02..06-30: A, B, C. D's only event is on 04-01. Payroll: A and C, so 2 owners
    // and 1 non-owner: fewer than 3 of each, no model and no ranking, and the report says so.
    expect(r.accounts).toBe(3)
    const [payroll] = r.products
    expect(payroll).toMatchObject({ product: 'payroll', owners: 2, share: 0.6667, model: null, candidates: { total: 0, items: [], nextCursor: null } })
    expect(payroll.backtest).toMatchObject({ status: 'no_model', auc: null })
  })

  it('answers CSV with the main table', async () => {
    const res = await api.report('/v1/reports/adoption?format=csv')
    expect(res.headers.get('content-type')).toMatch(/text\/csv/)
    const [header, first] = (await res.text()).split('\r\n')
    expect(header).toBe('feature,users,accounts,uses,userRate,accountRate,depth,previousUserRate,previousAccountRate,userRateChange,accountRateChange')
    expect(first).toBe('invoices,3,1,4,0.6,0.3333,2,0.5,0.5,0.1,-0.1667')
  })

  it('refuses bad parameters with a 400 naming each, the write key with 403, and unknown reports with 404', async () => {
    const bad = await api.report('/v1/reports/adoption?from=2026-13-01&interval=year&form=x')
    expect(bad.status).toBe(400)
    const body = await bad.json()
    expect(body.error).toBe('invalid_query')
    expect(body.message).toMatch(/from/)
    expect(body.message).toMatch(/interval/)
    expect(body.message).toMatch(/form/)
    const reversed = await api.report('/v1/reports/nps?from=2026-06-10&to=2026-06-01')
    expect(reversed.status).toBe(400)
    expect((await api.report('/v1/reports/ttv?format=xml')).status).toBe(400)
    const asWriter = await api.request('/v1/reports/adoption', { headers: { authorization: `Bearer ${api.keys.writeKey}` } })
    expect(asWriter.status).toBe(403)
    expect((await api.request('/v1/reports/adoption')).status).toBe(401)
    expect((await api.report('/v1/reports/nope')).status).toBe(404)
    // The foundation's reports still answer.
    expect((await api.report('/v1/reports/overview')).status).toBe(200)
    expect((await api.report('/v1/reports/events?format=csv')).status).toBe(200)
  })
})
