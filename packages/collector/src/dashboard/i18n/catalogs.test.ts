import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { catalogStrings } from '../../i18n/catalog'
import { COLUMNS_EN } from './columns'
import { DEFINITIONS_EN } from './definitions'
import { en } from './en'
import { ja } from './ja'
import { timelineText } from './timeline'
import { createView } from '../view'
import { contentSchema } from '@goyo/schema'

const README = readFileSync(new URL('../../../../../README.md', import.meta.url), 'utf8')
const collapse = (text: string) => text.replace(/\s+/g, ' ')

describe('the dashboard catalogs', () => {
  it("has the README quote every metric definition word for word, so the two never drift apart", () => {
    const readme = collapse(README)
    const missing = Object.entries(DEFINITIONS_EN).filter(([, text]) => !readme.includes(collapse(text)))
    expect(missing.map(([id]) => id)).toEqual([])
  })

  it('translates every string: no Japanese entry is left in English', () => {
    const english = new Map(catalogStrings(en))
    // Names that read the same in both: the product's, the metrics' acronyms and the language's own name.
    const same = /^(NPS|ARR|GRR|NRR|MRR|DAU\/MAU.*|WAU\/MAU.*|English)$/
    const untranslated = catalogStrings(ja).filter(([key, text]) => english.get(key) === text && !same.test(text))
    expect(untranslated).toEqual([])
    for (const [key, text] of catalogStrings(ja)) if (!same.test(text) && key !== 'language.name') expect(text, key).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/)
  })

  it('has a header in words for every column: no camelCase left', () => {
    for (const [key, label] of Object.entries(COLUMNS_EN)) expect(label, key).not.toMatch(/^[a-z]+[A-Z]\w*$/)
  })

  it('writes timeline entries again in the page language, naming content by its title', () => {
    const content = contentSchema.parse({ prompts: [{ id: 'payroll', kind: 'modal', title: 'Pay your team', body: 'b', cta: { label: 'Go', href: '/x' } }] })
    const shown = { kind: 'Prompt Shown', title: 'Prompt Shown: payroll', data: {} }
    expect(timelineText(createView('en', '/'), content, shown)).toBe('Prompt shown: Pay your team')
    expect(timelineText(createView('ja', '/'), content, shown)).toBe('プロンプトを表示：Pay your team')
    expect(timelineText(createView('ja', '/'), content, { kind: 'band_changed', title: 'Health yellow → red', data: { from: 'yellow', to: 'red' } })).toBe('ヘルス 黄 → 赤')
    expect(timelineText(createView('ja', '/'), content, { kind: 'something_new', title: 'As stored', data: null })).toBe('As stored')
  })
})
