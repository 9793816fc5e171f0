/**
 * Random histories for the report property test: accounts whose ARR (so tier) and MRR change
 * across months, users with and without an account, anonymous visitors, late events, clients
 * with skewed clocks, duplicates, erasures, prompt eligibility with a holdout.
 */
import fc from 'fast-check'
import { contentSchema } from '../../packages/schema/src/index'

export const NOW = Date.parse('2026-06-30T12:00:00Z')
const START = Date.parse('2026-03-01T00:00:00Z')
const MINUTE = 60_000
const DAY = 86_400_000

export const content = contentSchema.parse({
  features: { invoices: {}, reports: { selectors: ['#export'], events: ['Report Exported'] } },
  milestones: { 'first-invoice': { event: 'Invoice Sent' } },
  checklists: [{
    id: 'setup', title: 'Set up',
    items: ['profile', 'invite', 'invoice'].map((id) => ({ id, title: id, doneWhen: { event: `${id} done` } })),
  }],
  prompts: [{ id: 'upgrade', kind: 'banner', title: 'Upgrade', body: 'More', cta: { label: 'Go', href: '/up' }, convertedWhen: { event: 'Upgraded', withinDays: 7 }, holdout: 0.5 }],
  tiers: [{ id: 'high', when: { trait: 'arr', gte: 50000 } }, { id: 'low', when: { trait: 'arr', gte: 5000 } }, { id: 'tech' }],
})

type Json = Record<string, unknown>
type ArbValue<A> = A extends fc.Arbitrary<infer T> ? T : never
export interface Send { events: Json[]; sentAt: string }
export interface History {
  /** Requests in the order they are sent; `erase` erases a user before that request. */
  requests: Array<{ send: Send } | { erase: string }>
  eligibility: Array<{ prompt: string; account: string; userKey: string; holdout: boolean; at: string }>
  accounts: string[]
}

const ACCOUNTS = ['A', 'B', 'C']
const MRR = [0, 100, 450, 900, 5000]
const minutesSince = (from: number) => fc.integer({ min: 0, max: Math.floor((NOW - from) / MINUTE) }).map((m) => from + m * MINUTE)
/** Mostly the last five weeks, where the reports' default periods look; the rest since March. */
const time = fc.oneof({ arbitrary: minutesSince(NOW - 35 * DAY), weight: 2 }, { arbitrary: minutesSince(START), weight: 1 })

const action = fc.oneof(
  fc.constant({ event: 'Feature Used', properties: { feature: 'invoices' } }),
  fc.constant({ event: 'Feature Used', properties: { feature: 'unlisted' } }),
  fc.constant({ event: 'Report Exported', properties: {} }),
  fc.constant({ event: 'Invoice Sent', properties: {} }),
  fc.constant({ event: 'Milestone Reached', properties: { milestone: 'first-invoice' } }),
  fc.constant({ event: 'Milestone Reached', properties: { milestone: 'side-quest' } }),
  fc.constantFrom('profile', 'invite', 'invoice').map((item) => ({ event: 'Checklist Item Completed', properties: { checklist: 'setup', item } })),
  fc.constant({ event: 'Checklist Completed', properties: { checklist: 'setup' } }),
  fc.constant({ event: 'Checklist Dismissed', properties: { checklist: 'setup' } }),
  fc.constantFrom('Prompt Shown', 'Prompt Clicked', 'Prompt Dismissed').map((event) => ({ event, properties: { prompt: 'upgrade' } })),
  fc.constant({ event: 'Upgraded', properties: {} }),
  fc.oneof(fc.integer({ min: 0, max: 10 }), fc.constantFrom<unknown>(11, -1, 'abc', '7', null)).map((score) => ({ event: 'Survey Answered', properties: { survey: 'nps', score } })),
  fc.constant({ page: '/home' }),
)

const personArb = fc.record({
  kind: fc.constantFrom('user', 'user', 'anon', 'linked', 'aliased'),
  account: fc.option(fc.constantFrom(...ACCOUNTS), { nil: null }),
  createdAt: fc.option(time, { nil: null }),
  start: time,
  actions: fc.array(fc.record({ at: time, action, twin: fc.boolean() }), { maxLength: 10 }),
})

const accountArb = fc.record({
  id: fc.constantFrom(...ACCOUNTS),
  createdAt: fc.option(time, { nil: null }),
  plans: fc.array(fc.record({ at: time, mrr: fc.constantFrom(...MRR), products: fc.option(fc.subarray(['invoicing', 'payroll']), { nil: null }) }), { minLength: 1, maxLength: 3 }),
  cancelAt: fc.option(time, { nil: null }),
  eligible: fc.option(fc.record({ at: time, holdout: fc.boolean() }), { nil: null }),
})

export const historyArb = fc.record({
  accounts: fc.uniqueArray(accountArb, { selector: (a) => a.id, maxLength: 3 }),
  people: fc.array(personArb, { minLength: 1, maxLength: 5 }),
  batchSizes: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 12 }),
  late: fc.array(fc.nat(), { maxLength: 4 }),
  duplicates: fc.array(fc.nat(), { maxLength: 4 }),
  skews: fc.array(fc.constantFrom(0, 3 * 3_600_000, -2 * 3_600_000, 40 * DAY), { minLength: 1, maxLength: 4 }),
  erase: fc.option(fc.record({ person: fc.nat(), atRequest: fc.nat() }), { nil: null }),
}).map(build)

