/**
 * The collector's built-in catalogs, for the widgets' tests: components are tested with the words
 * users really get, and a content answer stand-in carries them as the collector would.
 */
import { catalogStrings } from '../../../collector/src/i18n/catalog'
import { en } from '../../../collector/src/i18n/catalogs/en'
import { ja } from '../../../collector/src/i18n/catalogs/ja'
import { translator } from '../ui/text'

/** The `locale` and `messages` of an English content answer. */
export const EN = { locale: 'en', messages: en }

/** The `locale` and `messages` of a Japanese content answer. */
export const JA = { locale: 'ja-JP', messages: ja }

/** The English words, as the widgets say them. */
export const tEn = translator(en, 'en')

/** The Japanese words, as the widgets say them. */
export const tJa = translator(ja, 'ja-JP')

/** Every word of the English catalog (placeholders left out): none may show in another language. */
export const ENGLISH_WORDS: ReadonlySet<string> = new Set(catalogStrings(en).flatMap(([, text]) => text.replace(/\{\w+\}/g, ' ').match(/[A-Za-z]{2,}/g) ?? []))

/** The words of `said` that are words of the English catalog. */
export const englishIn = (said: string): string[] => (said.match(/[A-Za-z]{2,}/g) ?? []).filter((word) => ENGLISH_WORDS.has(word))
