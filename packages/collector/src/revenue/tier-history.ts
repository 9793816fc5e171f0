import type { Tier } from '@goyo/schema'
import { decideTier } from '../cs/tiers'

/** One `group` call of an account: the traits it carried, at its event time. */
export interface TraitsRow {
  /** ms since the epoch. */
  at: number
  /** Breaks ties between calls at the same instant, so the order is total and repeatable. */
  messageId: string
  traits: Record<string, unknown>
}

/** Sorts rows by time, then message id (the order {@link traitsAt} expects). */
export const byTraitsTime = (a: TraitsRow, b: TraitsRow) => a.at - b.at || (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0)

/**
 * The account's traits as they were at instant `t`: its group calls up to `t` (rows sorted by
 * {@link byTraitsTime}) merged in time order, each key taking its latest value (the rule ingest
 * applies to `accounts.traits`).
 */
export function traitsAt(rows: readonly TraitsRow[], t: number): Record<string, unknown> {
  const traits: Record<string, unknown> = {}
  for (const row of rows) {
    if (row.at > t) break
    Object.assign(traits, row.traits)
  }
  return traits
}

/**
 * The tier the content's rules give an account with these traits (README "Report definitions",
 * Revenue by tier): the first rule that matches, else the last tier; null without tiers. The
 * rules alone, without the engine's hysteresis (margin, consecutive evaluations), which depends
 * on evaluations that never happened for imported history. Usage conditions count as not met:
 * past usage is not replayed here.
 *
 * @example
 * tierFromRules(tiers, { arr: 90000 }, Date.parse('2026-01-31T23:59:59Z')) // 'high-touch'
 */
export function tierFromRules(tiers: readonly Tier[], traits: Record<string, unknown>, at: number): string | null {
  if (tiers.length === 0) return null
  const facts = { traits, usage: () => Number.NaN }
  return decideTier(tiers, facts, { tier: null, candidate: null, candidateCount: 0 }, {}, new Date(at)).tier
}
