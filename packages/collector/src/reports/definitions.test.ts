import { contentSchema } from '@goyo/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inProcessCollector } from '../../../../test/_util/collector'
import { storeCases } from '../../../../test/_util/stores'
import { formatTable } from '../cli-report'
import { staticContent } from '../content/source'
import { evaluateAccount } from '../cs/engine'
import type { Store } from '../store/store'

/**
 * Issue 13: each defect seen on the demo and on a hand-built history, as a small history whose
 * answer is worked out by hand. Now is 2026-06-30T12:00Z. Every test here failed before its fix.
 */
const NOW = Date.parse('2026-06-30T12:00:00Z')

const content = contentSchema.parse({
  features: { invoices: {} },
  milestones: { 'first-invoice': { event: 'Invoice Sent' } },
  checklists: [{
    id: 'setup', title: 'Set up',
    items: [{ id: 'profile', title: 'Profile', doneWhen: { event: 'Profile Saved' } }, { id: 'invite', title: 'Invite', doneWhen: { event: 'User Invited' } }],
  }],
  tiers: [{ id: 'high', when: { trait: 'arr', gte: 50000 } }, { id: 'low', when: { trait: 'arr', gte: 5000 } }, { id: 'tech' }],
})

let seq = 0
const ev = (e: Record<string, unknown>) => ({ messageId: `d${++seq}`, ...e })
const track = (userId: string, event: string, timestamp: string, properties: Record<string, unknown> = {}, groupId?: string) =>
  ev({ type: 'track', userId, event, timestamp, properties, ...(groupId ? { context: { groupId } } : {}) })
const item = (userId: string, name: string, timestamp: string) => track(userId, 'Checklist Item Completed', timestamp, { checklist: 'setup', item: name }, 'A')

const EVENTS = [
  // Overview and events: the edges of 2026-06-05..2026-06-10 (UTC).
  track('p1', 'Page Seen', '2026-06-04T23:59:59Z'),
  track('p1', 'Page Seen', '2026-06-05T00:00:00Z'),
  track('p2', 'Page Seen', '2026-06-10T23:59:59.999Z', {}, 'A'),
  track('p2', 'Invoice Sent', '2026-06-11T00:00:00Z', {}, 'A'),
  // NPS: n1 answers without an account (0, then 10 later: only the latest counts), a1 in A.
  track('n1', 'Survey Answered', '2026-06-02T10:00:00Z', { survey: 'nps', score: 0 }),
  track('n1', 'Survey Answered', '2026-06-03T10:00:00Z', { survey: 'nps', score: 10 }),
  track('a1', 'Survey Answered', '2026-06-03T11:00:00Z', { survey: 'nps', score: 6 }, 'A'),
  // Checklist: c1 does profile then invite and completes after 10 h; c2 does only invite; c3
  // does profile, invite and completes after 20 h. The median of 10 h and 20 h is 15 h.
  item('c1', 'profile', '2026-06-10T00:00:00Z'),
  item('c1', 'invite', '2026-06-10T05:00:00Z'),
  track('c1', 'Checklist Completed', '2026-06-10T10:00:00Z', { checklist: 'setup' }, 'A'),
  item('c2', 'invite', '2026-06-11T00:00:00Z'),
  item('c3', 'profile', '2026-06-12T00:00:00Z'),
  item('c3', 'invite', '2026-06-12T01:00:00Z'),
  track('c3', 'Checklist Completed', '2026-06-12T20:00:00Z', { checklist: 'setup' }, 'C'),
  // Revenue: R was a low-touch customer (ARR 9,000) from January, imported long before the engine
  // first evaluated it, and grew to ARR 90,000 in March.
  ev({ type: 'group', userId: 'r1', groupId: 'R', timestamp: '2026-01-15T00:00:00Z', traits: { arr: 9000, mrr: 750 } }),
  ev({ type: 'group', userId: 'r1', groupId: 'R', timestamp: '2026-03-10T00:00:00Z', traits: { arr: 90000, mrr: 7500 } }),
]

