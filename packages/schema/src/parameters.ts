import { z } from 'zod'
import { MAX_ID_LENGTH } from './limits'

/**
 * Building blocks of the collector's URL parameters (query strings and path segments). Every route
 * parses all of its parameters with one schema made of these, so a bad value is a 400 that names
 * the parameter, and no value can reach SQL that PostgreSQL would refuse (NUL, a year 0 date) or
 * make a report loop or allocate in proportion to it (a date in year 9999).
 */

/** Earliest date a report period may name. Product analytics has nothing before the Unix epoch. */
export const MIN_PARAMETER_DATE = '1970-01-01'
/** Latest date a report period may name: far enough for any plan, far from calendar overflow. */
export const MAX_PARAMETER_DATE = '2199-12-31'

// NUL is refused by PostgreSQL in text; other control characters have no business in a name or a
// search either. A lone surrogate cannot be encoded as UTF-8 at all.
const CONTROL = /[\u0000-\u001f\u007f]/

/** Text of 1 to `max` characters without control characters or lone surrogates. */
export const textParameter = (max: number) =>
  z
    .string()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !CONTROL.test(value) && value.isWellFormed(), 'must not contain control characters (such as NUL)')

/** A user, anonymous or account id in a URL: the same bounds as ids in events. */
export const idParameter = textParameter(MAX_ID_LENGTH)

const inWindow = (date: string) => date >= MIN_PARAMETER_DATE && date <= MAX_PARAMETER_DATE
const WINDOW = `must be between ${MIN_PARAMETER_DATE} and ${MAX_PARAMETER_DATE}`

/** A calendar date `YYYY-MM-DD` within the parameter window. */
export const dateParameter = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((value) => {
    const time = Date.parse(`${value}T00:00:00Z`)
    return Number.isFinite(time) && new Date(time).toISOString().slice(0, 10) === value
  }, 'is not a calendar date')
  .refine(inWindow, WINDOW)

/** A calendar month `YYYY-MM` (a date `YYYY-MM-DD` stands for its month) within the window. */
export const monthParameter = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/, 'must be a month as YYYY-MM (or a date YYYY-MM-DD)')
  .refine((value) => inWindow(`${value.slice(0, 7)}-01`), WINDOW)
  .transform((value) => value.slice(0, 7))

/**
 * A whole number from a query string, between `min` and `max`. Only plain digits: `1e3`, `0x10`,
 * ` 5` and 30-digit numbers are refused rather than coerced.
 */
export const integerParameter = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,15}$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
