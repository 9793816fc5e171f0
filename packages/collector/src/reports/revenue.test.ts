import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { contentSchema } from '@goyo/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inProcessCollector } from '../../../../test/_util/collector'
import { storeCases } from '../../../../test/_util/stores'
import { reportCommand } from '../cli-report'
import { staticContent } from '../content/source'
import type { Store } from '../store/store'

/**
 * The revenue golden year: twelve accounts A–L through 2025, sent through the real write path.
 * Every figure asserted below is worked out by hand in these comments, never by the code.
 * Now is 2026-01-10; the period is 2025-01..2025-12, so December 2024 gives January's start.
 *
 * MRR at each month end (Dec 2024 first; "·" = 0):
 *
 * |   | D24 | Jan | Feb | Mar | Apr | May | Jun | Jul | Aug | Sep | Oct | Nov | Dec | what happens |
 * |---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
 * | A | 100 | 100 | 100 | 100 | 100 | 100 | 100 | 100 | 100 | 100 | 100 | 100 | 100 | flat |
 * | B | 200 | 200 | 200 | 300 | 300 | 300 | 300 | 300 | 250 | 250 | 250 | 250 | 250 | upsell Mar +100, contraction Aug −50 |
 * | C | 500 | 500 | 500 | 500 | 500 | 650 | 650 | 650 | 650 | 650 | 650 | 650 | 650 | ARR 6000 only (→ 500); cross-sell May +150 (payroll added) |
 * | D | 300 | 300 | 300 | 300 | · | · | · | · | · | 320 | 320 | 320 | 320 | churn Apr −300; reactivation Sep +320 |
 * | E | · | · | 150 | 150 | 150 | 150 | 180 | 180 | 180 | 180 | 180 | · | · | new Feb; upsell Jun +30; churn Nov −180 |
 * | F | · | · | · | 80 | 80 | 80 | 80 | 120 | 120 | 120 | 120 | 120 | 120 | new Mar; cross-sell Jul +40 (expenses added; sent last, out of order) |
 * | G | 1000 | 1000 | 800 | 800 | 800 | 800 | 800 | 800 | 800 | 800 | 1200 | 1200 | 1200 | contraction Feb −200; upsell Oct +400 |
 * | H | · | 60 | 60 | · | · | · | · | · | · | · | · | · | · | new Jan; churn Mar −60 |
 * | I | 400 | 400 | 400 | 400 | 400 | 400 | 350 | 350 | 350 | 350 | 350 | 350 | 350 | contraction Jun −50 |
 * | J | · | · | · | · | · | · | · | 250 | 250 | 250 | 250 | 250 | 250 | paid 04-03, cancelled 04-25 (no month-end MRR); reactivation Jul +250 |
 * | K | 700 | 900 | 900 | 900 | 900 | 900 | 900 | 900 | 900 | 1000 | 1000 | 1000 | 1000 | upsell Jan +200 (sent last, out of order); upsell Sep +100 (ARR 12000 only) |
 * | L | · | · | · | · | · | · | · | · | · | · | 90 | 90 | 90 | free (mrr 0) from Feb; new Oct |
 *
 * Bridge (S + new + reactivation + expansion − contraction − churned = ending):
 *
 * | month | S | new | react | exp (upsell / cross) | contr | churned | ending | at start / lost / at end |
 * |---|---|---|---|---|---|---|---|---|
 * | Jan | 3200 | 60 (H) | 0 | 200 (200 / 0) K | 0 | 0 | 3460 | 7 / 0 / 8 |
 * | Feb | 3460 | 150 (E) | 0 | 0 | 200 G | 0 | 3410 | 8 / 0 / 9 |
 * | Mar | 3410 | 80 (F) | 0 | 100 (100 / 0) B | 0 | 60 H | 3530 | 9 / 1 / 9 |
 * | Apr | 3530 | 0 | 0 | 0 | 0 | 300 D | 3230 | 9 / 1 / 8 |
 * | May | 3230 | 0 | 0 | 150 (0 / 150) C | 0 | 0 | 3380 | 8 / 0 / 8 |
 * | Jun | 3380 | 0 | 0 | 30 (30 / 0) E | 50 I | 0 | 3360 | 8 / 0 / 8 |
 * | Jul | 3360 | 0 | 250 (J) | 40 (0 / 40) F | 0 | 0 | 3650 | 8 / 0 / 9 |
 * | Aug | 3650 | 0 | 0 | 0 | 50 B | 0 | 3600 | 9 / 0 / 9 |
 * | Sep | 3600 | 0 | 320 (D) | 100 (100 / 0) K | 0 | 0 | 4020 | 9 / 0 / 10 |
 * | Oct | 4020 | 90 (L) | 0 | 400 (400 / 0) G | 0 | 0 | 4510 | 10 / 0 / 11 |
 * | Nov | 4510 | 0 | 0 | 0 | 0 | 180 E | 4330 | 11 / 1 / 10 |
 * | Dec | 4330 | 0 | 0 | 0 | 0 | 0 | 4330 | 10 / 0 / 10 |
 *
 * Rates, 4 decimals (logo = lost/at start; gross = (churned+contr)/S; net = (churned+contr−exp)/S;
 * GRR = (S−churned−contr)/S; NRR = (S−churned−contr+exp)/S):
 *
 * | month | logo | gross | net | GRR | NRR | negative |
 * |---|---|---|---|---|---|---|
 * | Jan | 0 | 0 | −200/3200 = −0.0625 | 1 | 3400/3200 = 1.0625 | yes |
 * | Feb | 0 | 200/3460 = 0.0578 | 0.0578 | 3260/3460 = 0.9422 | 0.9422 | no |
 * | Mar | 1/9 = 0.1111 | 60/3410 = 0.0176 | −40/3410 = −0.0117 | 3350/3410 = 0.9824 | 3450/3410 = 1.0117 | yes |
 * | Apr | 1/9 = 0.1111 | 300/3530 = 0.0850 | 0.0850 | 3230/3530 = 0.9150 | 0.9150 | no |
 * | May | 0 | 0 | −150/3230 = −0.0464 | 1 | 3380/3230 = 1.0464 | yes |
 * | Jun | 0 | 50/3380 = 0.0148 | 20/3380 = 0.0059 | 3330/3380 = 0.9852 | 3360/3380 = 0.9941 | no |
 * | Jul | 0 | 0 | −40/3360 = −0.0119 | 1 | 3400/3360 = 1.0119 | yes |
 * | Aug | 0 | 50/3650 = 0.0137 | 0.0137 | 3600/3650 = 0.9863 | 0.9863 | no |
 * | Sep | 0 | 0 | −100/3600 = −0.0278 | 1 | 3700/3600 = 1.0278 | yes |
 * | Oct | 0 | 0 | −400/4020 = −0.0995 | 1 | 4420/4020 = 1.0995 | yes |
 * | Nov | 1/11 = 0.0909 | 180/4510 = 0.0399 | 0.0399 | 4330/4510 = 0.9601 | 0.9601 | no |
 * | Dec | 0 | 0 | 0 | 1 | 1 | no (net = 0 is not negative) |
 */
