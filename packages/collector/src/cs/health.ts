import type { Health, HealthMeasureId } from '@goyo/schema'

/** The raw input of each measure, gathered from the rollups by `loadHealthInputs`. */
export type MeasureInput =
  | { id: 'breadth'; used: number; total: number }
  | { id: 'activeUsers'; active: number; known: number }
  | { id: 'valueReached'; reachedAt: Date | null; startAt: Date; targetDays: number; now: Date }
  | { id: 'stickiness'; averageDaily: number; monthly: number }
  | { id: 'nps'; promoters: number; passives: number; detractors: number; minAnswers: number }
  | { id: 'trend'; current: number; previous: number }
  /** A usage measure whose window reaches back before the account was seen: never scored. */
  | { id: HealthMeasureId; unlived: { windowDays: number; livedDays: number } }

/** One measure's part of a score. `score` is null when the input does not exist. */
export interface MeasureScore {
  id: HealthMeasureId
  weight: number
  /** 0-100, or null: no data, left out and the other weights renormalised. */
  score: number | null
  /** The measure in its own unit (a ratio, an NPS, days to value). */
  value: number | null
  detail: string
}

/** The bands a score falls in. */
export type Band = 'red' | 'yellow' | 'green'

/**
 * An account's health band: a scored band, or why it has none. `onboarding`: younger than its
 * grace period; `churned`: its subscription ended (latest MRR 0 after it paid); `insufficient`:
 * more than half of the weight has no data.
 */
export type HealthBand = Band | 'onboarding' | 'churned' | 'insufficient'

/** Whether a band is a judgement on the account's health (health playbooks and at-risk look only at these). */
export const isScoredBand = (band: string | null | undefined): band is Band => band === 'red' || band === 'yellow' || band === 'green'

/** Where an account is in its life, which decides whether its score is banded at all. */
export interface AccountStage {
  /** Days since the account's start. */
  ageDays: number
  /** Below this age the account is `onboarding`. */
  graceDays: number
  churned: boolean
}

/** A health score with what it is made of. */
export interface HealthResult {
  /** 0-100, higher is healthier; null when there is not enough data to judge. */
  score: number | null
  band: HealthBand
  measures: MeasureScore[]
  /** The measures that pulled the score down, worst first. */
  drivers: Array<{ id: HealthMeasureId; score: number; loss: number; detail: string }>
}

const DAY = 86_400_000
const clamp = (value: number) => Math.max(0, Math.min(100, value))
const round = (value: number) => Math.round(value * 10) / 10
const pct = (value: number) => `${Math.round(value * 100)}%`

/**
 * A DAU/MAU of 0.5 is exceptional for a B2B product (cs-metrics §2.3), so it scores 100 and the
 * scale is linear below it.
 */
export const STICKINESS_FOR_FULL_SCORE = 0.5

/** Scores one measure. Zero usage is a real value and scores 0; only a missing input is null. */
export function scoreMeasure(input: MeasureInput): Omit<MeasureScore, 'weight'> {
  if ('unlived' in input) {
    const { windowDays, livedDays } = input.unlived
    return { id: input.id, score: null, value: null, detail: `no data: a ${windowDays}-day window, the account is ${Math.floor(livedDays)} days old` }
  }
  switch (input.id) {
    case 'breadth': {
      if (input.total === 0) return { id: input.id, score: null, value: null, detail: 'no key features configured' }
      const ratio = input.used / input.total
      return { id: input.id, score: round(100 * ratio), value: ratio, detail: `${input.used} of ${input.total} key features used` }
    }
    case 'activeUsers': {
      if (input.known === 0) return { id: input.id, score: null, value: null, detail: 'no known users' }
      const ratio = Math.min(1, input.active / input.known)
      return { id: input.id, score: round(100 * ratio), value: ratio, detail: `${input.active} of ${input.known} users active` }
    }
    case 'valueReached': {
      const deadline = input.startAt.getTime() + input.targetDays * DAY
      if (input.reachedAt) {
        const days = Math.max(0, (input.reachedAt.getTime() - input.startAt.getTime()) / DAY)
        const inTime = input.reachedAt.getTime() <= deadline
        return {
          id: input.id, score: inTime ? 100 : 50, value: round(days),
          detail: `value reached after ${round(days)} days (target ${input.targetDays})`,
        }
      }
      // Not reached yet but still within the target: too early to judge (right-censored).
      if (input.now.getTime() <= deadline) {
        return { id: input.id, score: null, value: null, detail: `value not reached yet; ${input.targetDays}-day target not over` }
      }
      return { id: input.id, score: 0, value: null, detail: `value not reached within ${input.targetDays} days` }
    }
    case 'stickiness': {
      const ratio = input.monthly === 0 ? 0 : input.averageDaily / input.monthly
      return {
        id: input.id, score: round(clamp((100 * ratio) / STICKINESS_FOR_FULL_SCORE)), value: ratio,
        detail: input.monthly === 0 ? 'no active users in 30 days' : `DAU/MAU ${pct(ratio)}`,
      }
    }
    case 'nps': {
      const answers = input.promoters + input.passives + input.detractors
      if (answers < input.minAnswers) {
        return { id: input.id, score: null, value: null, detail: `${answers} NPS answers, ${input.minAnswers} needed` }
      }
      const nps = (100 * (input.promoters - input.detractors)) / answers
      return { id: input.id, score: round((nps + 100) / 2), value: round(nps), detail: `NPS ${Math.round(nps)} from ${answers} answers` }
    }
    case 'trend': {
      if (input.previous === 0) {
        const score = input.current > 0 ? 100 : 0
        return { id: input.id, score, value: null, detail: input.current > 0 ? 'usage started' : 'no usage in either period' }
      }
      const change = (input.current - input.previous) / input.previous
      return { id: input.id, score: round(clamp(50 + 50 * change)), value: change, detail: `usage ${change >= 0 ? '+' : ''}${pct(change)} on the previous period` }
    }
  }
}

