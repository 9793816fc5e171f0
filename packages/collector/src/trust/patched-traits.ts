import { dateTimeSchema } from '@goyo/schema'
import { readReportNumber, type ReportNumber } from './report-numbers'

const ACCOUNT_NUMBERS: readonly string[] = ['mrr', 'arr', 'seats'] satisfies ReportNumber[]

/**
 * What customer success may set with `PATCH /v1/accounts/:id/traits`: any trait, but a CS-owned
 * one must make sense to the engine (`tierOverride` a tier of the content, `tierOverrideUntil` a
 * date) and a report number must be one the reports can use. `null` removes a trait and is always
 * fine. Pure.
 * @returns the first problem as `{ trait, problem }`, or null when every value may be set.
 *
 * @example
 * checkPatchedTraits({ tierOverride: 'gold' }, ['high-touch', 'tech-touch']) // { trait: 'tierOverride', problem: 'must be a tier ...' }
 */
export function checkPatchedTraits(traits: Record<string, unknown>, tiers: readonly string[]): { trait: string; problem: string } | null {
  for (const [trait, value] of Object.entries(traits)) {
    if (value === null) continue
    if (trait === 'tierOverride' && (typeof value !== 'string' || !tiers.includes(value))) {
      return { trait, problem: `must be a tier of the content file (${tiers.join(', ') || 'none configured'}) or null` }
    }
    if (trait === 'tierOverrideUntil' && !dateTimeSchema.safeParse(value).success) return { trait, problem: 'must be a date (YYYY-MM-DD or ISO 8601) or null' }
    if (ACCOUNT_NUMBERS.includes(trait)) {
      const checked = readReportNumber(trait as ReportNumber, value)
      if (checked.value === null) return { trait, problem: checked.reason }
    }
  }
  return null
}
