import { describe, expect, it } from 'vitest'
import { addDays, daysBetween, weekStart } from './dates'
import { checkTimeZone, dayOf, endOfDay, InvalidTimeZoneError, localDaysLater, startOfDay } from './zone'

const HOUR = 3_600_000
const hours = (day: string, zone: string) => (endOfDay(day, zone).getTime() - startOfDay(day, zone).getTime()) / HOUR

describe('the workspace time zone', () => {
  it('puts an instant on its calendar day in the zone (issue 16 proof: Tokyo)', () => {
    expect(dayOf(new Date('2026-03-01T16:00:00Z'), 'Asia/Tokyo')).toBe('2026-03-02')
    expect(dayOf(new Date('2026-02-28T14:00:00Z'), 'Asia/Tokyo')).toBe('2026-02-28')
    expect(dayOf(new Date('2026-02-28T16:00:00Z'), 'Asia/Tokyo')).toBe('2026-03-01')
    expect(dayOf(new Date('2026-03-01T16:00:00Z'), 'UTC')).toBe('2026-03-01')
    expect(startOfDay('2026-03-02', 'Asia/Tokyo').toISOString()).toBe('2026-03-01T15:00:00.000Z')
  })

  it('gives a DST day 23 or 25 hours and never assumes 24 (America/New_York)', () => {
    expect(startOfDay('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z')
    expect(startOfDay('2026-03-09', 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z')
    expect(hours('2026-03-08', 'America/New_York')).toBe(23)
    expect(hours('2026-11-01', 'America/New_York')).toBe(25)
    expect(hours('2026-06-01', 'America/New_York')).toBe(24)
    // The last instant of 8 March is 03:59:59.999Z on the 9th, not 04:59.
    expect(dayOf(new Date('2026-03-09T03:59:59.999Z'), 'America/New_York')).toBe('2026-03-08')
    expect(dayOf(new Date('2026-03-09T04:00:00Z'), 'America/New_York')).toBe('2026-03-09')
  })

  it('starts a day whose midnight is skipped at the jump (America/Santiago, 6 Sep 2026)', () => {
    // Chile moves its clocks from 00:00 to 01:00: the day starts at 01:00 local, 04:00Z.
    const start = startOfDay('2026-09-06', 'America/Santiago')
    expect(start.toISOString()).toBe('2026-09-06T04:00:00.000Z')
    expect(dayOf(new Date(start.getTime() - 1), 'America/Santiago')).toBe('2026-09-05')
    expect(hours('2026-09-06', 'America/Santiago')).toBe(23)
  })

  it('agrees with a brute-force search for every day of 2026 in zones with odd offsets and DST', () => {
    const MINUTE = 60_000
    const bruteStart = (day: string, zone: string) => {
      let t = Date.parse(`${day}T00:00:00Z`) - 15 * HOUR
      while (dayOf(t, zone) < day) t += HOUR
      let m = t - HOUR
      while (dayOf(m, zone) < day) m += MINUTE
      return m
    }
    for (const zone of ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/Santiago', 'Pacific/Chatham']) {
      for (let day = '2026-01-01'; day <= '2026-12-31'; day = addDays(day, 1)) {
        expect(startOfDay(day, zone).getTime(), `${zone} ${day}`).toBe(bruteStart(day, zone))
      }
    }
  })

  it('adds calendar days at the same wall-clock time, across a change of clocks', () => {
    // Noon on 7 March in New York, then noon on the 8th: 23 hours later.
    expect(localDaysLater(new Date('2026-03-07T17:00:00Z'), 1, 'America/New_York').toISOString()).toBe('2026-03-08T16:00:00.000Z')
    expect(localDaysLater(new Date('2026-10-31T16:00:00Z'), 1, 'America/New_York').toISOString()).toBe('2026-11-01T17:00:00.000Z')
    // 02:30 on 8 March does not exist: the clocks jumped at 02:00 EST (07:00Z).
    expect(localDaysLater(new Date('2026-03-07T07:30:00Z'), 1, 'America/New_York').toISOString()).toBe('2026-03-08T07:00:00.000Z')
    expect(localDaysLater(new Date('2026-03-07T17:00:00Z'), 7, 'UTC').toISOString()).toBe('2026-03-14T17:00:00.000Z')
  })

  it('checks zone names, spells them canonically, and refuses offsets and unknown names', () => {
    expect(checkTimeZone('asia/tokyo')).toBe('Asia/Tokyo')
    expect(checkTimeZone('UTC')).toBe('UTC')
    for (const bad of ['', 'Tokyo', 'Asia/Tokio', '+09:00', '-05:00']) {
      expect(() => checkTimeZone(bad), bad).toThrow(InvalidTimeZoneError)
    }
    expect(() => checkTimeZone('Asia/Tokio')).toThrow(/IANA time zone name such as Asia\/Tokyo/)
  })

  it('does calendar arithmetic without a zone', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01')
    expect(daysBetween('2026-03-01', '2026-03-31')).toBe(30)
    expect(weekStart('2026-03-01')).toBe('2026-02-23')
    expect(weekStart('2026-03-02')).toBe('2026-03-02')
  })
})
