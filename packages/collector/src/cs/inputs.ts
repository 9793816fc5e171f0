import type { Content } from '@goyo/schema'
import type { AccountFacts } from './facts'
import type { MeasureInput } from './health'

const DEFAULT_WINDOW_DAYS = 30
const DEFAULT_TARGET_DAYS = 14
const DEFAULT_MIN_ANSWERS = 3
const TREND_DAYS = 14

/**
 * Turns an account's facts into the input of each configured health measure. A measure whose
 * input does not exist (no milestone configured, no NPS answers) gets an input that scores null.
 */
export function healthInputs(content: Content, facts: AccountFacts, tierTargetDays: number | undefined, now: Date): MeasureInput[] {
  const health = content.health
  if (!health) return []
  const windowOf = (measure: { windowDays?: number }) => measure.windowDays ?? health.windowDays ?? DEFAULT_WINDOW_DAYS
  return health.measures.map((measure): MeasureInput => {
    switch (measure.id) {
      case 'breadth': {
        const keyFeatures = measure.keyFeatures ?? Object.keys(content.features)
        const used = keyFeatures.filter((feature) => facts.featureUses(feature, windowOf(measure)) > 0).length
        return { id: 'breadth', used, total: keyFeatures.length }
      }
      case 'activeUsers':
        return { id: 'activeUsers', active: facts.activeUsers(windowOf(measure)), known: facts.knownUsers }
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
