import { validate } from '@goyo/schema'
import type { z } from 'zod'
import { HttpError } from './errors'

/** Validates query parameters (or a body) with a zod schema; a failure is a 400 listing each problem. */
export function parseWith<T extends z.ZodType>(schema: T, input: unknown, what = 'query'): z.infer<T> {
  const result = validate(schema, input)
  if (!result.ok) {
    const message = result.issues.map((issue) => `${issue.path || what}: ${issue.message}`).join('; ')
    throw new HttpError(400, `invalid_${what}`, message, { issues: result.issues })
  }
  return result.value
}
