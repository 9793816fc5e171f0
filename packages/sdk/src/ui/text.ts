import type { Message, MessageKey } from '@goyo/schema'

/** Says one of the widgets' messages, with its placeholders filled. */
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string

/** `Intl` formatters for a locale; an unknown or missing locale gets the browser's. */
function formatters(locale: string | undefined): [Intl.PluralRules, Intl.NumberFormat] {
  try {
    return [new Intl.PluralRules(locale), new Intl.NumberFormat(locale)]
  } catch {
    return [new Intl.PluralRules(), new Intl.NumberFormat()]
  }
}

/**
 * The widgets' words, from the messages the collector delivered for the user's locale: every
 * word a widget shows or says to a screen reader goes through here, never a string in a
 * component. A message with plural forms is chosen by its `{count}` through `Intl.PluralRules`;
 * numbers are formatted with `Intl.NumberFormat` (`1,234`, `١٢`). A message the answer lacks
 * (a collector older than the widgets) says its key rather than nothing.
 *
 * @example
 * const t = translator({ 'tour.progress': 'ステップ {step}（全 {count} ステップ）' }, 'ja-JP')
 * t('tour.progress', { step: 1, count: 3 }) // 'ステップ 1（全 3 ステップ）'
 */
export function translator(messages: Partial<Record<string, Message>>, locale: string | undefined): Translate {
  const [plural, number] = formatters(locale)
  return (key, params = {}) => {
    const message = messages[key] ?? key
    const text = typeof message === 'string' ? message : (message[plural.select(Number(params.count))] ?? message.other)
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name]
      return typeof value === 'number' ? number.format(value) : (value ?? whole)
    })
  }
}
