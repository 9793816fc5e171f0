/**
 * Numbers that drive reports and the CS engine, with the range each may take. A value outside its
 * range, or not a finite number at all (a 400-digit string, 1e308), is kept in the raw event but
 * never used as that number: one such value made whole pages answer 500 (casts overflowing in
 * SQL) or broke the MRR bridge (sums reaching Infinity) for good (issue 19, finding 2).
 *
 * The ranges are wide enough for any real account and narrow enough that the revenue reports'
 * sums, kept in integer cents, stay exact (below 2^53) for a million accounts at the maximum MRR.
 */
export const REPORT_NUMBER_RANGES = {
  /** Monthly recurring revenue of one account, in currency units. */
  mrr: { min: 0, max: 100_000_000 },
  /** Annual recurring revenue of one account: twelve times the largest MRR. */
  arr: { min: 0, max: 1_200_000_000 },
  /** Seats of one account. */
  seats: { min: 0, max: 10_000_000 },
  /** An NPS answer (`Survey Answered.score`). */
  score: { min: 0, max: 10 },
} as const

export type ReportNumber = keyof typeof REPORT_NUMBER_RANGES

// Plain decimal text, as spreadsheets and form fields send numbers; no exponents, hex or spaces.
const DECIMAL = /^-?\d{1,15}(\.\d{1,15})?$/

/**
 * Reads `value` as the report number `field`: a finite number (or plain decimal text) in the
 * field's range, else null with the reason. Pure.
 *
 * @example
 * readReportNumber('mrr', '750')  // { value: 750 }
 * readReportNumber('mrr', 1e308)  // { value: null, reason: 'mrr must be a number from 0 to 100000000' }
 */
export function readReportNumber(field: ReportNumber, value: unknown): { value: number; reason?: undefined } | { value: null; reason: string } {
  const { min, max } = REPORT_NUMBER_RANGES[field]
  const number = typeof value === 'number' ? value : typeof value === 'string' && DECIMAL.test(value.trim()) ? Number(value) : NaN
  if (Number.isFinite(number) && number >= min && number <= max) return { value: number }
  return { value: null, reason: `${field} must be a number from ${min} to ${max}` }
}

/** Whether `value` may be used as the report number `field`. */
export const isUsableReportNumber = (field: ReportNumber, value: unknown): boolean => readReportNumber(field, value).value !== null
