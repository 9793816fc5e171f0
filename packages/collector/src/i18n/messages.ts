import { BUILT_IN_LOCALES, canonicalLocale, type Catalog, type Message, type MessageKey } from '@goyo/schema'
import { CATALOGS } from './catalogs'

/** Message overrides from the content file (`strings`), by locale tag as written there. */
export type Overrides = Record<string, Partial<Record<string, Message>>>

const builtIn = (tag: string): Catalog | undefined => ((BUILT_IN_LOCALES as readonly string[]).includes(tag) ? CATALOGS[tag as keyof typeof CATALOGS] : undefined)

/** The locales that have messages: the built-in catalogs' and those of `strings` (canonical tags). */
export function messageLocales(overrides: Overrides): string[] {
  return [...new Set([...BUILT_IN_LOCALES, ...Object.keys(overrides).map((tag) => canonicalLocale(tag) ?? tag)])]
}

/**
 * The widgets' messages for a fallback chain (see `fallbackChain`): English as the base every
 * message has, then each locale of the chain from the least preferred to the most, its built-in
 * catalog and then the content file's `strings` for it. So `strings.ja` changes one message of
 * the Japanese catalog, and `strings.fr` adds French over the default locale's words. `language`
 * is the first locale of the chain that has messages. Pure.
 *
 * @example
 * messagesFor(['ja-JP', 'ja', 'en'], {}).messages['tour.next'] // '次へ'
 */
export function messagesFor(chain: readonly string[], overrides: Overrides): { language: string; messages: Catalog } {
  const byLocale = new Map(Object.entries(overrides).map(([tag, messages]) => [canonicalLocale(tag) ?? tag, messages]))
  const messages: Partial<Record<MessageKey, Message>> = { ...CATALOGS.en }
  for (const tag of [...chain].reverse()) Object.assign(messages, builtIn(tag), byLocale.get(tag))
  return { language: chain.find((tag) => builtIn(tag) || byLocale.has(tag)) ?? 'en', messages: messages as Catalog }
}

/**
 * The locale to format with (`lang`, `Intl`): the user's own tag when it is a variant of the
 * messages' language (`ja-JP` formats as in Japan), else that language (a French user who gets
 * English words gets English plural rules with them).
 *
 * @example
 * formattingLocale('ja-JP', 'ja') // 'ja-JP'
 */
export function formattingLocale(wanted: string | null, language: string): string {
  return wanted?.startsWith(`${language}-`) ? wanted : language
}
