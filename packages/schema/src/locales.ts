import { z } from 'zod'
import { BUILT_IN_LOCALES, MESSAGE_PARAMS, placeholders, type MessageKey } from './messages'

/**
 * Locales in the content file: text in several languages (`"title": { "en": "Get started",
 * "ja": "はじめに" }`), `defaultLocale`, and `strings` (message overrides per locale).
 */

/** A language tag as browsers and apps write it: `en`, `ja-JP`, `zh-Hant-TW`; `ja_JP` is read as `ja-JP`. */
export const LOCALE_TAG = /^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*$/

export const localeTagSchema = z.string().max(35).regex(LOCALE_TAG, 'must be a language tag such as "en" or "ja-JP"')

/**
 * The canonical form of a language tag (`ja_jp` → `ja-JP`), or null when it is none. Pure.
 *
 * @example
 * canonicalLocale('EN_us') // 'en-US'
 */
export function canonicalLocale(tag: unknown): string | null {
  if (typeof tag !== 'string' || tag.length > 35 || !LOCALE_TAG.test(tag)) return null
  try {
    return Intl.getCanonicalLocales(tag.replace(/_/g, '-'))[0] ?? null
  } catch {
    return null
  }
}

/**
 * A tag and its parents, most specific first, canonical: `zh-Hant-TW` → `zh-Hant-TW`, `zh-Hant`,
 * `zh`. Empty for something that is not a language tag. Pure.
 *
 * @example
 * parentsOf('ja-JP') // ['ja-JP', 'ja']
 */
export function parentsOf(tag: string): string[] {
  const canonical = canonicalLocale(tag)
  if (!canonical) return []
  const chain: string[] = []
  for (let parts = canonical.split('-'); parts.length > 0; parts.pop()) {
    // A lone singleton (the `u` of `-u-ca-…`) is no locale of its own.
    if (parts.at(-1)!.length > 1) chain.push(parts.join('-'))
  }
  return chain
}

/** A user-facing text: one string, or one per locale. */
export type LocalizedText = string | Record<string, string>

/** A user-facing text field of at most `max` characters, as a string or a `{ "<locale>": text }` map. */
export function localizedText(max: number) {
  const text = z.string().min(1, 'must not be empty').max(max)
  return z.union([text, z.record(localeTagSchema, text).refine((map) => Object.keys(map).length > 0, 'needs at least one locale')])
}

const messageText = z.string().min(1, 'must not be empty').max(300)

/** `strings`: per locale, messages that replace the built-in catalog's (see messages.ts). */
export const stringsSchema = z.record(
  localeTagSchema,
  z.record(
    z.string(),
    z.union([
      messageText,
      z.strictObject({ zero: messageText.optional(), one: messageText.optional(), two: messageText.optional(), few: messageText.optional(), many: messageText.optional(), other: messageText }),
    ]),
  ),
)

/** A place in the content file, as zod paths are. */
type Path = Array<string | number>

/** Where the user-facing text fields are in content, whatever their shape. */
interface TextSections {
  checklists: ReadonlyArray<Record<string, unknown> & { items: ReadonlyArray<Record<string, unknown>> }>
  prompts: ReadonlyArray<Record<string, unknown> & { cta: Record<string, unknown> }>
  tours: ReadonlyArray<Record<string, unknown> & { steps: ReadonlyArray<Record<string, unknown>> }>
  surveys: ReadonlyArray<Record<string, unknown>>
}

/** Every user-facing text field of the content, with its path. The one list of which fields are text. */
export function textFields(content: TextSections): Array<{ path: Path; value: LocalizedText }> {
  const out: Array<{ path: Path; value: LocalizedText }> = []
  const add = (owner: Record<string, unknown>, path: Path, keys: string[]) => {
    for (const key of keys) if (owner[key] !== undefined) out.push({ path: [...path, key], value: owner[key] as LocalizedText })
  }
  content.checklists.forEach((checklist, c) => {
    add(checklist, ['checklists', c], ['title', 'description', 'completedMessage'])
    checklist.items.forEach((item, i) => add(item, ['checklists', c, 'items', i], ['title', 'description']))
  })
  content.prompts.forEach((prompt, p) => {
    add(prompt, ['prompts', p], ['title', 'body', 'dismissLabel'])
    add(prompt.cta, ['prompts', p, 'cta'], ['label'])
  })
  content.tours.forEach((tour, t) => {
    add(tour, ['tours', t], ['title'])
    tour.steps.forEach((step, s) => add(step, ['tours', t, 'steps', s], ['title', 'body']))
  })
  content.surveys.forEach((survey, s) => add(survey, ['surveys', s], ['question', 'commentPrompt']))
  return out
}

