import { describe, expect, it } from 'vitest'
import { scoreHealth, scoreMeasure, type MeasureInput } from '../../cs/health'
import { healthDetail } from './health-text'

const now = new Date('2026-06-15T00:00:00Z')
const day = (n: number) => new Date(now.getTime() - n * 86_400_000)

/** One input per branch of scoreMeasure. */
const INPUTS: MeasureInput[] = [
  { id: 'trend', unlived: { windowDays: 30, livedDays: 12.5 } },
  { id: 'breadth', used: 0, total: 0 },
  { id: 'breadth', used: 2, total: 5 },
  { id: 'activeUsers', active: 0, known: 0 },
  { id: 'activeUsers', active: 3, known: 4 },
  { id: 'valueReached', reachedAt: day(10), startAt: day(12.4), targetDays: 7, now },
  { id: 'valueReached', reachedAt: null, startAt: day(2), targetDays: 7, now },
  { id: 'valueReached', reachedAt: null, startAt: day(20), targetDays: 7, now },
  { id: 'stickiness', averageDaily: 0, monthly: 0 },
  { id: 'stickiness', averageDaily: 2, monthly: 9 },
  { id: 'nps', promoters: 1, passives: 0, detractors: 0, minAnswers: 3 },
  { id: 'nps', promoters: 1, passives: 1, detractors: 3, minAnswers: 3 },
  { id: 'trend', current: 5, previous: 0 },
  { id: 'trend', current: 0, previous: 0 },
  { id: 'trend', current: 2, previous: 10 },
  { id: 'trend', current: 12, previous: 10 },
]

describe('healthDetail', () => {
  it('rewrites every sentence the engine writes into Japanese', () => {
    const details = INPUTS.map((input) => scoreMeasure(input).detail)
    details.push(scoreHealth({ measures: [{ id: 'nps', weight: 1 }], bands: { red: 40, yellow: 70 } }, []).measures[0]!.detail)
    for (const detail of details) {
      const ja = healthDetail('ja', detail)
      // No English word left: the Japanese sentences hold no lowercase Latin letters (DAU/MAU stays as it is).
      expect(ja, detail).not.toMatch(/[a-z]{2,}/)
    }
  })

  it('keeps the English sentence in English, and an unknown one as it is', () => {
    expect(healthDetail('en', '2 of 5 key features used')).toBe('2 of 5 key features used')
    expect(healthDetail('ja', 'something new')).toBe('something new')
  })
})
