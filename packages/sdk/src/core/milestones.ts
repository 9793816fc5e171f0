import type { Kv } from '../lib/kv'

/** Storage key of the reached milestones, per user. */
export const MILESTONES_KEY = 'goyo_ms'

/** Remembers which milestones each user reached. See {@link createMilestones}. */
export interface Milestones {
  /** Marks `name` reached for `user`; returns false if it already was. */
  _reach(user: string, name: string): boolean
}

/**
 * Milestones are "once per user, remembered across reloads", and time to value is measured from
 * the first one, so a second `Milestone Reached` would be a wrong number in a report. Kept in
 * first-party storage (through the consent-aware `Kv`), keyed by user id, else anonymous id.
 *
 * @example
 * if (milestones.reach('u_42', 'first-invoice-sent')) track('Milestone Reached', { milestone })
 */
export function createMilestones(kv: Kv): Milestones {
  const load = (): Record<string, string[]> => {
    try {
      const parsed: unknown = JSON.parse(kv.get(MILESTONES_KEY) ?? '{}')
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, string[]>) : {}
    } catch {
      return {}
    }
  }
  return {
    _reach(user, name) {
      // Re-read each time: another tab of the same user may have reached it meanwhile.
      const all = load()
      const reached = (all[user] ??= [])
      if (reached.includes(name)) return false
      reached.push(name)
      kv.set(MILESTONES_KEY, JSON.stringify(all))
      return true
    },
  }
}

/**
 * A deterministic `messageId` for a milestone: if two tabs or two devices of one user reach it at
 * once, the collector's `messageId` dedupe keeps only one. Ids past the collector's 100-character
 * limit get a random id instead (then only this device's memory prevents a repeat).
 *
 * @example
 * milestoneMessageId('u_42', 'first-invoice-sent') // 'ms-u_42-first-invoice-sent'
 */
export function milestoneMessageId(user: string, name: string): string | undefined {
  const id = `ms-${user}-${name}`
  return id.length > 100 ? undefined : id
}
