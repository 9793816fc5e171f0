import type { Health } from '@goyo/schema'

/** When a yellow account counts as declining, from `health.declining` (cs-metrics §11 trend). */
export interface DeclineRule {
  /** A fall of at least this many points against 7 or 28 days before. Default 10. */
  points: number
  /** The `trend` measure scoring below this: usage fell by more than half at the default 25. */
  trendBelow: number
}

export const DEFAULT_DECLINE_RULE: DeclineRule = { points: 10, trendBelow: 25 }

export const declineRule = (health: Pick<Health, 'declining'> | undefined): DeclineRule => ({
  points: health?.declining?.points ?? DEFAULT_DECLINE_RULE.points,
  trendBelow: health?.declining?.trendBelow ?? DEFAULT_DECLINE_RULE.trendBelow,
})

/** Why an account is at risk: red, or down by the rule's points over 7 / 28 days, or its usage trend. */
export type AtRiskReason = 'red' | 'declining7d' | 'declining28d' | 'usageFalling'

/** What the at-risk rule looks at for one account. */
export interface RiskFacts {
  band: string | null
  score: number | null
  /** The score 7 and 28 days before (the latest banded snapshot of that day or the 6 before it), or null. */
  score7d: number | null
  score28d: number | null
  /** The `trend` measure's score now, or null when it has no data or is not configured. */
  trendScore: number | null
}

/**
 * The at-risk rule, in one place: every red account is at risk; a yellow account is at risk when
 * it is declining (its score fell by at least `points` against 7 or 28 days before, or its `trend`
 * measure scored below `trendBelow`); a green account never is, whatever its decline, and neither
 * is an onboarding, churned or insufficient one. Returns the reasons that hold, red first; an
 * empty list means not at risk. Pure.
 *
 * @example
 * atRiskReasons({ band: 'yellow', score: 55, score7d: 70, score28d: null, trendScore: 50 }, DEFAULT_DECLINE_RULE) // ['declining7d']
 */
export function atRiskReasons(facts: RiskFacts, rule: DeclineRule): AtRiskReason[] {
  if (facts.band !== 'red' && facts.band !== 'yellow') return []
  const reasons: AtRiskReason[] = facts.band === 'red' ? ['red'] : []
  const fell = (before: number | null) => facts.score !== null && before !== null && facts.score - before <= -rule.points
  if (fell(facts.score7d)) reasons.push('declining7d')
  if (fell(facts.score28d)) reasons.push('declining28d')
  if (facts.trendScore !== null && facts.trendScore < rule.trendBelow) reasons.push('usageFalling')
  return reasons
}
