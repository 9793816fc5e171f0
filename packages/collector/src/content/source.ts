import { contentSchema, parseContent, type Content, type ContentIssue, type ContentWarning } from '@goyo/schema'

/** Where the collector reads its content from; the file source swaps it when the file changes. */
export interface ContentSource {
  current(): Content
  /** Changes whenever the content does; part of `/v1/content`'s ETag. */
  version(): string
}

/** Content with no features, checklists, prompts, tiers or playbooks. */
export const EMPTY_CONTENT: Content = contentSchema.parse({})

/** A fixed content, for tests and for embedding the collector. */
export function staticContent(content: Content = EMPTY_CONTENT): ContentSource {
  const version = hash(JSON.stringify(content))
  return { current: () => content, version: () => version }
}

/** A content file that does not validate; the message lists every problem with its line. */
export class ContentError extends Error {
  override readonly name = 'ContentError'
  constructor(
    readonly file: string,
    readonly issues: ContentIssue[],
  ) {
    super(`${file} is not a valid content file:\n${formatIssues(file, issues)}`)
  }
}

/** One line per problem, `file:line: path: message`, the shape editors turn into links. */
export function formatIssues(file: string, issues: readonly ContentIssue[]): string {
  return issues.map((issue) => `  ${file}${issue.line ? `:${issue.line}` : ''}: ${issue.path || '(root)'}: ${issue.message}`).join('\n')
}

/** Parses content text or throws a ContentError naming `file`. */
export function contentFromText(file: string, text: string): Content {
  return checkedContent(file, text).content
}

/**
 * Parses content text, with the warnings of a valid file (events nothing is known to send), or
 * throws a ContentError naming `file`.
 */
export function checkedContent(file: string, text: string): { content: Content; warnings: ContentWarning[] } {
  const result = parseContent(text)
  if (!result.ok) throw new ContentError(file, result.issues)
  return { content: result.content, warnings: result.warnings }
}

/** FNV-1a: a short, stable fingerprint; not for security. */
export function hash(text: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return (h >>> 0).toString(36)
}
