/**
 * Report periods as instants. Every report that turns its `from`/`to` days into times goes
 * through here, so that the day boundaries (UTC today; the workspace time zone later) are cut in
 * one place.
 */

const DAY = 86_400_000

/** The instant a day (YYYY-MM-DD) starts. */
export const dayStart = (date: string): Date => new Date(Date.parse(`${date}T00:00:00Z`))

/** The instant after a day (YYYY-MM-DD) ends: the start of the next day. */
export const dayEnd = (date: string): Date => new Date(Date.parse(`${date}T00:00:00Z`) + DAY)

/**
 * A period of whole days, both ends included, as the half-open interval [start, end) of
 * instants. A missing end is open: no `from` means since the beginning, no `to` means until now
 * and after.
 *
 * @example
 * periodBounds({ from: '2026-06-01', to: '2026-06-30' }) // { start: 2026-06-01T00:00Z, end: 2026-07-01T00:00Z }
 */
export function periodBounds(period: { from?: string; to?: string }): { start: Date | null; end: Date | null } {
  return { start: period.from ? dayStart(period.from) : null, end: period.to ? dayEnd(period.to) : null }
}
