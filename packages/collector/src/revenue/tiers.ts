/** A `tier_changed` entry of the timeline. */
export interface TierChange {
  accountId: string
  /** ms since the epoch. */
  at: number
  from: string | null
  to: string | null
  reason: string | null
}
