import type { Playbook, PlaybookCondition } from '@goyo/schema'
import { isScoredBand, type HealthBand } from './health'

/** What a playbook condition can look at, after an evaluation. */
export interface PlaybookFacts {
  tier: string | null
  score: number | null
  band: HealthBand
  traits: Record<string, unknown>
  /** Traits as seen at the previous evaluation, for `traitChanged`. */
  previousTraits: Record<string, unknown>
  activeUsers: number
  /** When the account reached each milestone, or null. */
  milestoneReachedAt(milestone: string): Date | null
  /** The account's start: its `createdAt` trait, else when it was first seen. */
  startAt: Date
  now: Date
}

/** Whether a condition holds now, and the values that decided it. */
export interface ConditionOutcome {
  holds: boolean
  values: Record<string, unknown>
  description: string
}

const DAY = 86_400_000

function side(facts: PlaybookFacts, source: 'activeUsers' | { trait: string }): number | null {
  if (source === 'activeUsers') return facts.activeUsers
  const value = Number(facts.traits[source.trait])
  return Number.isFinite(value) ? value : null
}

const label = (source: 'activeUsers' | { trait: string }) => (source === 'activeUsers' ? 'active users' : source.trait)

/** Tells whether a playbook's condition holds for an account. Pure. */
export function conditionHolds(condition: PlaybookCondition, facts: PlaybookFacts): ConditionOutcome {
  if ('health' in condition) {
    const { below, above } = condition.health
    // An onboarding, churned or unscored account has no band to judge: no health playbook fires for it.
    const holds = isScoredBand(facts.band) && facts.score !== null && (below === undefined || facts.score < below) && (above === undefined || facts.score > above)
    const bounds = [below !== undefined ? `below ${below}` : '', above !== undefined ? `above ${above}` : ''].filter(Boolean).join(' and ')
    return { holds, values: { score: facts.score }, description: `health ${bounds}` }
  }
  if ('bandChangedTo' in condition) {
    return { holds: facts.band === condition.bandChangedTo, values: { band: facts.band, score: facts.score }, description: `health band changed to ${condition.bandChangedTo}` }
  }
  if ('tierChangedTo' in condition) {
    return { holds: facts.tier === condition.tierChangedTo, values: { tier: facts.tier }, description: `tier changed to ${condition.tierChangedTo}` }
  }
  if ('milestoneNotReached' in condition) {
    const { milestone, days } = condition.milestoneNotReached
    const age = (facts.now.getTime() - facts.startAt.getTime()) / DAY
    const reached = facts.milestoneReachedAt(milestone)
    return {
      holds: reached === null && age > days,
      values: { milestone, daysSinceStart: Math.floor(age), reachedAt: reached?.toISOString() ?? null },
      description: `${milestone} not reached ${days} days after signup`,
    }
  }
  if ('ratio' in condition) {
    const { numerator, denominator, above } = condition.ratio
    const top = side(facts, numerator)
    const bottom = side(facts, denominator)
    const ratio = top !== null && bottom !== null && bottom > 0 ? top / bottom : null
    return {
      holds: ratio !== null && ratio > above,
      values: { numerator: top, denominator: bottom, ratio },
      description: `${label(numerator)} / ${label(denominator)} above ${above}`,
    }
  }
  const trait = condition.traitChanged
  // A missing trait and a null one are the same: "not set".
  const before = facts.previousTraits[trait] ?? null
  const after = facts.traits[trait] ?? null
  // The first time a trait is seen is not a change; only a different later value is.
  const holds = trait in facts.previousTraits && JSON.stringify(before) !== JSON.stringify(after)
  return { holds, values: { trait, before, after }, description: `${trait} changed` }
}

/** A playbook that fires now, with the outcome that made it fire. */
export interface Firing {
  playbook: Playbook
  outcome: ConditionOutcome
}

/**
 * Edge-triggered playbooks: a playbook fires when its condition starts holding, once, and re-arms
 * when the condition stops holding. `traitChanged` holds only at the evaluation that saw the
 * change, so every change fires once.
 * @param wasHolding whether each playbook's condition held at the previous evaluation.
 * @returns the firings, and what to remember for the next evaluation.
 */
export function evaluatePlaybooks(
  playbooks: readonly Playbook[],
  facts: PlaybookFacts,
  wasHolding: ReadonlyMap<string, boolean>,
): { firings: Firing[]; holding: Map<string, boolean> } {
  const firings: Firing[] = []
  const holding = new Map<string, boolean>()
  for (const playbook of playbooks) {
    if (playbook.tiers && (facts.tier === null || !playbook.tiers.includes(facts.tier))) {
      holding.set(playbook.id, false)
      continue
    }
    const outcome = conditionHolds(playbook.when, facts)
    // A trait change is its own edge: it fires every time, so it is never remembered as holding.
    const isChange = 'traitChanged' in playbook.when
    holding.set(playbook.id, isChange ? false : outcome.holds)
    if (outcome.holds && (isChange || !wasHolding.get(playbook.id))) firings.push({ playbook, outcome })
  }
  return { firings, holding }
}

/** A tag a playbook set that no longer describes the account. */
export interface StaleTag {
  tag: string
  playbook: string
}

/**
 * Tags describe the present: a tag set by a playbook goes once that playbook's condition stops
 * holding (its tier filter excluding the account counts as not holding), unless another playbook
 * that holds sets it too. A `traitChanged` playbook marks an event, not a state: its tags stay.
 * Pure; `holding` is this evaluation's result of {@link evaluatePlaybooks}.
 */
export function staleTags(playbooks: readonly Playbook[], holding: ReadonlyMap<string, boolean>, tags: ReadonlySet<string>): StaleTag[] {
  const tagsOf = (playbook: Playbook) => playbook.do.flatMap((action) => ('tag' in action ? [action.tag] : []))
  const kept = new Set<string>()
  for (const playbook of playbooks) {
    if ('traitChanged' in playbook.when || holding.get(playbook.id)) tagsOf(playbook).forEach((tag) => kept.add(tag))
  }
  const stale: StaleTag[] = []
  for (const playbook of playbooks) {
    if ('traitChanged' in playbook.when || holding.get(playbook.id)) continue
    for (const tag of tagsOf(playbook)) {
      if (tags.has(tag) && !kept.has(tag) && !stale.some((s) => s.tag === tag)) stale.push({ tag, playbook: playbook.id })
    }
  }
  return stale
}
