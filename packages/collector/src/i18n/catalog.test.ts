import { describe, expect, it } from 'vitest'
import { catalogStrings, type Translation } from './catalog'

const en = { nav: { home: 'Home', items: (n: number) => `${n} items` }, title: 'Goyo' }
const ja: Translation<typeof en> = { nav: { home: 'ホーム', items: (n) => `${n} 件` }, title: 'Goyo' }

describe('message catalogs', () => {
  it("keeps each language's typed functions", () => {
    const catalogs: Record<'en' | 'ja', Translation<typeof en>> = { en, ja }
    const t = catalogs.ja
    expect(t.nav.home).toBe('ホーム')
    expect(t.nav.items(3)).toBe('3 件')
  })

  it('lists every plain string with its key, nested', () => {
    expect(catalogStrings(en)).toEqual([['nav.home', 'Home'], ['title', 'Goyo']])
  })

  it('refuses at compile time a translation that lacks a key or changes parameters', () => {
    // @ts-expect-error a missing key
    const missing: Translation<typeof en> = { nav: { home: 'x', items: (n: number) => `${n}` } }
    // @ts-expect-error a parameter of another type
    const wrong: Translation<typeof en> = { nav: { home: 'x', items: (n: string) => n }, title: 'x' }
    expect([missing, wrong]).toHaveLength(2)
  })
})
