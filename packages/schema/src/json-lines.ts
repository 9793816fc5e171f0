import { contentSchema, type Content } from './content'
import { unsentEvents } from './content-references'
import { localeWarnings } from './locales'
import { formatPath, validate, type ValidationIssue } from './issues'

/**
 * Finds the line of every value in a JSON text, keyed by its path as `formatPath` writes it
 * (`prompts[0].cta.href`). A small scanner rather than a full parser: it assumes the text is
 * valid JSON (JSON.parse said so first) and only tracks where each value starts.
 */
export function jsonLines(source: string): Map<string, number> {
  const lines = new Map<string, number>()
  let i = 0
  let line = 1
  const skip = () => {
    for (; i < source.length; i++) {
      const ch = source[i]
      if (ch === '\n') line++
      else if (ch !== ' ' && ch !== '\t' && ch !== '\r') break
    }
  }
  const readString = (): string => {
    const start = i
    i++
    for (; i < source.length; i++) {
      if (source[i] === '\\') i++
      else if (source[i] === '"') break
    }
    i++
    return JSON.parse(source.slice(start, i)) as string
  }
  const value = (path: PropertyKey[]): void => {
    skip()
    lines.set(formatPath(path), line)
    const ch = source[i]
    if (ch === '{') {
      i++
      skip()
      if (source[i] === '}') return void i++
      for (;;) {
        skip()
        const key = readString()
        skip()
        i++ // ':'
        value([...path, key])
        skip()
        if (source[i++] === '}') return
      }
    }
    if (ch === '[') {
      i++
      skip()
      if (source[i] === ']') return void i++
      for (let index = 0; ; index++) {
        value([...path, index])
        skip()
        if (source[i++] === ']') return
      }
    }
    if (ch === '"') return void readString()
    while (i < source.length && !/[\s,\]}]/.test(source[i]!)) i++
  }
  value([])
  return lines
}

/** A content-file problem, with the line it is on. */
export interface ContentIssue extends ValidationIssue {
  line?: number
}

/**
 * A content-file warning: an event nothing is known to send (`event` names it, see
 * `unsentEvents`), or a text or locale that will show in another language (see `localeWarnings`).
 */
export interface ContentWarning extends ContentIssue {
  event?: string
}

/** The line of `path`, or of the nearest enclosing value that has one (a missing field has none). */
function lineOf(lines: Map<string, number>, path: string): number | undefined {
  while (!lines.has(path) && path) path = path.replace(/(\.[^.[\]]*|\[\d+\])$/, '')
  return lines.get(path)
}

/**
 * Parses and validates the text of a content file. Every problem comes with its JSON path and
 * line, so a PM can fix the file in one pass. A valid file may still carry warnings: events that
 * checklist items or conversions wait for and that nothing in Goyo or in the file sends, and
 * texts or locales that some users will get in another language.
 *
 * @example
 * const result = parseContent(readFileSync('goyo.content.json', 'utf8'))
 * if (!result.ok) for (const issue of result.issues) console.error(`line ${issue.line}: ${issue.path}: ${issue.message}`)
 */
export function parseContent(source: string): { ok: true; content: Content; warnings: ContentWarning[] } | { ok: false; issues: ContentIssue[] } {
  let json: unknown
  try {
    json = JSON.parse(source)
  } catch (error) {
    const message = (error as Error).message
    const position = /position (\d+)/.exec(message)
    const line = position ? source.slice(0, Number(position[1])).split('\n').length : undefined
    return { ok: false, issues: [{ path: '', message: `not valid JSON: ${message}`, line }] }
  }
  const result = validate(contentSchema, json)
  const lines = jsonLines(source)
  if (result.ok) {
    const found: Array<{ path: Array<string | number>; message: string; event?: string }> = [...unsentEvents(result.value), ...localeWarnings(result.value)]
    const warnings = found.map((warning) => ({ ...warning, path: formatPath(warning.path), line: lineOf(lines, formatPath(warning.path)) }))
    return { ok: true, content: result.value, warnings }
  }
  return { ok: false, issues: result.issues.map((issue) => ({ ...issue, line: lineOf(lines, issue.path) })) }
}
