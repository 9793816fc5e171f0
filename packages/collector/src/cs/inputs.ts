import type { Content } from '@goyo/schema'
import type { AccountFacts } from './facts'
import { livedThrough, type AccountStage, type MeasureInput } from './health'

const DEFAULT_WINDOW_DAYS = 30
const DEFAULT_TARGET_DAYS = 14
const DEFAULT_MIN_ANSWERS = 3
const TREND_DAYS = 14
/** Stickiness is DAU/MAU: always a 30-day month (cs-metrics §2.3). */
const STICKINESS_DAYS = 30
const DAY = 86_400_000

/**
 * Days the account has been seen: since its start or its first event, whichever is later, so a
 * customer of years that Goyo met yesterday has lived one day of Goyo's windows.
 */
export const livedDays = (facts: Pick<AccountFacts, 'startAt' | 'firstSeen'>, now: Date) =>
  (now.getTime() - Math.max(facts.startAt.getTime(), facts.firstSeen.getTime())) / DAY

/**
 * Where the account is in its life: its age since its start, its grace period (`health.graceDays`,
 * else its tier's `targetDays`, else 14 days) and whether it churned.
 */
export function accountStage(content: Content, facts: AccountFacts, tierTargetDays: number | undefined, now: Date): AccountStage {
  return {
    ageDays: (now.getTime() - facts.startAt.getTime()) / DAY,
    graceDays: content.health?.graceDays ?? tierTargetDays ?? DEFAULT_TARGET_DAYS,
    churned: facts.churned,
  }
}

/**
 * Turns an account's facts into the input of each configured health measure. A measure whose
 * input does not exist (no milestone configured, no NPS answers, a window longer than the account
 * has been seen) gets an input that scores null.
 */
export function healthInputs(content: Content, facts: AccountFacts, tierTargetDays: number | undefined, now: Date): MeasureInput[] {
  const health = content.health
  if (!health) return []
  const lived = livedDays(facts, now)
  const windowOf = (measure: { windowDays?: number }) => measure.windowDays ?? health.windowDays ?? DEFAULT_WINDOW_DAYS
  return health.measures.map((measure): MeasureInput => {
    const window = measure.id === 'trend' ? 2 * TREND_DAYS : measure.id === 'stickiness' ? STICKINESS_DAYS : windowOf(measure)
    const usageMeasure = measure.id === 'breadth' || measure.id === 'activeUsers' || measure.id === 'stickiness' || measure.id === 'trend'
    if (usageMeasure && !livedThrough(window, lived)) return { id: measure.id, unlived: { windowDays: window, livedDays: lived } }
    switch (measure.id) {
      case 'breadth': {
        const keyFeatures = measure.keyFeatures ?? Object.keys(content.features)
        const used = keyFeatures.filter((feature) => facts.featureUses(feature, window) > 0).length
        return { id: 'breadth', used, total: keyFeatures.length }
      }
      case 'activeUsers':
        return { id: 'activeUsers', active: facts.activeUsers(window), known: facts.knownUsers }
      case 'valueReached': {
        const milestone = measure.milestone ?? Object.keys(content.milestones)[0]
        const targetDays = tierTargetDays ?? measure.targetDays ?? DEFAULT_TARGET_DAYS
        // Without a milestone there is nothing to reach: an input that can never be due.
        if (!milestone) return { id: 'valueReached', reachedAt: null, startAt: now, targetDays, now }
        return { id: 'valueReached', reachedAt: facts.milestoneReachedAt(milestone), startAt: facts.startAt, targetDays, now }
      }
      case 'stickiness':
        return { id: 'stickiness', ...facts.stickiness }
      case 'nps': {
        const answers = facts.npsAnswers
        return {
          id: 'nps',
          promoters: answers.filter((score) => score >= 9).length,
          passives: answers.filter((score) => score >= 7 && score < 9).length,
          detractors: answers.filter((score) => score < 7).length,
          minAnswers: measure.minAnswers ?? DEFAULT_MIN_ANSWERS,
        }
      }
      case 'trend':
        return { id: 'trend', current: facts.eventsIn(TREND_DAYS, 0), previous: facts.eventsIn(2 * TREND_DAYS, TREND_DAYS) }
    }
  })
}
