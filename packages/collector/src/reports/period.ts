/**
 * Report periods as instants. Every report that turns its `from`/`to` days into times goes
 * through here, so that the day boundaries are those of the workspace time zone, cut in one place
 * (calendar/zone.ts): a period of days is the instants from the start of `from` to the start of
 * the day after `to`, whatever the days' lengths.
 */
import { endOfDay, startOfDay } from '../calendar/zone'

/**
 * A period of whole days, both ends included, as the half-open interval [start, end) of
 * instants in the zone. A missing end is open: no `from` means since the beginning, no `to` means
 * until now and after.
 *
 * @example
 * periodBounds({ from: '2026-06-01', to: '2026-06-30' }, 'Asia/Tokyo') // { start: 2026-05-31T15:00Z, end: 2026-06-30T15:00Z }
 */
export function periodBounds(period: { from?: string; to?: string }, timeZone: string): { start: Date | null; end: Date | null } {
  return { start: period.from ? startOfDay(period.from, timeZone) : null, end: period.to ? endOfDay(period.to, timeZone) : null }
}
