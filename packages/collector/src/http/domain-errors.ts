import { percent, RollupsRebuildingError, TimeZoneMismatchError } from '../rebuild/errors'
import { ReportError } from '../reports/errors'
import { isUnavailable } from '../store/errors'
import { HttpError } from './errors'

/**
 * Turns an error thrown below the HTTP layer into its answer: a report's parameter error is a 400
 * naming the parameter (`invalid_query`, the code clients already know), an unknown report a 404,
 * a store that cannot be reached a 503 with `Retry-After`, never a 500, and so are rollups being
 * rebuilt for a new time zone (`rebuilding`, with the share done) or cut in another zone than this
 * collector's (`time_zone_mismatch`). Anything else is left to the caller (it is a bug: 500).
 */
export function toHttpError(error: unknown, retryAfterSeconds: number): HttpError | null {
  if (error instanceof HttpError) return error
  if (error instanceof ReportError) {
    if (error.code === 'unknown_report') return new HttpError(404, 'unknown_report', error.message)
    return new HttpError(400, 'invalid_query', error.message, { parameter: error.parameter ?? null, issues: error.issues })
  }
  if (error instanceof RollupsRebuildingError) {
    const { timeZone, previousTimeZone } = error.progress
    return new HttpError(503, 'rebuilding', error.message, { percent: percent(error.progress), timeZone, previousTimeZone }, { 'Retry-After': String(retryAfterSeconds) })
  }
  if (error instanceof TimeZoneMismatchError) {
    return new HttpError(503, 'time_zone_mismatch', error.message, { rollups: error.rollups, configured: error.configured }, { 'Retry-After': String(retryAfterSeconds) })
  }
  if (isUnavailable(error)) {
    return new HttpError(503, 'unavailable', 'the store is unavailable; retry later', {}, { 'Retry-After': String(retryAfterSeconds) }, error)
  }
  return null
}
