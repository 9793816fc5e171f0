import { describe, expect, it } from 'vitest'
import { InvalidTimeZoneError } from './calendar/zone'
import { rebuildProgressWriter, timeZoneSetting } from './cli-rebuild'
import type { RebuildProgress } from './store/rebuild'

const at = (folded: number): RebuildProgress => ({ timeZone: 'Asia/Tokyo', previousTimeZone: 'UTC', total: 200, folded, startedAt: '2026-03-01T00:00:00Z' })

describe('goyo-collector rebuild', () => {
  it('draws one redrawn bar on a terminal, ending at 100 %', () => {
    let text = ''
    const write = rebuildProgressWriter({ isTTY: true, write: (t: string) => (text += t) })
    write(at(0), false)
    write(at(200), true)
    const frames = text.split('\r').filter(Boolean)
    expect(frames[0]).toMatch(/^░{30}\s+0 %  0 of 200 events/)
    expect(frames.at(-1)).toMatch(/^█{30} 100 %  200 of 200 events/)
    expect(text).not.toContain('\n')
  })

  it('writes a plain line per tenth without a terminal, and never 100 % before the end', () => {
    const lines: string[] = []
    const write = rebuildProgressWriter({ isTTY: false, write: (t: string) => lines.push(t) })
    for (let folded = 0; folded <= 200; folded += 10) write(at(folded), false)
    write(at(220), true) // events stored during the rebuild are folded by it too
    expect(lines).toHaveLength(11)
    expect(lines[0]).toBe('rebuilding: 0 % (0 of 200 events)\n')
    expect(lines.at(-2)).toBe('rebuilding: 90 % (180 of 200 events)\n')
    expect(lines.at(-1)).toBe('rebuilding: 100 % (220 of 200 events)\n')
  })

  it('reads GOYO_TIMEZONE, UTC when unset, and names the variable when it is wrong', () => {
    expect(timeZoneSetting({})).toBe('UTC')
    expect(timeZoneSetting({ GOYO_TIMEZONE: 'asia/tokyo' })).toBe('Asia/Tokyo')
    expect(() => timeZoneSetting({ GOYO_TIMEZONE: 'Tokyo' })).toThrow(InvalidTimeZoneError)
    expect(() => timeZoneSetting({ GOYO_TIMEZONE: 'Tokyo' })).toThrow(/^GOYO_TIMEZONE: "Tokyo" is not an IANA/)
  })
})
