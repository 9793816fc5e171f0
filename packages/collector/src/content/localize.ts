import { canonicalLocale, textFields, type Catalog, type Content, type LocalizedText } from '@goyo/schema'
import { messageLocales, messagesFor, formattingLocale } from '../i18n/messages'
import { fallbackChain } from '../i18n/negotiate'

/** A value with every user-facing text resolved to one string: what a user of one locale gets. */
export type Resolved<T> = T extends readonly (infer U)[]
  ? Resolved<U>[]
  : T extends object
    ? { [K in keyof T]: LocalizedText extends T[K] ? Exclude<T[K], Record<string, string>> : Resolved<T[K]> }
    : T

/** Content as one user sees it: texts in their locale, the widgets' messages, and the locale to format with. */
export type LocalizedContent = Resolved<Content> & { locale: string; messages: Catalog }

/** The text of a map in the first locale of `chain` it has (canonical tags); a string is itself. */
export function textIn(value: LocalizedText, chain: readonly string[]): string {
  if (typeof value === 'string') return value
  const byLocale = new Map(Object.entries(value).map(([tag, text]) => [canonicalLocale(tag) ?? tag, text]))
  for (const tag of chain) {
    const text = byLocale.get(tag)
    if (text !== undefined) return text
  }
  // The schema guarantees the default locale (the chain's end); this is only a last resort.
  return Object.values(value)[0] ?? ''
}

/** The text in the content's default locale: what reports and the dashboard name an item by. */
export const defaultText = (value: LocalizedText, content: Pick<Content, 'defaultLocale'>): string => textIn(value, fallbackChain([], content.defaultLocale))

interface Memo {
  /** Every locale the content or a catalog has text or messages in. */
  offered: Set<string>
  byChain: Map<string, { content: Resolved<Content>; messages: Catalog; language: string }>
}

const memos = new WeakMap<Content, Memo>()

/**
 * The content for a user whose locale is `wanted` (a canonical tag, or null when unknown): every
 * text resolved along the fallback chain (`ja-JP` → `ja` → `defaultLocale`), and the widgets'
 * messages for that chain. Pure; remembered per content and chain. Tags that nothing offers are
 * left out of the chain first, so the copies are bounded by the content's languages, whatever
 * tags users send.
 *
 * @example
 * localizeContent(content, 'ja-JP').checklists[0].title // 'はじめに'
 */
export function localizeContent(content: Content, wanted: string | null): LocalizedContent {
  let memo = memos.get(content)
  if (!memo) {
    const inTexts = textFields(content).flatMap(({ value }) => (typeof value === 'string' ? [] : Object.keys(value).map((tag) => canonicalLocale(tag) ?? tag)))
    memo = { offered: new Set([...inTexts, ...messageLocales(content.strings)]), byChain: new Map() }
    memos.set(content, memo)
  }
  const chain = fallbackChain(wanted ? [wanted] : [], content.defaultLocale).filter((tag) => memo.offered.has(tag))
  const key = chain.join(' ')
  let entry = memo.byChain.get(key)
  if (!entry) {
    const copy = structuredClone(content)
    for (const { path, value } of textFields(copy)) setAt(copy, path, textIn(value, chain))
    entry = { content: copy as Resolved<Content>, ...messagesFor(chain, content.strings) }
    memo.byChain.set(key, entry)
  }
  return { ...entry.content, messages: entry.messages, locale: formattingLocale(wanted, entry.language) }
}

function setAt(target: unknown, path: ReadonlyArray<string | number>, value: string): void {
  let node = target as Record<string | number, unknown>
  for (const segment of path.slice(0, -1)) node = node[segment] as Record<string | number, unknown>
  node[path.at(-1)!] = value
}
