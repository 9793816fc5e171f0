import type { Tier, TierPolicy } from '@goyo/schema'
import { evaluate, type ConditionFacts } from './conditions'

/** The tier bookkeeping kept per account between evaluations. */
export interface TierState {
  tier: string | null
  /** A different tier the rules pointed to, waiting for `consecutive` evaluations in a row. */
  candidate: string | null
  candidateCount: number
}

export interface TierDecision extends TierState {
  reason: string
  /** True when `tier` differs from the previous state's. */
  changed: boolean
}

/**
 * Places an account in a tier: the first rule that matches wins and the last tier catches the rest.
 * - A `tierOverride` trait wins until `tierOverrideUntil` (if given) has passed.
 * - With `policy.margin`, the account's own tier is judged with thresholds loosened by the margin and
 *   every other tier with thresholds tightened, so a value hovering at a threshold does not flap.
 * - With `policy.consecutive`, a new tier must come out that many evaluations in a row.
 *
 * @example
 * decideTier(tiers, { traits: { arr: 90000 }, usage: () => 0 }, { tier: null, candidate: null, candidateCount: 0 }, {}, now)
 */
export function decideTier(
  tiers: readonly Tier[],
  facts: ConditionFacts,
  previous: TierState,
  policy: TierPolicy = {},
  now: Date = new Date(),
): TierDecision {
  const keep = (reason: string): TierDecision => ({ ...previous, reason, changed: false })
  if (tiers.length === 0) return keep('no tiers configured')

  const override = facts.traits.tierOverride
  if (typeof override === 'string' && tiers.some((tier) => tier.id === override)) {
    const until = facts.traits.tierOverrideUntil
    const untilTime = typeof until === 'string' || typeof until === 'number' ? new Date(until).getTime() : NaN
    if (until === undefined || until === null || (Number.isFinite(untilTime) && untilTime > now.getTime())) {
      const reason = `set by CS (tierOverride)${until ? ` until ${new Date(untilTime).toISOString().slice(0, 10)}` : ''}`
      return { tier: override, candidate: null, candidateCount: 0, reason, changed: override !== previous.tier }
    }
  }

  const margin = previous.tier ? (policy.margin ?? 0) : 0
  let matched: { id: string; reason: string } | undefined
  for (const tier of tiers) {
    if (!tier.when) {
      matched = { id: tier.id, reason: 'no other tier rule matched' }
      break
    }
    const bias = margin > 0 ? { margin, direction: tier.id === previous.tier ? 'loosen' : 'tighten' } as const : undefined
    const verdict = evaluate(tier.when, facts, bias)
    if (verdict.pass) {
      matched = { id: tier.id, reason: verdict.reason }
      break
    }
  }
  // The last tier is the default even when it carries a rule that fails.
  matched ??= { id: tiers.at(-1)!.id, reason: 'no tier rule matched; the last tier is the default' }

  if (matched.id === previous.tier) return { tier: previous.tier, candidate: null, candidateCount: 0, reason: matched.reason, changed: false }

  const needed = previous.tier ? (policy.consecutive ?? 1) : 1
  const count = previous.candidate === matched.id ? previous.candidateCount + 1 : 1
  if (count < needed) {
    return { tier: previous.tier, candidate: matched.id, candidateCount: count, reason: `${matched.reason} (${count} of ${needed} evaluations toward ${matched.id})`, changed: false }
  }
  return { tier: matched.id, candidate: null, candidateCount: 0, reason: matched.reason, changed: true }
}
