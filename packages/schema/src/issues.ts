import type { z } from 'zod'

/** One problem found in a payload: where it is, and what is wrong. */
export interface ValidationIssue {
  /** JSON path in the style of `batch[3].event`. */
  path: string
  message: string
}

/** Renders a zod path as `batch[3].context.groupId`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`
    else out += out ? `.${String(segment)}` : String(segment)
  }
  return out
}

/** A missing field reads as "required" instead of zod's "expected string, received undefined". */
const requiredMessage: z.core.$ZodErrorMap = (issue) =>
  (issue.code === 'invalid_type' || issue.code === 'invalid_union' || issue.code === 'invalid_value') && issue.input === undefined
    ? 'required'
    : undefined

/** How far into the value a branch's problems are: a branch whose type matched got further in. */
const depth = (issues: readonly z.core.$ZodIssue[]): number => Math.max(0, ...issues.map((issue) => issue.path.length))

/**
 * "Invalid input" on a union says nothing; the branch that came closest (fewest problems, then
 * the deepest: `{ "en": … }` for a text is a map with a bad entry, not a wrong string) says what
 * to fix, so its issues are reported in the union's place.
 */
function expand(issue: z.core.$ZodIssue): ValidationIssue[] {
  if (issue.code === 'invalid_union' && issue.message !== 'required' && issue.errors.length > 0) {
    const closest = [...issue.errors].sort((a, b) => a.length - b.length || depth(b) - depth(a))[0]!
    if (closest.length > 0) return closest.flatMap((inner) => expand({ ...inner, path: [...issue.path, ...inner.path] }))
  }
  return [{ path: formatPath(issue.path), message: issue.message }]
}

/**
 * Validates `input` and returns either the parsed value or every problem with its path.
 *
 * @example
 * const result = validate(batchSchema, body)
 * if (!result.ok) console.log(result.issues) // [{ path: 'batch[3].event', message: 'required' }]
 */
export function validate<T extends z.ZodType>(
  schema: T,
  input: unknown,
): { ok: true; value: z.infer<T> } | { ok: false; issues: ValidationIssue[] } {
  const result = schema.safeParse(input, { error: requiredMessage })
  if (result.success) return { ok: true, value: result.data }
  return { ok: false, issues: result.error.issues.flatMap(expand) }
}

/** Joins issues into one human-readable line per problem. */
export function describeIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('\n')
}
