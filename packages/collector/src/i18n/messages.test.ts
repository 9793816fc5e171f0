import { readFileSync } from 'node:fs'
import { BUILT_IN_LOCALES, MESSAGE_KEYS, MESSAGE_PARAMS, placeholders, type Catalog } from '@goyo/schema'
import { describe, expect, it } from 'vitest'
import { CATALOGS } from './catalogs'
import { formattingLocale, messagesFor } from './messages'

/** Every text of a message, its plural forms included. */
const texts = (message: Catalog[keyof Catalog]): string[] => (typeof message === 'string' ? [message] : Object.values(message))

describe('the built-in catalogs', () => {
  it.each(BUILT_IN_LOCALES)('%s has every message, with only its own placeholders, and no emoji', (locale) => {
    const catalog = CATALOGS[locale]
    expect(Object.keys(catalog).sort()).toEqual([...MESSAGE_KEYS].sort())
    for (const key of MESSAGE_KEYS) {
      for (const text of texts(catalog[key])) {
        expect(text.trim(), key).not.toBe('')
        for (const name of placeholders(text)) expect(MESSAGE_PARAMS[key], `${locale} ${key} {${name}}`).toContain(name)
        // An emoji renders as a missing-glyph box on machines without an emoji font.
        expect(/\p{Extended_Pictographic}/u.test(text), `${locale} ${key}: ${text}`).toBe(false)
      }
    }
  })

  it.each(BUILT_IN_LOCALES)('%s: the launcher\'s name for screen readers contains its visible text (label in name)', (locale) => {
    const t = (key: 'checklist.launcher' | 'checklist.launcherLabel') => (CATALOGS[locale][key] as string).replace('{title}', 'T').replace('{done}', '1').replace('{count}', '3')
    expect(t('checklist.launcherLabel')).toContain(t('checklist.launcher'))
  })

  it('ja says every message in Japanese: no word of the English catalog is left', () => {
    const english = new Set(MESSAGE_KEYS.flatMap((key) => texts(CATALOGS.en[key]).flatMap((text) => text.replace(/\{\w+\}/g, ' ').match(/[A-Za-z]+/g) ?? [])))
    for (const key of MESSAGE_KEYS) for (const text of texts(CATALOGS.ja[key])) expect(text.replace(/\{\w+\}/g, '').match(/[A-Za-z]+/g)?.filter((word) => english.has(word)) ?? [], key).toEqual([])
  })
})

describe('the README', () => {
  it('lists every message key with its English and Japanese text', () => {
    const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8')
    for (const key of MESSAGE_KEYS) expect(readme, key).toContain(`| \`${key}\` | ${MESSAGE_PARAMS[key].map((p) => `\`{${p}}\``).join(' ') || '–'} | ${CATALOGS.en[key]} | ${CATALOGS.ja[key]} |`)
  })
})

describe('messagesFor', () => {
  it('gives Japanese to ja-JP, formatting as in Japan', () => {
    const { language, messages } = messagesFor(['ja-JP', 'ja', 'en'], {})
    expect(language).toBe('ja')
    expect(messages['tour.next']).toBe('次へ')
    expect(formattingLocale('ja-JP', language)).toBe('ja-JP')
  })

  it('gives the default locale to a language nobody has, with its plural rules', () => {
    const { language, messages } = messagesFor(['fr-FR', 'fr', 'en'], {})
    expect([language, messages['tour.next']]).toEqual(['en', 'Next'])
    expect(formattingLocale('fr-FR', language)).toBe('en')
    expect(messagesFor(['fr-FR', 'fr', 'ja'], {}).messages['tour.next']).toBe('次へ')
  })

  it('lets strings override one message and add a language over the default', () => {
    const overrides = { ja: { 'tour.done': '閉じる' }, FR: { 'tour.next': 'Suivant' }, en: { 'tour.back': 'Previous' } }
    const ja = messagesFor(['ja', 'en'], overrides).messages
    expect([ja['tour.done'], ja['tour.next'], ja['tour.back']]).toEqual(['閉じる', '次へ', '戻る'])
    const fr = messagesFor(['fr', 'en'], overrides)
    expect([fr.language, fr.messages['tour.next'], fr.messages['tour.back']]).toEqual(['fr', 'Suivant', 'Previous'])
    // Missing French messages come from the default locale, here Japanese.
    expect(messagesFor(['fr', 'ja'], overrides).messages['tour.back']).toBe('戻る')
  })

  it('never changes the built-in catalogs', () => {
    messagesFor(['en'], { en: { 'tour.next': 'Onward' } })
    expect(CATALOGS.en['tour.next']).toBe('Next')
  })
})