describe.each(storeCases)('report definitions (issue 13) on $name', ({ open }) => {
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
    const res = await api.post('/v1/batch', { batch: EVENTS })
    expect(res.status, await res.clone().text()).toBe(200)
    // The engine's first evaluation of R, today: the only tier change it ever recorded.
    await evaluateAccount(store.sql, content, 'R', new Date(NOW))
    await evaluateAccount(store.sql, content, 'A', new Date(NOW))
    // Holdout lift: treated 1 of 3 converted, holdout 1 of 6, so the relative lift is exactly 1.
    const accounts = ['T1', 'T2', 'T3', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6']
    for (const account of accounts) {
      await store.sql.query(`INSERT INTO prompt_eligibility (prompt_id, account_id, user_key, holdout, first_eligible_at) VALUES ('p', $1, $1, $2, '2026-06-10T00:00:00Z')`, [account, account.startsWith('H')])
    }
    await store.sql.query(`INSERT INTO prompt_conversions (prompt_id, account_id, user_key, holdout, exposed_at, converted_at, message_id) VALUES
      ('p', 'T1', 'T1', false, '2026-06-10T00:00:00Z', '2026-06-11T00:00:00Z', 'x1'), ('p', 'H1', 'H1', true, '2026-06-10T00:00:00Z', '2026-06-11T00:00:00Z', 'x2')`)
  })
  afterAll(async () => store.close())

  it('overview and events honour from/to, both days included (UTC), and are all time without them', async () => {
    const all = await get('/v1/reports/overview')
    expect(all.events).toBe(EVENTS.length)
    const period = await get('/v1/reports/overview?from=2026-06-05&to=2026-06-10')
    // p1 on 06-05 00:00, p2 on 06-10 23:59:59.999, the checklist's first three events on 06-10.
    expect(period).toEqual({ events: 5, users: 3, accounts: 1, firstEventAt: '2026-06-05T00:00:00.000Z', lastEventAt: '2026-06-10T23:59:59.999Z' })
    const events = await get('/v1/reports/events?from=2026-06-05&to=2026-06-10')
    expect(events.reduce((sum: number, row: any) => sum + row.count, 0)).toBe(period.events)
    expect(events.find((row: any) => row.event === 'Page Seen')).toEqual({ event: 'Page Seen', count: 2, users: 2, accounts: 1 })
    // An open end: everything from 06-11 on.
    expect((await get('/v1/reports/overview?from=2026-06-11')).firstEventAt).toBe('2026-06-11T00:00:00.000Z')
    expect((await api.report('/v1/reports/overview?from=2026-06-10&to=2026-06-01')).status).toBe(400)
    expect((await api.report('/v1/reports/events?tier=high')).status).toBe(400)
  })

  it('NPS counts every respondent once, with a "no account" row by tier and over time', async () => {
    const r = await get('/v1/reports/nps?from=2026-06-01&to=2026-06-30&interval=month')
    // n1's latest answer is 10 (no account), a1's is 6 (A, tier tech).
    expect(r).toMatchObject({ respondents: 2, promoters: 1, passives: 0, detractors: 1, nps: 0 })
    expect(r.byTier).toEqual([
      { tier: 'tech', noAccount: false, respondents: 1, promoters: 0, passives: 0, detractors: 1, nps: -100 },
      { tier: null, noAccount: true, respondents: 1, promoters: 1, passives: 0, detractors: 0, nps: 100 },
    ])
    expect(r.overTime).toEqual([{
      start: '2026-06-01', respondents: 2, promoters: 1, passives: 0, detractors: 1, nps: 0,
      noAccount: { respondents: 1, promoters: 1, passives: 0, detractors: 0, nps: 100 },
    }])
  })

  it('checklist steps never grow, and the median time to complete interpolates', async () => {
    const r = await get('/v1/reports/checklists?from=2026-06-01&to=2026-06-30')
    const [setup] = r.checklists
    expect(setup).toMatchObject({ started: 3, completed: 2, medianHoursToComplete: 15 })
    // c2 did invite without profile: 3 completed invite, but only c1 and c3 reached the step.
    expect(setup.items).toEqual([
      { item: 'profile', title: 'Profile', users: 2, completedAnyOrder: 2, rate: 0.6667, stepRate: 0.6667 },
      { item: 'invite', title: 'Invite', users: 2, completedAnyOrder: 3, rate: 0.6667, stepRate: 1 },
    ])
  })

  it('computes the relative lift from the counts: equal gains give exactly 1, not 0.9994', async () => {
    const r = await get('/v1/reports/prompts?from=2026-06-01&to=2026-06-30')
    const p = r.prompts.find((x: any) => x.prompt === 'p')
    expect(p.lift).toMatchObject({ absolute: 0.1667, relative: 1 })
  })

  it('time to value looks back 90 days by default, in the API as on the dashboard and in the CLI', async () => {
    const r = await get('/v1/reports/ttv')
    expect(r.period).toEqual({ from: '2026-04-02', to: '2026-06-30', days: 90 })
    // The other reports keep their 30 days.
    expect((await get('/v1/reports/checklists')).period.from).toBe('2026-06-01')
  })

  it('places a month of imported revenue in the tier its traits had then, never null', async () => {
    const r = await get('/v1/reports/revenue-tiers?from=2026-01&to=2026-04')
    expect(r.months).toEqual([
      { month: '2026-01', tier: 'low', accounts: 1, mrr: 750 },
      { month: '2026-02', tier: 'low', accounts: 1, mrr: 750 },
      { month: '2026-03', tier: 'high', accounts: 1, mrr: 7500 },
      { month: '2026-04', tier: 'high', accounts: 1, mrr: 7500 },
    ])
    // LTV groups account-months by the same historical tier, at each month's start.
    const ltv = await get('/v1/reports/ltv?from=2026-02&to=2026-04')
    expect(ltv.byTier.map((t: any) => [t.tier, t.accountMonths])).toEqual([['high', 1], ['low', 2]])
  })
})

describe('the CLI table', () => {
  it('says what "-" means, and where the reason is', () => {
    const text = formatTable([{ milestone: 'm', medianHours: null, note: 'median: not reached: 1 of 4 units reached value' }])
    expect(text).toMatch(/- = no value \(the note column says why\)/)
    expect(formatTable([{ a: 1 }])).not.toMatch(/no value/)
  })
})
