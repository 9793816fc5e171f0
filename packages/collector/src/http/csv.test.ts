import { describe, expect, it } from 'vitest'
import { toCsv, UTF8_BOM } from './csv'

describe('toCsv', () => {
  it('writes a header and quoted fields, and defuses formulas', () => {
    expect(toCsv([{ event: 'Feature Used', count: 3 }, { event: '=HYPERLINK("x")', count: -5 }])).toBe('event,count\r\nFeature Used,3\r\n"\'=HYPERLINK(""x"")",-5\r\n')
  })

  it('takes the columns and their headers from the caller, and starts with the byte-order mark when asked', () => {
    const csv = toCsv([{ name: '山田', arr: 1200, extra: 'x' }], { columns: ['name', 'arr'], header: (key) => ({ name: '名前', arr: 'ARR' })[key]!, bom: true })
    expect(csv).toBe(`${UTF8_BOM}名前,ARR\r\n山田,1200\r\n`)
    expect(new TextEncoder().encode(csv).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]))
    expect(toCsv([{ a: 1 }]).startsWith(UTF8_BOM)).toBe(false)
  })
})