const NOW = Date.parse('2026-01-10T00:00:00Z')

const content = contentSchema.parse({
  // Tiers follow a `touch` trait that the accounts' group calls set (TOUCH below); an account
  // without it (L) falls to the last tier.
  tiers: [{ id: 'high-touch', when: { trait: 'touch', eq: 'high' } }, { id: 'low-touch', when: { trait: 'touch', eq: 'low' } }, { id: 'tech-touch' }],
  prompts: [
    {
      id: 'payroll-cross-sell', kind: 'modal', title: 'Payroll', body: 'Run payroll where you invoice', cta: { label: 'Try', event: 'Payroll Trial Started' },
      convertedWhen: { event: 'Payroll Trial Started', withinDays: 14 }, holdout: 0.1,
    },
    { id: 'no-goal', kind: 'banner', title: 'Hi', body: 'No conversion goal: not in the attribution', cta: { label: 'Ok', href: '/' } },
  ],
})

let seq = 0
const group = (account: string, timestamp: string, traits: Record<string, unknown>) =>
  ({ type: 'group', userId: `billing-${account}`, groupId: account, timestamp, traits, messageId: `r${++seq}` })
const billing = (account: string, event: string, timestamp: string, properties: Record<string, unknown> = {}) =>
  ({ type: 'track', userId: `billing-${account}`, event, timestamp, properties, context: { groupId: account }, messageId: `r${++seq}` })
const created = (at: string) => ({ createdAt: at, products: ['invoicing'] })

