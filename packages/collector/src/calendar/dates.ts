/**
 * Calendar arithmetic on dates written `YYYY-MM-DD` (a {@link Day}) and months written `YYYY-MM`.
 * A calendar date has no time zone: adding a day to 8 March is 9 March wherever one stands, even
 * when that day lasts 23 hours. Turning dates into instants is zone.ts's job.
 */

/** A calendar date, `YYYY-MM-DD`. */
export type Day = string

const DAY_MS = 86_400_000

/** Days as UTC midnights, only to count and step them: never an instant of the workspace. */
const asNumber = (day: Day) => Date.parse(`${day}T00:00:00Z`)
const fromNumber = (value: number): Day => new Date(value).toISOString().slice(0, 10)

/** `day` plus `days` calendar days (negative goes back). */
export const addDays = (day: Day, days: number): Day => fromNumber(asNumber(day) + days * DAY_MS)

/** Calendar days from `a` to `b` (`b` − `a`). */
export const daysBetween = (a: Day, b: Day): number => Math.round((asNumber(b) - asNumber(a)) / DAY_MS)

/** The Monday of the week `day` is in (weeks start on Monday, as ISO 8601 and PostgreSQL's `date_trunc('week')`). */
export function weekStart(day: Day): Day {
  const weekday = new Date(asNumber(day)).getUTCDay()
  return addDays(day, -((weekday + 6) % 7))
}

/** The first day of the month `day` is in. */
export const monthStartDay = (day: Day): Day => `${day.slice(0, 7)}-01`
