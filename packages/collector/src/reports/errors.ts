import type { ValidationIssue } from '@goyo/schema'

/** What went wrong with a report request, as a stable machine-readable code. */
export type ReportErrorCode = 'invalid_parameter' | 'unknown_report'

/**
 * An expected failure of a report request: a parameter out of its bounds, or a report that does
 * not exist. Reports are pure queries and know nothing of HTTP; `http/` answers it with a 400 or
 * 404 naming the parameter, and the CLI with exit code 2.
 *
 * @example
 * throw new ReportError('invalid_parameter', 'tier: no tier "gold" in the content file', 'tier')
 */
export class ReportError extends Error {
  override readonly name = 'ReportError'
  constructor(
    readonly code: ReportErrorCode,
    message: string,
    /** The query parameter at fault, when there is one. */
    readonly parameter?: string,
    /** Every problem found, when the query had several. */
    readonly issues: ValidationIssue[] = parameter ? [{ path: parameter, message }] : [],
  ) {
    super(message)
  }
}

/** A parameter error: the message starts with the parameter's name, as in the issue lists. */
export const invalidParameter = (parameter: string, problem: string) =>
  new ReportError('invalid_parameter', `${parameter}: ${problem}`, parameter, [{ path: parameter, message: problem }])
