import { readRollupZone, rebuildShare, type RebuildProgress } from '../store/rebuild'
import type { SqlExecutor } from '../store/sql'

/** A percentage for people: whole, and never "100 %" before the rebuild is over. */
export const percent = (progress: RebuildProgress) => Math.min(99, Math.floor(rebuildShare(progress) * 100))

/**
 * The rollups are being rebuilt for a new time zone: reports, account reads and content answers
 * would read half-built tables, so they answer 503 with `Retry-After` and this message instead.
 */
export class RollupsRebuildingError extends Error {
  constructor(readonly progress: RebuildProgress) {
    super(`rebuilding: ${percent(progress)} % (the rollups are being rebuilt for the time zone ${progress.timeZone}, was ${progress.previousTimeZone}); retry later`)
  }
}

/**
 * The rollups are cut in another zone than this collector's `GOYO_TIMEZONE`: another collector,
 * or `goyo-collector rebuild`, changed them after this one started. Answers would mix the two
 * zones, so they are refused until the collectors agree (a restart rebuilds for this one's zone).
 */
export class TimeZoneMismatchError extends Error {
  constructor(readonly rollups: string, readonly configured: string) {
    super(`the rollups are cut in ${rollups} but GOYO_TIMEZONE is ${configured} here: give every collector and command the same GOYO_TIMEZONE (a collector started with it, or \`goyo-collector rebuild\`, rebuilds them for it)`)
  }
}

/**
 * Throws when the rollups cannot answer in `timeZone`: a rebuild is under way, or they are cut in
 * another zone (a command run with another `GOYO_TIMEZONE` than the collectors').
 */
export async function assertRollupZone(sql: SqlExecutor, timeZone: string): Promise<void> {
  const zone = await readRollupZone(sql)
  if (zone.rebuild) throw new RollupsRebuildingError(zone.rebuild)
  if (zone.timeZone !== timeZone) throw new TimeZoneMismatchError(zone.timeZone, timeZone)
}
