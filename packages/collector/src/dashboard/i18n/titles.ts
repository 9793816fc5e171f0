import type { Content } from '@goyo/schema'

/**
 * Content items by their titles rather than their ids. A title is a string, or (with locales in
 * the content file) a map from locale to text: the page's language, else the default, else any.
 */
export type ContentKind = 'prompts' | 'surveys' | 'checklists' | 'tours'

export function localizedText(value: unknown, locale: string): string | null {
  if (typeof value === 'string') return value
  if (!value || typeof value !== 'object') return null
  const map = value as Record<string, unknown>
  const found = [locale, locale.split('-')[0]!, 'en', ...Object.keys(map)].map((key) => map[key]).find((text) => typeof text === 'string')
  return (found as string | undefined) ?? null
}

/** The title of a checklist, prompt, survey or tour, else its id. */
export function itemTitle(content: Content, kind: ContentKind, id: string, locale: string): string {
  const items = content[kind] as ReadonlyArray<{ id: string; title?: unknown; question?: unknown }>
  const item = items.find((entry) => entry.id === id)
  return (item && (localizedText(item.title, locale) ?? localizedText(item.question, locale))) || id
}