/**
 * Above this share of the total weight missing, the score says "insufficient data" instead of a
 * number (cs-metrics §11: insufficient_data_if_missing_weight_gt 0.5).
 */
export const MAX_MISSING_WEIGHT = 0.5

/**
 * Whether a usage measure over `windowDays` may be scored for an account seen for `livedDays`:
 * only once the account has lived through the whole window, so that a day-old account's 30-day
 * active users or trend is "no data", never a 0 that paints it red.
 */
export const livedThrough = (windowDays: number, livedDays: number) => livedDays >= windowDays

/**
 * Combines measures into a 0-100 score, weighted, renormalising over the measures with data, and
 * bands it. Pure.
 *
 * With a `stage`, an account that churned is `churned` and one younger than its grace period is
 * `onboarding`: both keep their score for reference, neither gets a band or drivers, and an
 * onboarding account lists only the measures that have data.
 *
 * @example
 * scoreHealth(config.health, [{ id: 'breadth', used: 1, total: 2 }, { id: 'activeUsers', active: 3, known: 4 }])
 */
export function scoreHealth(config: Pick<Health, 'measures' | 'bands'>, inputs: readonly MeasureInput[], stage?: AccountStage): HealthResult {
  const measures: MeasureScore[] = config.measures.map((measure) => {
    const input = inputs.find((candidate) => candidate.id === measure.id)
    const scored = input ? scoreMeasure(input) : { id: measure.id, score: null, value: null, detail: 'no data' }
    return { ...scored, weight: measure.weight }
  })
  const totalWeight = measures.reduce((sum, m) => sum + m.weight, 0)
  const present = measures.filter((m): m is MeasureScore & { score: number } => m.score !== null)
  const presentWeight = present.reduce((sum, m) => sum + m.weight, 0)
  const unbanded = stage?.churned ? 'churned' : stage && stage.ageDays < stage.graceDays ? 'onboarding' : null
  if (unbanded) {
    const score = present.length === 0 ? null : round(present.reduce((sum, m) => sum + m.weight * m.score, 0) / presentWeight)
    return { score, band: unbanded, measures: unbanded === 'onboarding' ? present : measures, drivers: [] }
  }
  if (present.length === 0 || totalWeight - presentWeight > MAX_MISSING_WEIGHT * totalWeight) {
    return { score: null, band: 'insufficient', measures, drivers: [] }
  }
  const score = round(present.reduce((sum, m) => sum + m.weight * m.score, 0) / presentWeight)
  const band: Band = score < config.bands.red ? 'red' : score < config.bands.yellow ? 'yellow' : 'green'
  const drivers = present
    .map((m) => ({ id: m.id, score: m.score, loss: round((m.weight / presentWeight) * (100 - m.score)), detail: m.detail }))
    .filter((driver) => driver.loss > 0 && driver.score < config.bands.yellow)
    .sort((a, b) => b.loss - a.loss)
  return { score, band, measures, drivers }
}