const HISTORY = [
  group('A', '2024-06-10T09:00:00Z', { mrr: 100, ...created('2024-06-10T09:00:00Z') }),
  group('B', '2024-09-01T09:00:00Z', { mrr: 200, ...created('2024-09-01T09:00:00Z') }),
  billing('B', 'Plan Changed', '2025-03-15T09:00:00Z', { mrr: 300, seats: 12 }),
  group('B', '2025-08-05T09:00:00Z', { mrr: 250 }),
  group('C', '2024-11-05T09:00:00Z', { arr: 6000, ...created('2024-11-05T09:00:00Z') }),
  group('C', '2025-05-20T09:00:00Z', { mrr: 650, products: ['invoicing', 'payroll'] }),
  group('D', '2024-10-01T09:00:00Z', { mrr: 300, ...created('2024-10-01T09:00:00Z') }),
  billing('D', 'Subscription Cancelled', '2025-04-12T09:00:00Z'),
  billing('D', 'Subscription Started', '2025-09-03T09:00:00Z', { mrr: 320 }),
  group('E', '2025-02-09T09:00:00Z', { plan: 'starter', ...created('2025-02-09T09:00:00Z') }),
  billing('E', 'Subscription Started', '2025-02-10T09:00:00Z', { mrr: 150 }),
  billing('E', 'Plan Changed', '2025-06-10T09:00:00Z', { mrr: 180, seats: 6 }),
  billing('E', 'Subscription Cancelled', '2025-11-20T09:00:00Z'),
  group('F', '2025-03-04T09:00:00Z', { mrr: 80, ...created('2025-03-04T09:00:00Z') }),
  group('F', '2025-08-10T09:00:00Z', { seats: 10 }),
  group('G', '2024-08-01T09:00:00Z', { mrr: 1000, createdAt: '2024-08-01T09:00:00Z', products: ['invoicing', 'payroll'] }),
  billing('G', 'Plan Changed', '2025-02-01T09:00:00Z', { mrr: 800 }),
  billing('G', 'Plan Changed', '2025-10-07T09:00:00Z', { mrr: 1200 }),
  group('H', '2025-01-05T09:00:00Z', created('2025-01-05T09:00:00Z')),
  billing('H', 'Subscription Started', '2025-01-05T09:01:00Z', { mrr: 60 }),
  billing('H', 'Subscription Cancelled', '2025-03-28T09:00:00Z'),
  group('I', '2024-12-15T09:00:00Z', { mrr: 400, ...created('2024-12-15T09:00:00Z') }),
  group('I', '2025-06-18T09:00:00Z', { mrr: 350 }),
  group('J', '2025-04-03T09:00:00Z', { mrr: 250, ...created('2025-04-03T09:00:00Z') }),
  billing('J', 'Subscription Cancelled', '2025-04-25T09:00:00Z'),
  billing('J', 'Subscription Started', '2025-07-01T09:00:00Z', { mrr: 250 }),
  group('K', '2024-05-01T09:00:00Z', { mrr: 700, ...created('2024-05-01T09:00:00Z') }),
  group('K', '2025-09-18T09:00:00Z', { arr: 12000 }),
  group('L', '2025-02-01T09:00:00Z', { mrr: 0, plan: 'free', ...created('2025-02-01T09:00:00Z') }),
  billing('L', 'Subscription Started', '2025-10-12T09:00:00Z', { mrr: 90 }),
]
/** Sent last, after everything that happened later: they must still land in their own months. */
const LATE = [
  group('F', '2025-07-15T09:00:00Z', { mrr: 120, products: ['invoicing', 'expenses'] }),
  billing('K', 'Plan Changed', '2025-01-20T09:00:00Z', { mrr: 900 }),
]

/**
 * The `touch` trait each account's group calls set, when the engine moved it (the timeline's
 * tier changes below): revenue-tiers and ltv place a month by the tier rules on these traits.
 */
const touch = (account: string, timestamp: string, level: 'high' | 'low' | 'tech') =>
  ({ type: 'group', userId: `billing-${account}`, groupId: account, timestamp, traits: { touch: level }, messageId: `t${account}${timestamp}` })
const TOUCH = [
  touch('A', '2024-06-11T12:00:00Z', 'low'), touch('B', '2024-09-02T12:00:00Z', 'low'), touch('C', '2024-11-06T12:00:00Z', 'low'),
  touch('D', '2024-10-02T12:00:00Z', 'low'), touch('E', '2025-02-11T12:00:00Z', 'tech'), touch('E', '2025-06-15T12:00:00Z', 'low'),
  touch('F', '2025-03-05T12:00:00Z', 'tech'), touch('G', '2024-08-02T12:00:00Z', 'high'), touch('H', '2025-01-06T12:00:00Z', 'tech'),
  touch('I', '2024-12-16T12:00:00Z', 'low'), touch('I', '2025-06-20T12:00:00Z', 'tech'), touch('J', '2025-04-04T12:00:00Z', 'tech'),
  touch('K', '2024-05-02T12:00:00Z', 'low'), touch('K', '2025-09-20T12:00:00Z', 'high'),
]

/**
 * Tiers (engine timeline, seeded directly) and prompt records (content delivery and ingest).
 * C has no tier change; L has no tier at all.
 */
