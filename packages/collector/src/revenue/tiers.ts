/** A `tier_changed` entry of the timeline. */
export interface TierChange {
  accountId: string
  /** ms since the epoch. */
  at: number
  from: string | null
  to: string | null
  reason: string | null
}

/**
 * The account's tier at instant `t` from its tier changes sorted by time: the `to` of the last
 * change at or before `t`; before its first change, that change's `from` (null for a first
 * assignment). An account with no recorded change has `current` (account_state.tier) throughout,
 * which covers tiers set before the timeline existed.
 */
export function tierAt(changes: readonly TierChange[], t: number, current: string | null): string | null {
  if (changes.length === 0) return current
  let tier = changes[0]!.from
  for (const change of changes) {
    if (change.at > t) break
    tier = change.to
  }
  return tier
}
