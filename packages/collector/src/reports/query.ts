import { validate } from '@goyo/schema'
import type { z } from 'zod'
import { ReportError } from './errors'

/**
 * Parses a report's query with its schema; a failure is a `ReportError` naming the first
 * parameter at fault and listing every problem.
 */
export function parseReportQuery<T extends z.ZodType>(schema: T, query: unknown): z.infer<T> {
  const result = validate(schema, query)
  if (result.ok) return result.value
  const message = result.issues.map((issue) => `${issue.path || 'query'}: ${issue.message}`).join('; ')
  throw new ReportError('invalid_parameter', message, result.issues[0]?.path || undefined, result.issues)
}
