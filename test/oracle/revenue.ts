/**
 * The oracle of the revenue report: the MRR bridge per month, from the commercial facts of the
 * stored events themselves (group traits, and the billing events), by the README's definitions.
 */
import type { StoredEvent } from '../../packages/collector/src/store/store'
import { dayOf, props, round, time, traits, type World } from './world'

const COMMERCIAL = ['Subscription Started', 'Plan Changed', 'Subscription Cancelled', 'Subscription Renewed']

const number = (value: unknown): number | null => {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN
  return Number.isFinite(n) ? n : null
}

interface Fact { at: number; id: string; mrr: number | null; products: string[] | null }

/** What one event says about its account's subscription, or null. */
function fact(e: StoredEvent): Fact | null {
  if (e.accountId === null) return null
  let facts: Record<string, unknown> | null = null
  if (e.type === 'group') facts = traits(e)
  else if (e.type === 'track' && COMMERCIAL.includes(e.event!)) {
    facts = { ...props(e) }
    if (e.event === 'Subscription Cancelled' && number(facts.mrr) === null) facts.mrr = 0
  }
  if (!facts) return null
  const mrr = number(facts.mrr)
  const arr = number(facts.arr)
  const products = Array.isArray(facts.products) ? facts.products.map(String)
    : typeof facts.products === 'string' ? facts.products.split(',').map((p) => p.trim()).filter(Boolean) : null
  if (mrr === null && arr === null && products === null && typeof facts.plan !== 'string' && number(facts.seats) === null) return null
  return { at: time(e), id: e.messageId, mrr: mrr ?? (arr === null ? null : arr / 12), products }
}

const previousMonth = (m: string) => new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)) - 2, 1)).toISOString().slice(0, 7)

export function oracleRevenue(world: World, params: { months: string[]; tier?: string }) {
  const last = params.months.at(-1)!
  // A fact's month is the calendar month its instant falls in, in the workspace time zone.
  const monthOf = (f: Fact) => dayOf(f.at, world.timeZone).slice(0, 7)
  const byAccount = new Map<string, Fact[]>()
  for (const e of world.events) {
    const f = fact(e)
    if (!f || monthOf(f) > last) continue
    if (params.tier && world.tierOf.get(e.accountId!) !== params.tier) continue
    byAccount.set(e.accountId!, [...(byAccount.get(e.accountId!) ?? []), f])
  }
  for (const list of byAccount.values()) list.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1))
  /** The state at the end of month `m` (now, for the month in progress): every fact of that month or before, up to now. */
  const stateAt = (facts: Fact[], m: string) => {
    let mrr = 0
    let products: string[] = []
    for (const f of facts) {
      if (monthOf(f) > m || f.at > world.now) break
      if (f.mrr !== null) mrr = f.mrr
      if (f.products !== null) products = f.products
    }
    return { cents: Math.round(Math.max(0, mrr) * 100), products }
  }

  return params.months.map((month) => {
    const s = { starting: 0, new: 0, reactivation: 0, upsell: 0, crossSell: 0, contraction: 0, churned: 0, ending: 0, atStart: 0, lost: 0, atEnd: 0, newCustomers: 0, reactivated: 0 }
    for (const facts of byAccount.values()) {
      const before = stateAt(facts, previousMonth(month))
      const after = stateAt(facts, month)
      const m0 = before.cents, m1 = after.cents
      s.starting += m0
      s.ending += m1
      if (m0 > 0) s.atStart++
      if (m1 > 0) s.atEnd++
      const paidBefore = facts.some((f) => (f.mrr ?? 0) > 0 && monthOf(f) < month)
      if (m0 === 0 && m1 > 0) {
        if (paidBefore) { s.reactivation += m1; s.reactivated++ } else { s.new += m1; s.newCustomers++ }
      } else if (m0 > 0 && m1 > m0) {
        if (after.products.some((p) => !before.products.includes(p))) s.crossSell += m1 - m0
        else s.upsell += m1 - m0
      } else if (m0 > 0 && m1 === 0) { s.churned += m0; s.lost++ }
      else if (m0 > 0 && m1 < m0) s.contraction += m0 - m1
    }
    const expansion = s.upsell + s.crossSell
    const lost = s.churned + s.contraction
    const rate = (a: number, b: number) => (b === 0 ? null : round(a / b))
    return {
      month, startingMrr: s.starting / 100, new: s.new / 100, reactivation: s.reactivation / 100, expansion: expansion / 100,
      upsell: s.upsell / 100, crossSell: s.crossSell / 100, contraction: s.contraction / 100, churned: s.churned / 100, endingMrr: s.ending / 100,
      customersAtStart: s.atStart, customersLost: s.lost, customersAtEnd: s.atEnd, newCustomers: s.newCustomers, reactivatedCustomers: s.reactivated,
      logoChurnRate: rate(s.lost, s.atStart), grossRevenueChurn: rate(lost, s.starting), netRevenueChurn: rate(lost - expansion, s.starting),
      grr: rate(s.starting - lost, s.starting), nrr: rate(s.starting - lost + expansion, s.starting),
      negativeNetChurn: s.starting > 0 && lost - expansion < 0,
    }
  })
}
