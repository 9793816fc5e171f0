import { describe, expect, it } from 'vitest'
import { scoreHealth, scoreMeasure } from './health'

const now = new Date('2026-06-30T00:00:00Z')
const start = new Date('2026-06-01T00:00:00Z')
const config = {
  measures: [
    { id: 'breadth' as const, weight: 0.4 },
    { id: 'activeUsers' as const, weight: 0.3 },
    { id: 'valueReached' as const, weight: 0.3 },
  ],
  bands: { red: 40, yellow: 70 },
}

describe('scoreMeasure', () => {
  it('scores each measure against its hand-computed value', () => {
    expect(scoreMeasure({ id: 'breadth', used: 1, total: 4 }).score).toBe(25)
    expect(scoreMeasure({ id: 'activeUsers', active: 3, known: 4 }).score).toBe(75)
    expect(scoreMeasure({ id: 'activeUsers', active: 5, known: 4 }).score).toBe(100)
    expect(scoreMeasure({ id: 'valueReached', reachedAt: new Date('2026-06-05T00:00:00Z'), startAt: start, targetDays: 14, now })).toMatchObject({ score: 100, value: 4 })
    expect(scoreMeasure({ id: 'valueReached', reachedAt: new Date('2026-06-20T00:00:00Z'), startAt: start, targetDays: 14, now }).score).toBe(50)
    expect(scoreMeasure({ id: 'valueReached', reachedAt: null, startAt: start, targetDays: 14, now }).score).toBe(0)
    expect(scoreMeasure({ id: 'stickiness', averageDaily: 2, monthly: 10 }).score).toBe(40)
    // NPS: 3 promoters, 1 passive, 1 detractor = +40 -> (40 + 100) / 2.
    expect(scoreMeasure({ id: 'nps', promoters: 3, passives: 1, detractors: 1, minAnswers: 3 })).toMatchObject({ score: 70, value: 40 })
    expect(scoreMeasure({ id: 'trend', current: 50, previous: 100 }).score).toBe(25)
    expect(scoreMeasure({ id: 'trend', current: 150, previous: 100 }).score).toBe(75)
  })

  it('tells "no data" (null) apart from zero usage (0)', () => {
    expect(scoreMeasure({ id: 'activeUsers', active: 0, known: 0 }).score).toBeNull()
    expect(scoreMeasure({ id: 'activeUsers', active: 0, known: 3 }).score).toBe(0)
    expect(scoreMeasure({ id: 'nps', promoters: 1, passives: 0, detractors: 0, minAnswers: 3 }).score).toBeNull()
    expect(scoreMeasure({ id: 'stickiness', averageDaily: 0, monthly: 0 }).score).toBe(0)
    expect(scoreMeasure({ id: 'trend', current: 0, previous: 0 }).score).toBe(0)
    // Not reached yet, but the target is not over: right-censored, not a failure.
    expect(scoreMeasure({ id: 'valueReached', reachedAt: null, startAt: start, targetDays: 60, now }).score).toBeNull()
  })
})

describe('scoreHealth', () => {
  it('weights the measures and bands the score', () => {
    const result = scoreHealth(config, [
      { id: 'breadth', used: 1, total: 2 },
      { id: 'activeUsers', active: 1, known: 2 },
      { id: 'valueReached', reachedAt: new Date('2026-06-02T00:00:00Z'), startAt: start, targetDays: 14, now },
    ])
    // 0.4 × 50 + 0.3 × 50 + 0.3 × 100 = 65
    expect(result).toMatchObject({ score: 65, band: 'yellow' })
    expect(result.drivers.map((d) => d.id)).toEqual(['breadth', 'activeUsers'])
    expect(result.drivers[0]!.loss).toBe(20)
  })

  it('leaves a measure without data out and renormalises the weights', () => {
    const result = scoreHealth(config, [
      { id: 'breadth', used: 1, total: 2 },
      { id: 'activeUsers', active: 2, known: 2 },
      { id: 'valueReached', reachedAt: null, startAt: start, targetDays: 60, now },
    ])
    // (0.4 × 50 + 0.3 × 100) / 0.7 = 71.4
    expect(result).toMatchObject({ score: 71.4, band: 'green' })
    expect(result.measures.find((m) => m.id === 'valueReached')!.score).toBeNull()
  })

  it('says "insufficient" when more than half the weight has no data', () => {
    const result = scoreHealth(config, [
      { id: 'breadth', used: 0, total: 2 },
      { id: 'activeUsers', active: 0, known: 0 },
      { id: 'valueReached', reachedAt: null, startAt: start, targetDays: 60, now },
    ])
    expect(result).toMatchObject({ score: null, band: 'insufficient', drivers: [] })
  })

  it('scores an account with no usage at all red, every measure a driver', () => {
    const result = scoreHealth(config, [
      { id: 'breadth', used: 0, total: 2 },
      { id: 'activeUsers', active: 0, known: 3 },
      { id: 'valueReached', reachedAt: null, startAt: start, targetDays: 14, now },
    ])
    expect(result).toMatchObject({ score: 0, band: 'red' })
    expect(result.drivers).toHaveLength(3)
  })

  it('bands a young account onboarding and a cancelled one churned, with a score but no drivers', () => {
    const inputs = [
      { id: 'breadth' as const, used: 0, total: 2 },
      { id: 'activeUsers' as const, unlived: { windowDays: 30, livedDays: 1 } },
      { id: 'valueReached' as const, reachedAt: null, startAt: start, targetDays: 14, now },
    ]
    const young = scoreHealth(config, inputs, { ageDays: 3, graceDays: 7, churned: false })
    // Only the measures with data are reported: breadth (0) and valueReached (0).
    expect(young).toMatchObject({ score: 0, band: 'onboarding', drivers: [] })
    expect(young.measures.map((m) => m.id)).toEqual(['breadth', 'valueReached'])
    expect(scoreHealth(config, inputs, { ageDays: 7, graceDays: 7, churned: false }).band).toBe('red')
    expect(scoreHealth(config, inputs, { ageDays: 300, graceDays: 7, churned: true })).toMatchObject({ band: 'churned', drivers: [] })
  })

  it('never scores a window the account has not lived through', () => {
    expect(scoreMeasure({ id: 'trend', unlived: { windowDays: 28, livedDays: 1.5 } })).toMatchObject({
      score: null, detail: 'no data: a 28-day window, the account is 1 days old',
    })
  })
})
