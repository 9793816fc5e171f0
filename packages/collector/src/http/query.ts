import { validate } from '@goyo/schema'
import type { z } from 'zod'
import { HttpError } from './errors'

/**
 * Validates query parameters, path parameters or a body with a zod schema; a failure is a 400
 * `invalid_<what>` listing each problem, with `parameter` naming the first one at fault.
 */
export function parseWith<T extends z.ZodType>(schema: T, input: unknown, what: 'query' | 'body' | 'path' = 'query'): z.infer<T> {
  const result = validate(schema, input)
  if (!result.ok) {
    const message = result.issues.map((issue) => `${issue.path || what}: ${issue.message}`).join('; ')
    throw new HttpError(400, `invalid_${what}`, message, { parameter: result.issues[0]?.path || null, issues: result.issues })
  }
  return result.value
}