function build(spec: {
  accounts: Array<ArbValue<typeof accountArb>>
  people: Array<ArbValue<typeof personArb>>
  batchSizes: number[]; late: number[]; duplicates: number[]; skews: number[]
  erase: { person: number; atRequest: number } | null
}): History {
  let n = 0
  const events: Array<{ at: number; json: Json }> = []
  const add = (at: number, json: Json) => events.push({ at, json: { ...json, messageId: `m${++n}` } })
  const iso = (t: number) => new Date(t).toISOString()
  const accounts = spec.accounts.map((a) => a.id)
  const holdout = new Set(spec.accounts.filter((a) => a.eligible?.holdout).map((a) => a.id))

  const erased = spec.erase && spec.people.length > 0 ? spec.erase.person % spec.people.length : -1
  // An account keeps the first-seen instant of a member's erased events (it was seen then), which
  // the oracle cannot see; the account of an erased member therefore states its createdAt.
  const erasedAccount = erased >= 0 ? spec.people[erased]!.account : null

  // Billing: the account's own billing user states its MRR (and ARR, which decides its tier).
  for (const a of spec.accounts) {
    if (a.id === erasedAccount && a.createdAt === null) a.createdAt = START
    const billing = { userId: `billing-${a.id}`, context: { groupId: a.id } }
    a.plans.forEach((plan, i) => add(plan.at, {
      type: 'group', ...billing, groupId: a.id,
      traits: { mrr: plan.mrr, arr: plan.mrr * 12, ...(plan.products ? { products: plan.products } : {}), ...(i === 0 && a.createdAt !== null ? { createdAt: iso(a.createdAt) } : {}) },
    }))
    if (a.cancelAt !== null) add(a.cancelAt, { type: 'track', ...billing, event: 'Subscription Cancelled', properties: {} })
  }

  spec.people.forEach((p, i) => {
    const account = p.account !== null && accounts.includes(p.account) ? p.account : null
    const context = account ? { context: { groupId: account } } : {}
    const userId = `u${i}`
    const anonymousId = `v${i}`
    const who = p.kind === 'anon' ? { anonymousId } : { userId, anonymousId }
    if (p.kind !== 'anon') {
      // Linked people are anonymous until they sign up at `start`; the others are known from it.
      const linkAt = p.start
      if (p.kind === 'aliased') add(linkAt, { type: 'alias', userId, previousId: anonymousId })
      add(linkAt, { type: 'identify', ...(p.kind === 'aliased' ? { userId } : { userId, anonymousId }), ...context, traits: p.createdAt === null ? {} : { createdAt: iso(p.createdAt) } })
      if (account) add(linkAt, { type: 'group', userId, anonymousId, groupId: account, traits: {}, ...context })
    }
    for (const { at, action: a, twin } of p.actions) {
      if ('event' in a && a.event === 'Upgraded' && (i === erased || !account)) continue
      // Holdout accounts never see the prompt.
      if ('event' in a && a.event.startsWith('Prompt') && account && holdout.has(account)) continue
      const linked = p.kind === 'linked' || p.kind === 'aliased'
      const as = linked && at < p.start ? { anonymousId } : who
      if ('page' in a) add(at, { type: 'page', ...as, ...context, name: 'Home', properties: { path: a.page } })
      else {
        add(at, { type: 'track', ...as, ...context, event: a.event, properties: a.properties })
        // One action, one use: a tagged click on the export button that also tracks its event.
        if (twin && a.event === 'Report Exported') add(at, { type: 'track', ...as, ...context, event: 'Feature Used', properties: { feature: 'reports' } })
      }
    }
  })

  // Delivery: in time order, some late (sent after everything else), cut into batches; some
  // events sent again later; each batch from a client whose clock is off by its skew.
  events.sort((a, b) => a.at - b.at)
  const lateOnes = new Set(spec.late.map((k) => (events.length ? k % events.length : -1)))
  const ordered = [...events.filter((_, k) => !lateOnes.has(k)), ...events.filter((_, k) => lateOnes.has(k))]
  const batches: Array<typeof ordered> = []
  for (let k = 0, b = 0; k < ordered.length; b++) {
    const size = spec.batchSizes[b % spec.batchSizes.length]!
    batches.push(ordered.slice(k, k + size))
    k += size
  }
  for (const d of spec.duplicates) {
    if (ordered.length === 0) break
    const again = ordered[d % ordered.length]!
    if (d % 2 === 0) batches[d % batches.length]!.push(again)
    else batches.push([again])
  }
  const requests: History['requests'] = batches.map((batch, b) => {
    const skew = spec.skews[b % spec.skews.length]!
    // The client stamps times and sentAt with its own clock; the collector corrects by receivedAt.
    return { send: { sentAt: iso(NOW + skew), events: batch.map(({ at, json }) => ({ ...json, timestamp: iso(at + skew) })) } }
  })
  if (erased >= 0 && spec.people[erased]!.kind !== 'anon') {
    const at = spec.erase!.atRequest % (requests.length + 1)
    // An erased user sends nothing after the erasure.
    const mine = (json: Json) => json.userId === `u${erased}` || json.anonymousId === `v${erased}` || json.previousId === `v${erased}`
    for (const r of requests.slice(at)) if ('send' in r) r.send.events = r.send.events.filter((json) => !mine(json))
    requests.splice(at, 0, { erase: `u${erased}` })
  }

  const eligibility = spec.accounts.flatMap((a) => {
    if (!a.eligible) return []
    const members = spec.people.flatMap((p, i) => (p.account === a.id && p.kind !== 'anon' ? [`u${i}`] : []))
    return (members.length ? members : [`billing-${a.id}`]).map((userKey) => ({ prompt: 'upgrade', account: a.id, userKey, holdout: a.eligible!.holdout, at: iso(a.eligible!.at) }))
  })
  return { requests, eligibility, accounts }
}
