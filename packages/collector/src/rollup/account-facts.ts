import { COMMERCIAL_EVENTS } from '../trust/commercial-events'
import type { LoggedEvent } from './event'

/** An account's commercial facts at one moment (one row of `account_revenue_history`). */
export interface RevenueFact {
  /** `group`, or the commercial event's name. */
  source: string
  mrr: number | null
  arr: number | null
  plan: string | null
  products: string[] | null
  seats: number | null
}

const number = (value: unknown): number | null => {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN
  return Number.isFinite(n) ? n : null
}

/**
 * The commercial facts of an event of an account: group traits (mrr, arr, plan, products, seats)
 * and commercial track events with `mrr`. A cancellation records MRR 0 unless it says otherwise.
 * Null when the event says nothing commercial.
 */
export function revenueFact(event: Pick<LoggedEvent, 'type' | 'event' | 'traits' | 'properties'>): RevenueFact | null {
  let facts: Record<string, unknown> | null = null
  let source = 'group'
  // The fold hands events over after the trust policy (trusted-event.ts): no out-of-range numbers.
  if (event.type === 'group' && event.traits) facts = event.traits
  else if (event.type === 'track' && event.event !== null && COMMERCIAL_EVENTS.has(event.event)) {
    source = event.event
    facts = { ...event.properties }
    if (event.event === 'Subscription Cancelled' && number(facts.mrr) === null) facts.mrr = 0
  }
  if (!facts) return null
  const mrr = number(facts.mrr)
  const arr = number(facts.arr)
  const products = Array.isArray(facts.products)
    ? facts.products.map(String)
    : typeof facts.products === 'string' ? facts.products.split(',').map((p) => p.trim()).filter(Boolean) : null
  const plan = typeof facts.plan === 'string' ? facts.plan : null
  const seats = number(facts.seats)
  if (mrr === null && arr === null && products === null && plan === null && seats === null) return null
  return { source, mrr, arr, plan, products, seats }
}