/** The locales of a map, canonical; none for a plain string. */
const localesOf = (value: LocalizedText): string[] => (typeof value === 'string' ? [] : Object.keys(value).map((tag) => canonicalLocale(tag) ?? tag))

/** What the locale checks read: the text fields' sections, the default locale, the overrides. */
export type LocaleContent = TextSections & { defaultLocale: string; strings: Record<string, Record<string, unknown>> }

/** The first locale of `tag`'s chain (itself, then its parents) that a text map has, if any. */
const bestIn = (value: Record<string, string>, tag: string): string | undefined => {
  const has = localesOf(value)
  return parentsOf(tag).find((locale) => has.includes(locale))
}

/**
 * Errors: a text map without the default locale (nor a parent of it: `ja` serves `ja-JP`), which
 * would leave a user of another language with no text; a message override with an unknown key or
 * a placeholder its message does not have. Pure.
 *
 * @example
 * localeErrors({ ...content, defaultLocale: 'en' }) // [{ path: ['checklists', 0, 'title'], message: 'has no "en" text, the defaultLocale' }]
 */
export function localeErrors(content: LocaleContent): Array<{ path: Path; message: string }> {
  const issues: Array<{ path: Path; message: string }> = []
  for (const { path, value } of textFields(content)) {
    if (typeof value !== 'string' && !bestIn(value, content.defaultLocale)) issues.push({ path, message: `has no "${content.defaultLocale}" text, the defaultLocale` })
  }
  for (const [locale, messages] of Object.entries(content.strings)) {
    for (const [key, message] of Object.entries(messages)) {
      const path = ['strings', locale, key]
      if (!(key in MESSAGE_PARAMS)) {
        const near = Object.keys(MESSAGE_PARAMS).find((known) => known.toLowerCase() === key.toLowerCase())
        issues.push({ path, message: `unknown message "${key}"${near ? `: did you mean "${near}"?` : ''}` })
        continue
      }
      const allowed: readonly string[] = MESSAGE_PARAMS[key as MessageKey]
      const texts = typeof message === 'string' ? [message] : Object.values(message as Record<string, string>)
      for (const name of new Set(texts.flatMap(placeholders))) {
        if (!allowed.includes(name)) issues.push({ path, message: `unknown placeholder {${name}}: this message has ${allowed.length ? allowed.map((p) => `{${p}}`).join(', ') : 'none'}` })
      }
    }
  }
  return issues
}

/**
 * Warnings: a text map that lacks a language other text maps of the file have (its users get the
 * default locale's text there), and a locale (of the texts, the default or `strings`) that has no
 * built-in catalog and not every message in `strings` (the widgets would speak another language
 * around its texts). Pure.
 */
export function localeWarnings(content: LocaleContent): Array<{ path: Path; message: string }> {
  const builtIn: readonly string[] = BUILT_IN_LOCALES
  const fields = textFields(content)
  const all = [...new Set(fields.flatMap(({ value }) => localesOf(value)))]
  const warnings: Array<{ path: Path; message: string }> = []
  for (const { path, value } of fields) {
    if (typeof value === 'string') continue
    // What a user of each locale gets here; only another language is worth a warning (`ja` for `ja-JP` is fine).
    const instead = (locale: string) => bestIn(value, locale) ?? bestIn(value, content.defaultLocale) ?? ''
    const language = (locale: string) => locale.split('-')[0]
    const missing = all.filter((locale) => language(instead(locale)) !== language(locale))
    if (missing.length) warnings.push({ path, message: `has no ${missing.map((l) => `"${l}"`).join(', ')} text, which other texts have (${missing.map((l) => `${l} gets ${instead(l)}`).join(', ')})` })
  }
  const overridden = new Map(Object.entries(content.strings).map(([tag, messages]) => [canonicalLocale(tag) ?? tag, { tag, keys: Object.keys(messages) }]))
  for (const locale of new Set([...all, canonicalLocale(content.defaultLocale) ?? content.defaultLocale, ...overridden.keys()])) {
    const language = locale.split('-')[0]!
    if (builtIn.includes(locale) || builtIn.includes(language)) continue
    const own = [...(overridden.get(locale)?.keys ?? []), ...(locale === language ? [] : (overridden.get(language)?.keys ?? []))]
    const missing = Object.keys(MESSAGE_PARAMS).filter((key) => !own.includes(key))
    if (missing.length === 0) continue
    const where = overridden.has(locale) ? ['strings', overridden.get(locale)!.tag] : []
    warnings.push({ path: where, message: `Goyo has no "${locale}" messages and strings.${locale} lacks ${missing.length} of them (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''}): the widgets show those in another language` })
  }
  return warnings
}