async function seedState(store: Store) {
  const q = (text: string) => store.sql.query(text)
  await q(`INSERT INTO account_state (account_id, tier) VALUES
    ('A', 'low-touch'), ('B', 'low-touch'), ('C', 'low-touch'), ('D', 'low-touch'), ('E', 'low-touch'), ('F', 'tech-touch'),
    ('G', 'high-touch'), ('H', 'tech-touch'), ('I', 'tech-touch'), ('J', 'tech-touch'), ('K', 'high-touch')`)
  const change = (account: string, at: string, from: string | null, to: string) =>
    `('${account}', '${at}', 'tier_changed', 't', '${JSON.stringify({ from, to, reason: 'arr' })}')`
  await q(`INSERT INTO timeline (account_id, at, kind, title, data) VALUES ${[
    change('A', '2024-06-11T12:00:00Z', null, 'low-touch'),
    change('B', '2024-09-02T12:00:00Z', null, 'low-touch'),
    change('D', '2024-10-02T12:00:00Z', null, 'low-touch'),
    change('E', '2025-02-11T12:00:00Z', null, 'tech-touch'),
    change('E', '2025-06-15T12:00:00Z', 'tech-touch', 'low-touch'),
    change('F', '2025-03-05T12:00:00Z', null, 'tech-touch'),
    change('G', '2024-08-02T12:00:00Z', null, 'high-touch'),
    change('H', '2025-01-06T12:00:00Z', null, 'tech-touch'),
    change('I', '2024-12-16T12:00:00Z', null, 'low-touch'),
    change('I', '2025-06-20T12:00:00Z', 'low-touch', 'tech-touch'),
    change('J', '2025-04-04T12:00:00Z', null, 'tech-touch'),
    change('K', '2024-05-02T12:00:00Z', null, 'low-touch'),
    change('K', '2025-09-20T12:00:00Z', 'low-touch', 'high-touch'),
  ].join(', ')}`)
  await q(`INSERT INTO prompt_eligibility (prompt_id, account_id, user_key, holdout, first_eligible_at) VALUES
    ('payroll-cross-sell', 'A', 'a1', false, '2024-12-01T00:00:00Z'),
    ('payroll-cross-sell', 'C', 'c1', false, '2025-05-01T00:00:00Z'), ('payroll-cross-sell', 'C', 'c2', false, '2025-05-02T00:00:00Z'),
    ('payroll-cross-sell', 'E', 'e1', false, '2025-05-20T00:00:00Z'), ('payroll-cross-sell', 'F', 'f1', false, '2025-04-01T00:00:00Z'),
    ('payroll-cross-sell', 'B', 'b1', true, '2025-03-01T00:00:00Z'), ('payroll-cross-sell', 'D', 'd1', true, '2025-07-25T00:00:00Z'),
    ('payroll-cross-sell', 'G', 'g1', false, '2026-01-05T00:00:00Z')`)
  await q(`INSERT INTO prompt_conversions (prompt_id, account_id, user_key, holdout, exposed_at, converted_at, message_id) VALUES
    ('payroll-cross-sell', 'A', 'a1', false, '2024-12-05T00:00:00Z', '2024-12-20T00:00:00Z', 'x0'),
    ('payroll-cross-sell', 'C', 'c1', false, '2025-05-10T00:00:00Z', '2025-05-18T12:00:00Z', 'x1'),
    ('payroll-cross-sell', 'E', 'e1', false, '2025-05-25T00:00:00Z', '2025-06-01T12:00:00Z', 'x2'),
    ('payroll-cross-sell', 'B', 'b1', true, '2025-03-01T00:00:00Z', '2025-03-10T12:00:00Z', 'x3'),
    ('payroll-cross-sell', 'D', 'd1', true, '2025-07-25T00:00:00Z', '2025-08-01T12:00:00Z', 'x4')`)
}

const MONTHS = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12']
/** The bridge table above, column by column. */
const BRIDGE = {
  startingMrr: [3200, 3460, 3410, 3530, 3230, 3380, 3360, 3650, 3600, 4020, 4510, 4330],
  new: [60, 150, 80, 0, 0, 0, 0, 0, 0, 90, 0, 0],
  reactivation: [0, 0, 0, 0, 0, 0, 250, 0, 320, 0, 0, 0],
  expansion: [200, 0, 100, 0, 150, 30, 40, 0, 100, 400, 0, 0],
  upsell: [200, 0, 100, 0, 0, 30, 0, 0, 100, 400, 0, 0],
  crossSell: [0, 0, 0, 0, 150, 0, 40, 0, 0, 0, 0, 0],
  contraction: [0, 200, 0, 0, 0, 50, 0, 50, 0, 0, 0, 0],
  churned: [0, 0, 60, 300, 0, 0, 0, 0, 0, 0, 180, 0],
  endingMrr: [3460, 3410, 3530, 3230, 3380, 3360, 3650, 3600, 4020, 4510, 4330, 4330],
  customersAtStart: [7, 8, 9, 9, 8, 8, 8, 9, 9, 10, 11, 10],
  customersLost: [0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0],
  customersAtEnd: [8, 9, 9, 8, 8, 8, 9, 9, 10, 11, 10, 10],
  newCustomers: [1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0],
  reactivatedCustomers: [0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0],
  logoChurnRate: [0, 0, 0.1111, 0.1111, 0, 0, 0, 0, 0, 0, 0.0909, 0],
  grossRevenueChurn: [0, 0.0578, 0.0176, 0.085, 0, 0.0148, 0, 0.0137, 0, 0, 0.0399, 0],
  netRevenueChurn: [-0.0625, 0.0578, -0.0117, 0.085, -0.0464, 0.0059, -0.0119, 0.0137, -0.0278, -0.0995, 0.0399, 0],
  grr: [1, 0.9422, 0.9824, 0.915, 1, 0.9852, 1, 0.9863, 1, 1, 0.9601, 1],
  nrr: [1.0625, 0.9422, 1.0117, 0.915, 1.0464, 0.9941, 1.0119, 0.9863, 1.0278, 1.0995, 0.9601, 1],
  negativeNetChurn: [true, false, true, false, true, false, true, false, true, true, false, false],
}

