/**
 * The workspace time zone (`GOYO_TIMEZONE`): where days, weeks and months begin. Every place that
 * turns an instant into a calendar date, or a date into the instant it starts, goes through here,
 * so the rollups (`dayOf`), the reports' periods and the revenue months cut time the same way.
 *
 * Days are never assumed to last 24 hours: in a zone with daylight saving time a day lasts 23 or
 * 25 hours, and a few zones skip or repeat midnight itself.
 */
import { addDays, type Day } from './dates'

/** The zone when `GOYO_TIMEZONE` is not set. */
export const DEFAULT_TIME_ZONE = 'UTC'

/** A `GOYO_TIMEZONE` that is not an IANA zone name. */
export class InvalidTimeZoneError extends Error {}

const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000

/**
 * Checks an IANA time zone name and returns its canonical spelling (`asia/tokyo` → `Asia/Tokyo`).
 * Numeric offsets such as `+09:00` are refused: PostgreSQL reads them with the opposite sign
 * (POSIX), so the rollups and the SQL would disagree by twice the offset.
 *
 * @example
 * checkTimeZone('Asia/Tokyo') // 'Asia/Tokyo'
 * checkTimeZone('Tokyo') // throws InvalidTimeZoneError
 */
export function checkTimeZone(name: string): string {
  const hint = 'an IANA time zone name such as Asia/Tokyo, America/New_York or UTC'
  if (/^\s*[+-]|^\s*$/.test(name)) throw new InvalidTimeZoneError(`"${name}" is not ${hint}`)
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone
  } catch {
    throw new InvalidTimeZoneError(`"${name}" is not ${hint}`)
  }
}

const dayFormats = new Map<string, Intl.DateTimeFormat>()
const wallFormats = new Map<string, Intl.DateTimeFormat>()

function cached(map: Map<string, Intl.DateTimeFormat>, timeZone: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let format = map.get(timeZone)
  if (!format) map.set(timeZone, (format = make()))
  return format
}

/**
 * The calendar day an instant falls on in a zone: the one place rollups cut days (usage_daily,
 * account_days, the day bitmaps), and where reports place an event.
 *
 * @example
 * dayOf(new Date('2026-03-01T16:00:00Z'), 'Asia/Tokyo') // '2026-03-02'
 */
export function dayOf(instant: Date | number, timeZone: string): Day {
  if (timeZone === 'UTC') return new Date(instant).toISOString().slice(0, 10)
  // en-CA writes dates as YYYY-MM-DD; `format` is several times faster than `formatToParts`, and
  // the fold calls this once per event.
  const format = cached(dayFormats, timeZone, () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }))
  return format.format(instant)
}

const WALL = /^(\d{2})\/(\d{2})\/(\d{4}), (\d{2}):(\d{2}):(\d{2})$/

/** The wall-clock time at `t` in the zone, written as if it were a UTC instant (ms). */
function wallClock(t: number, timeZone: string): number {
  if (timeZone === 'UTC') return t
  const format = cached(wallFormats, timeZone, () => new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }))
  const match = WALL.exec(format.format(t))
  if (!match) throw new Error(`unexpected date format for ${timeZone}: ${format.format(t)}`)
  const [, month, day, year, hour, minute, second] = match.map(Number) as number[]
  return Date.UTC(year!, month! - 1, day!, hour!, minute!, second!) + (((t % 1000) + 1000) % 1000)
}

/** The zone's offset from UTC at `t` (ms; Tokyo +9 h). */
const offsetAt = (t: number, timeZone: string) => wallClock(t, timeZone) - t

/**
 * The first instant whose wall-clock time in the zone is at or after `wall` (a wall-clock time
 * written as a UTC instant). A wall time that happens twice (clocks turned back) gives its first
 * occurrence; one that never happens (clocks turned forward) gives the instant the clocks jumped.
 */
function instantOfWall(wall: number, timeZone: string): number {
  if (timeZone === 'UTC') return wall
  // Offsets lie within −12 h … +14 h: the instant is in [wall − 14 h, wall + 12 h], and the
  // offsets in force at both ends are the ones it can have.
  const before = offsetAt(wall - 14 * HOUR_MS, timeZone)
  const after = offsetAt(wall + 12 * HOUR_MS, timeZone)
  const valid = [...new Set([before, after])].map((offset) => wall - offset).filter((t) => offsetAt(t, timeZone) === wall - t)
  if (valid.length > 0) return Math.min(...valid)
  // In the gap of a jump forward: the first instant on the later offset.
  let lo = wall - Math.max(before, after)
  let hi = wall - Math.min(before, after)
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2)
    if (wallClock(mid, timeZone) >= wall) hi = mid
    else lo = mid
  }
  return hi
}

/**
 * The instant a calendar day begins in a zone. A day ends where the next one begins, so
 * `[startOfDay(d), startOfDay(addDays(d, 1)))` is the day, 23, 24 or 25 hours long.
 *
 * @example
 * startOfDay('2026-03-02', 'Asia/Tokyo') // 2026-03-01T15:00:00.000Z
 */
export const startOfDay = (day: Day, timeZone: string): Date => new Date(instantOfWall(Date.parse(`${day}T00:00:00Z`), timeZone))

/** The instant after a calendar day ends: the start of the next day. */
export const endOfDay = (day: Day, timeZone: string): Date => startOfDay(addDays(day, 1), timeZone)

/**
 * The same wall-clock time `days` calendar days after `instant` (the first such instant; across
 * a change of clocks the interval is not a multiple of 24 hours).
 *
 * @example
 * localDaysLater(new Date('2026-03-07T17:00:00Z'), 1, 'America/New_York') // 2026-03-08T16:00:00.000Z (noon again, 23 h later)
 */
export function localDaysLater(instant: Date | number, days: number, timeZone: string): Date {
  const t = new Date(instant).getTime()
  if (timeZone === 'UTC') return new Date(t + days * DAY_MS)
  return new Date(instantOfWall(wallClock(t, timeZone) + days * DAY_MS, timeZone))
}

/** Today in the zone, as a calendar date. */
export const today = (now: Date | number, timeZone: string): Day => dayOf(now, timeZone)
