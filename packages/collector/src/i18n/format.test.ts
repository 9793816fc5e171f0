import { describe, expect, it } from 'vitest'
import { createFormat, MISSING } from './format'

const en = createFormat('en')
const ja = createFormat('ja')

describe('createFormat', () => {
  it('writes numbers, percentages and money as each language does', () => {
    expect(en.number(12345)).toBe('12,345')
    expect(en.number(3.14159, 2)).toBe('3.14')
    expect(en.percent(0.1234)).toBe('12%')
    expect(en.percent(0.12345, 1)).toBe('12.3%')
    expect(ja.percent(0.5)).toBe('50%')
    expect(en.money(1234.5)).toBe('1,234.5')
    expect(en.money(1234.5, 'USD')).toBe('$1,234.50')
    expect(ja.money(1234, 'JPY')).toBe('￥1,234')
    expect(en.compact(692309)).toBe('692.3K')
    expect(ja.compact(692309)).toBe('69.2万')
  })

  it('never prints -0, and signs changes', () => {
    expect(en.number(-0.2)).toBe('0')
    expect(en.number(-0)).toBe('0')
    expect(en.percent(-0.001)).toBe('0%')
    expect(en.signed(-0.0004, 2)).toBe('0')
    expect(en.signed(3)).toBe('+3')
    expect(en.signed(-2.5, 1)).toBe('-2.5')
  })

  it('answers the missing mark for null, undefined and non-finite values', () => {
    for (const value of [null, undefined, Number.NaN, Infinity]) {
      expect(en.number(value)).toBe(MISSING)
      expect(en.percent(value)).toBe(MISSING)
      expect(en.hours(value)).toBe(MISSING)
      expect(en.money(value)).toBe(MISSING)
    }
    expect(en.date(null)).toBe(MISSING)
    expect(en.dateTime(undefined)).toBe(MISSING)
  })

  it('writes calendar days and months as they are, and instants in the time zone', () => {
    expect(en.date('2026-05-17')).toBe('May 17, 2026')
    expect(ja.date('2026-05-17')).toBe('2026/05/17')
    expect(en.day('2026-05-17')).toBe('May 17')
    expect(ja.day('2026-05-17')).toBe('5月17日')
    expect(en.month('2026-05')).toBe('May 2026')
    expect(ja.month('2026-05')).toBe('2026年5月')
    expect(ja.monthShort('2026-05')).toBe('26年5月')
    expect(en.dateTime('2026-03-01T16:00:00Z')).toBe('Mar 1, 2026, 16:00 UTC')
    expect(createFormat('ja', { timeZone: 'Asia/Tokyo' }).dateTime('2026-03-01T16:00:00Z')).toBe('2026/03/02 1:00 Asia/Tokyo')
  })

  it('writes durations in hours below two days, else in days', () => {
    expect(en.hours(3.46)).toBe('3.5 hr')
    expect(en.hours(60)).toBe('2.5 days')
    expect(ja.hours(3.46)).toBe('3.5 時間')
    expect(ja.hours(60)).toBe('2.5 日')
  })

  it('joins lists', () => {
    expect(en.list(['a', 'b', 'c'])).toBe('a, b, and c')
    expect(ja.list(['a', 'b', 'c'])).toBe('a、b、c')
  })
})