describe.each(storeCases)('revenue reports on the golden year on $name', ({ open }) => {
  let store: Store
  let api: ReturnType<typeof inProcessCollector>
  const get = async (path: string) => {
    const res = await api.report(path)
    expect(res.status, await res.clone().text()).toBe(200)
    return res.json() as Promise<any>
  }
  const PERIOD = 'from=2025-01&to=2025-12'

  beforeAll(async () => {
    store = await open()
    seq = 0
    api = inProcessCollector(store, { content: staticContent(content), now: () => NOW, rateLimit: false })
    for (const batch of [HISTORY.slice(0, 15), HISTORY.slice(15), LATE, TOUCH]) {
      const res = await api.post('/v1/batch', { batch })
      expect(res.status).toBe(200)
    }
    await seedState(store)
  })
  afterAll(async () => {
    await api?.collector.engine?.stop()
    await store?.close()
  })

  it('gives the MRR bridge and the churn and retention rates of every month', async () => {
    const report = await get(`/v1/reports/revenue?${PERIOD}`)
    expect(report.period).toEqual({ from: '2025-01', to: '2025-12', months: 12 })
    expect(report.months.map((m: { month: string }) => m.month)).toEqual(MONTHS)
    for (const [key, values] of Object.entries(BRIDGE)) {
      expect(report.months.map((m: Record<string, unknown>) => m[key]), key).toEqual(values)
    }
    // Sums of the columns above; 3200 + 380 + 570 + 1020 − 300 − 540 = 4330.
    expect(report.totals).toEqual({
      startingMrr: 3200, new: 380, reactivation: 570, expansion: 1020, upsell: 830, crossSell: 190,
      contraction: 300, churned: 540, endingMrr: 4330, newCustomers: 4, reactivatedCustomers: 2,
    })
    expect(report.negativeNetChurnMonths).toEqual(['2025-01', '2025-03', '2025-05', '2025-07', '2025-09', '2025-10'])
  })

  it('narrows to the accounts currently in a tier', async () => {
    // Currently tech-touch: F, H, I, J. S(Jan) = I 400; new H 60 + F 80; reactivation J 250;
    // cross-sell F 40; contraction I 50; churn H 60; ending F 120 + I 350 + J 250 = 720.
    const report = await get(`/v1/reports/revenue?${PERIOD}&tier=tech-touch`)
    expect(report.totals).toEqual({
      startingMrr: 400, new: 140, reactivation: 250, expansion: 40, upsell: 0, crossSell: 40,
      contraction: 50, churned: 60, endingMrr: 720, newCustomers: 2, reactivatedCustomers: 1,
    })
  })

  it('gives ARPA, churn and LTV overall, by tier and by signup cohort', async () => {
    /*
     * Account-months paying at the start (m0 > 0), their Σ S and Σ (churned + contraction), with the
     * tier at the month's start (the tier rules on its traits then): A 12 low 1200; B 12 low 3100 (−50); C 12 low 7050;
     * D 7 low 2160 (−300, 1 lost); E Mar–Jun tech 4 × 150 = 600, Jul–Nov low 5 × 180 = 900 (−180, 1
     * lost); F 9 tech 920; G 12 high 10800 (−200); H 2 tech 120 (−60, 1 lost); I Jan–Jun low 2400
     * (−50), Jul–Dec tech 2100; J 5 tech 1250; K Jan–Sep low 7900, Oct–Dec high 3000; L 2 tech 180
     * (no `touch`: the last tier).
     * Overall: 106 account-months, Σ S 43680, losses 840, 3 lost.
     *   ARPA 43680/106 = 412.0755 → 412.08; churn 840/43680 = 1/52 → 0.0192; logo 3/106 → 0.0283;
     *   LTV = 43680/106 × 0.8 × 52 = 17142.3396 → 17142.34.
     * high: 15, 13800, 200 → ARPA 920, churn 0.0145, lifetime 69 months capped at 60, LTV 920 × 0.8 × 60 = 44160.
     * low: 63, 24710, 580, 2 lost → ARPA 392.22, churn 0.0235, logo 0.0317, lifetime 42.6, LTV 24710² × 0.8 / (63 × 580) = 13368.0153.
     * tech: 28, 5170, 60, 1 lost → ARPA 184.64, churn 0.0116, logo 0.0357, lifetime 86.2 capped at 60, LTV 5170 / 28 × 0.8 × 60 = 8862.857.
     */
    const report = await get(`/v1/reports/ltv?${PERIOD}`)
    expect(report.grossMargin).toBe(0.8)
    expect(report.overall).toEqual({ accountMonths: 106, arpa: 412.08, monthlyRevenueChurn: 0.0192, monthlyLogoChurn: 0.0283, lifetimeMonths: 52, lifetimeCapped: false, ltv: 17142.34, ltvNullReason: null })
    expect(report.byTier).toEqual([
      { tier: 'high-touch', accountMonths: 15, arpa: 920, monthlyRevenueChurn: 0.0145, monthlyLogoChurn: 0, lifetimeMonths: 60, lifetimeCapped: true, ltv: 44160, ltvNullReason: null },
      { tier: 'low-touch', accountMonths: 63, arpa: 392.22, monthlyRevenueChurn: 0.0235, monthlyLogoChurn: 0.0317, lifetimeMonths: 42.6, lifetimeCapped: false, ltv: 13368.02, ltvNullReason: null },
      { tier: 'tech-touch', accountMonths: 28, arpa: 184.64, monthlyRevenueChurn: 0.0116, monthlyLogoChurn: 0.0357, lifetimeMonths: 60, lifetimeCapped: true, ltv: 8862.86, ltvNullReason: null },
    ])
    /*
     * Cohorts (createdAt month): K 2024-05: 12, 10900, 0 → ARPA 908.33, no churn.
     * A 2024-06: 12, 1200 → 100, no churn. G 2024-08: 12, 10800, 200 → 900, 0.0185, LTV 720 × 54 = 38880.
     * B 2024-09: 12, 3100, 50 → 258.33, 0.0161, lifetime 62 capped at 60, LTV 3100/12 × 0.8 × 60 = 12400.
     * D 2024-10: 7, 2160, 300, 1 lost → 308.57, 0.1389, logo 0.1429, LTV 2160² × 0.8 / 2100 = 1777.3714.
     * C 2024-11: 12, 7050 → 587.5, no churn. I 2024-12: 12, 4500, 50 → 375, 0.0111, lifetime 90 capped at 60, LTV 375 × 0.8 × 60 = 18000.
     * H 2025-01: 2, 120, 60, 1 lost → 60, 0.5, logo 0.5, LTV 60 × 0.8 / 0.5 = 96.
     * E + L 2025-02: 9 + 2 = 11, 1500 + 180 = 1680, 180, 1 lost → 152.73, 0.1071, logo 0.0909, LTV 1680² × 0.8 / 1980 = 1140.3636.
     * F 2025-03: 9, 920 → 102.22, no churn. J 2025-04: 5, 1250 → 250, no churn.
     */
    const noChurn = { monthlyRevenueChurn: 0, monthlyLogoChurn: 0, lifetimeMonths: null, lifetimeCapped: false, ltv: null, ltvNullReason: 'no_churn' }
    expect(report.byCohort).toEqual([
      { cohort: '2024-05', accountMonths: 12, arpa: 908.33, ...noChurn },
      { cohort: '2024-06', accountMonths: 12, arpa: 100, ...noChurn },
      { cohort: '2024-08', accountMonths: 12, arpa: 900, monthlyRevenueChurn: 0.0185, monthlyLogoChurn: 0, lifetimeMonths: 54, lifetimeCapped: false, ltv: 38880, ltvNullReason: null },
      { cohort: '2024-09', accountMonths: 12, arpa: 258.33, monthlyRevenueChurn: 0.0161, monthlyLogoChurn: 0, lifetimeMonths: 60, lifetimeCapped: true, ltv: 12400, ltvNullReason: null },
      { cohort: '2024-10', accountMonths: 7, arpa: 308.57, monthlyRevenueChurn: 0.1389, monthlyLogoChurn: 0.1429, lifetimeMonths: 7.2, lifetimeCapped: false, ltv: 1777.37, ltvNullReason: null },
      { cohort: '2024-11', accountMonths: 12, arpa: 587.5, ...noChurn },
      { cohort: '2024-12', accountMonths: 12, arpa: 375, monthlyRevenueChurn: 0.0111, monthlyLogoChurn: 0, lifetimeMonths: 60, lifetimeCapped: true, ltv: 18000, ltvNullReason: null },
      { cohort: '2025-01', accountMonths: 2, arpa: 60, monthlyRevenueChurn: 0.5, monthlyLogoChurn: 0.5, lifetimeMonths: 2, lifetimeCapped: false, ltv: 96, ltvNullReason: null },
      { cohort: '2025-02', accountMonths: 11, arpa: 152.73, monthlyRevenueChurn: 0.1071, monthlyLogoChurn: 0.0909, lifetimeMonths: 9.3, lifetimeCapped: false, ltv: 1140.36, ltvNullReason: null },
      { cohort: '2025-03', accountMonths: 9, arpa: 102.22, ...noChurn },
      { cohort: '2025-04', accountMonths: 5, arpa: 250, ...noChurn },
    ])
    // margin 0.5: 43680/106 × 0.5 × 52 = 10713.9623.
    expect((await get(`/v1/reports/ltv?${PERIOD}&margin=0.5`)).overall.ltv).toBe(10713.96)
    // One month with no paying account at its start: nothing to average.
    expect((await get('/v1/reports/ltv?from=2024-01&to=2024-01')).overall).toEqual({
      accountMonths: 0, arpa: null, monthlyRevenueChurn: null, monthlyLogoChurn: null, lifetimeMonths: null, lifetimeCapped: false, ltv: null, ltvNullReason: 'no_customers',
    })
  })

  it('attributes expansion within the window after a conversion, treated against holdout', async () => {
    /*
     * Window 14 days. Treated: C converts 05-18 12:00 (MRR before 500; at 06-01 12:00, 650: +150);
     * E converts 06-01 12:00 (150; at 06-15 12:00, 180: +30); A's conversion (2024-12-20) is before
     * the period. Holdout: B converts 03-10 12:00 (200; at 03-24 12:00, 300: +100); D converts
     * 08-01 12:00 (0; at 08-15 still 0: +0).
     * Eligible before 2026-01-01: treated A, C (two users, one account), E, F = 4 (G is eligible in
     * 2026); holdout B, D = 2.
     * treated: 2 converted, 2 expanded, 180 in all, 90 per converted, 45 per eligible account.
     * holdout: 2 converted, 1 expanded, 100 in all, 50 per converted, 50 per eligible. Lift 45 − 50 = −5.
     */
    const report = await get(`/v1/reports/revenue-attribution?${PERIOD}`)
    expect(report.prompts).toEqual([{
      prompt: 'payroll-cross-sell', goal: 'Payroll Trial Started', windowDays: 14,
      treated: { eligibleAccounts: 4, convertedAccounts: 2, expandedAccounts: 2, expansionMrr: 180, perConvertedAccount: 90, perEligibleAccount: 45 },
      holdout: { eligibleAccounts: 2, convertedAccounts: 2, expandedAccounts: 1, expansionMrr: 100, perConvertedAccount: 50, perEligibleAccount: 50 },
      liftPerEligibleAccount: -5, openWindows: 0,
    }])
  })

  it('gives revenue per tier per month and the accounts that moved', async () => {
    /*
     * Tier at each month end (the tier rules on the traits then) × paying accounts and MRR:
     * Jan high G 1000 | low A B C D I K 100+200+500+300+400+900 = 2400 | tech H 60
     * Feb high 800 | low 6, 2400 | tech E H 150+60 = 210
     * Mar high 800 | low A B C D I K 100+300+500+300+400+900 = 2500 | tech E F 230
     * Apr high 800 | low A B C I K 2200 | tech E F 230
     * May high 800 | low 100+300+650+400+900 = 2350 | tech E F 230
     * Jun high 800 | low A B C E K 100+300+650+180+900 = 2130 | tech F I 80+350 = 430
     * Jul high 800 | low 5, 2130 | tech F I J 120+350+250 = 720
     * Aug high 800 | low 100+250+650+180+900 = 2080 | tech 3, 720
     * Sep high G K 1800 | low A B C D E 100+250+650+320+180 = 1500 | tech 3, 720
     * Oct high 2200 | low 5, 1500 | tech F I J L 810
     * Nov, Dec high 2200 | low A B C D 1320 | tech 4, 810
     */
    const report = await get(`/v1/reports/revenue-tiers?${PERIOD}`)
    const cells: Array<[string, string | null, number, number]> = [
      ['2025-01', 'high-touch', 1, 1000], ['2025-01', 'low-touch', 6, 2400], ['2025-01', 'tech-touch', 1, 60],
      ['2025-02', 'high-touch', 1, 800], ['2025-02', 'low-touch', 6, 2400], ['2025-02', 'tech-touch', 2, 210],
      ['2025-03', 'high-touch', 1, 800], ['2025-03', 'low-touch', 6, 2500], ['2025-03', 'tech-touch', 2, 230],
      ['2025-04', 'high-touch', 1, 800], ['2025-04', 'low-touch', 5, 2200], ['2025-04', 'tech-touch', 2, 230],
      ['2025-05', 'high-touch', 1, 800], ['2025-05', 'low-touch', 5, 2350], ['2025-05', 'tech-touch', 2, 230],
      ['2025-06', 'high-touch', 1, 800], ['2025-06', 'low-touch', 5, 2130], ['2025-06', 'tech-touch', 2, 430],
      ['2025-07', 'high-touch', 1, 800], ['2025-07', 'low-touch', 5, 2130], ['2025-07', 'tech-touch', 3, 720],
      ['2025-08', 'high-touch', 1, 800], ['2025-08', 'low-touch', 5, 2080], ['2025-08', 'tech-touch', 3, 720],
      ['2025-09', 'high-touch', 2, 1800], ['2025-09', 'low-touch', 5, 1500], ['2025-09', 'tech-touch', 3, 720],
      ['2025-10', 'high-touch', 2, 2200], ['2025-10', 'low-touch', 5, 1500], ['2025-10', 'tech-touch', 4, 810],
      ['2025-11', 'high-touch', 2, 2200], ['2025-11', 'low-touch', 4, 1320], ['2025-11', 'tech-touch', 4, 810],
      ['2025-12', 'high-touch', 2, 2200], ['2025-12', 'low-touch', 4, 1320], ['2025-12', 'tech-touch', 4, 810],
    ]
    expect(report.months).toEqual(cells.map(([month, tier, accounts, mrr]) => ({ month, tier, accounts, mrr })))
    // Changes dated in 2025, with the MRR each account had at that moment.
    const move = (accountId: string, at: string, from: string | null, to: string, mrr: number) =>
      ({ accountId, at, month: at.slice(0, 7), from, to, reason: 'arr', mrr })
    expect(report.moves).toEqual([
      move('H', '2025-01-06T12:00:00.000Z', null, 'tech-touch', 60),
      move('E', '2025-02-11T12:00:00.000Z', null, 'tech-touch', 150),
      move('F', '2025-03-05T12:00:00.000Z', null, 'tech-touch', 80),
      move('J', '2025-04-04T12:00:00.000Z', null, 'tech-touch', 250),
      move('E', '2025-06-15T12:00:00.000Z', 'tech-touch', 'low-touch', 180),
      move('I', '2025-06-20T12:00:00.000Z', 'low-touch', 'tech-touch', 350),
      move('K', '2025-09-20T12:00:00.000Z', 'low-touch', 'high-touch', 1000),
    ])
    const high = await get(`/v1/reports/revenue-tiers?${PERIOD}&tier=high-touch`)
    expect(high.months.every((m: { tier: string }) => m.tier === 'high-touch')).toBe(true)
    expect(high.moves.map((m: { accountId: string }) => m.accountId)).toEqual(['K'])
  })

  it('answers CSV with one row per month, and runs from the CLI', async () => {
    const res = await api.report(`/v1/reports/revenue?${PERIOD}&format=csv`)
    expect(res.headers.get('content-type')).toMatch(/text\/csv/)
    const lines = (await res.text()).split('\r\n').filter(Boolean)
    expect(lines).toHaveLength(13)
    expect(lines[0]).toBe('month,startingMrr,new,reactivation,expansion,upsell,crossSell,contraction,churned,endingMrr,customersAtStart,customersLost,customersAtEnd,newCustomers,reactivatedCustomers,logoChurnRate,grossRevenueChurn,netRevenueChurn,grr,nrr,negativeNetChurn')
    expect(lines[1]).toBe('2025-01,3200,60,0,200,200,0,0,0,3460,7,0,8,1,0,0,0,-0.0625,1,1.0625,true')
    const ltvCsv = await (await api.report(`/v1/reports/ltv?${PERIOD}&format=csv&margin=0.8`)).text()
    expect(ltvCsv.split('\r\n')[1]).toBe('all,,106,412.08,0.0192,0.0283,52,false,17142.34,,0.8')
  })

  it('refuses bad parameters with a 400 naming each, and the write key with 403', async () => {
    const bad = await api.report('/v1/reports/ltv?from=2025-13&margin=1.5&interval=week')
    expect(bad.status).toBe(400)
    const body = await bad.json()
    expect(body.error).toBe('invalid_query')
    expect(body.message).toMatch(/from/)
    expect(body.message).toMatch(/margin/)
    expect(body.message).toMatch(/interval/)
    for (const query of ['margin=0', 'margin=abc', 'from=2025-06&to=2025-01', 'from=2000-01&to=2025-01', 'to=25-01', 'format=xml']) {
      const res = await api.report(`/v1/reports/revenue?${query}`)
      expect(res.status, query).toBe(400)
    }
    const asWriter = await api.request('/v1/reports/revenue', { headers: { authorization: `Bearer ${api.keys.writeKey}` } })
    expect(asWriter.status).toBe(403)
    expect((await api.request('/v1/reports/revenue-tiers')).status).toBe(401)
  })
})

describe('goyo-collector report with revenue reports', () => {
  it('takes --margin and months, and refuses a bad margin with exit code 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'goyo-revenue-cli-'))
    const errors: string[] = []
    const write = process.stderr.write
    process.stderr.write = ((text: string) => (errors.push(text), true)) as typeof process.stderr.write
    try {
      expect(await reportCommand(['ltv', '--margin', '2', '--data', dir], {}, () => {})).toBe(2)
      expect(errors.join('')).toMatch(/margin/)
      let out = ''
      const code = await reportCommand(['revenue', '--from', '2025-01', '--to', '2025-02', '--margin', '0.7', '--format', 'csv', '--data', dir], {}, (t) => (out += t))
      expect(code, errors.join('')).toBe(0)
      // An empty store: two months of zeros, rates null.
      expect(out.split('\r\n')[1]).toBe('2025-01,0,0,0,0,0,0,0,0,0,0,0,0,0,0,,,,,,false')
    } finally {
      process.stderr.write = write
      await rm(dir, { recursive: true, force: true })
    }
  })
})
