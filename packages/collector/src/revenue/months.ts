import { dayOf, startOfDay } from '../calendar/zone'

/**
 * Calendar months in the workspace time zone, the period of every revenue figure (cs-metrics
 * §5.2: "period = month"). A month is written `YYYY-MM`; it starts at midnight on its first day in
 * the zone and ends just before the next month starts.
 */

/** `YYYY-MM`, a calendar month. */
export type Month = string

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/

/** The instant (ms) month `m` starts in the zone: midnight on the 1st. */
export function monthStart(m: Month, timeZone: string): number {
  return startOfDay(`${m}-01`, timeZone).getTime()
}

/** The month `n` months after `m` (n may be negative). */
export function addMonths(m: Month, n: number): Month {
  const d = new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)) - 1 + n, 1))
  return d.toISOString().slice(0, 7)
}

/** The month an instant falls in, in the zone. */
export const monthOf = (t: number | Date, timeZone: string): Month => dayOf(t, timeZone).slice(0, 7)

/** Months from `from` to `to`, both included, in order. Empty when `from` is after `to`. */
export function monthRange(from: Month, to: Month): Month[] {
  // Counted, not compared: past year 9999 the ISO string of a month gains a sign and a sixth
  // digit, and a loop `m <= to` never ends (issue 19, finding 1).
  const count = monthsBetween(from, to) + 1
  return Array.from({ length: Math.max(0, count) }, (_, i) => addMonths(from, i))
}

/** Whole months from `a` to `b` (`b` − `a`). */
export const monthsBetween = (a: Month, b: Month) =>
  (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7))
