import { EVENTS } from '@goyo/schema'
import { defineReport, tierFilter } from './context'
import { periodBounds } from './period'
import { newcombeDifference, ratio, round } from './stats'

interface Arm {
  /** Accounts first eligible in the period. */
  accounts: number
  /** Users of those accounts found eligible. */
  users: number
  /** Accounts with a user who saw the prompt (0 for the holdout, which is never shown). */
  shownAccounts: number
  shownUsers: number
  clickedAccounts: number
  clickedUsers: number
  /** Accounts with a derived conversion (prompt_conversions). */
  convertedAccounts: number
  /** convertedAccounts / accounts: intent-to-treat, the same base for both arms. */
  conversionRate: number | null
}

export interface PromptReport {
  prompt: string
  configured: boolean
  treated: Arm
  holdout: Arm
  /** Treated: shownAccounts / accounts, clickedAccounts / shownAccounts, converted-and-shown / shownAccounts (cs-metrics §6.3). */
  impressionRate: number | null
  clickThroughRate: number | null
  viewerConversionRate: number | null
  /** treated.conversionRate − holdout.conversionRate, with Newcombe's 95 % interval; null without a holdout. */
  lift: { absolute: number | null; relative: number | null; ci95: { low: number; high: number } | null; method: 'newcombe-wilson' }
  /** Prompt events in the period (all accounts and visitors), by kind. */
  events: { shown: number; clicked: number; dismissed: number }
  /** Shows held back by frequency caps in the period, by reason. */
  suppressed: Array<{ reason: string; count: number }>
}

export interface PromptsReport {
  period: { from: string; to: string; days: number }
  tier: string | null
  prompts: PromptReport[]
}

/**
 * Lift of the treated arm over the holdout, from the counts (rounded only for display, so equal
 * rates give exactly 0): absolute = p1 − p2, relative = (p1 − p2) / p2; null without a base.
 */
export function liftOf(converted1: number, accounts1: number, converted2: number, accounts2: number): { absolute: number | null; relative: number | null } {
  if (accounts1 === 0 || accounts2 === 0) return { absolute: null, relative: null }
  const p1 = converted1 / accounts1
  const p2 = converted2 / accounts2
  return { absolute: round(p1 - p2), relative: p2 === 0 ? null : round((p1 - p2) / p2) }
}

type ArmRow = { prompt_id: string; holdout: boolean; accounts: number; users: number; shown_accounts: number; clicked_accounts: number; converted_accounts: number; converted_shown: number }

/**
 * Prompt funnels with holdout lift (README "Report definitions", Prompts; cs-metrics §6.3).
 *
 * Definitions (account grain, since holdout and conversion are per account):
 * - Cohort: accounts whose first eligibility for the prompt (prompt_eligibility, any user) is in
 *   the period; an account is in the holdout when its eligibility says so.
 * - Shown / clicked: the cohort accounts with a user who ever has a `Prompt Shown` (or a `Prompt
 *   Clicked`: a click implies a show) / `Prompt Clicked` for the prompt (user_firsts, attributed
 *   to the user's account). So eligible ≥ shown ≥ clicked.
 * - Converted: the cohort accounts with a row in prompt_conversions (the collector derives it from
 *   `convertedWhen` within its window, after the show or, for the holdout, after eligibility).
 * - Conversion rate = converted / cohort accounts, in each arm (intent-to-treat), so the two rates
 *   share a base; lift = treated − holdout (and relative to the holdout, see {@link liftOf}),
 *   95 % CI by Newcombe's hybrid score method (Wilson intervals of each arm), see `newcombeDifference`.
 * Reads prompt_eligibility, prompt_conversions, prompt_suppressions, user_firsts and usage_daily,
 * grouped in SQL.
 */
export const prompts = defineReport<PromptsReport>({
  description: 'Per prompt: eligible → shown → clicked → converted, holdout lift with 95% CI, suppressed shows',
  async run({ sql, content, timeZone }, params) {
    const { start, end } = periodBounds(params, timeZone)
    const values: unknown[] = [start, end, EVENTS.promptShown, EVENTS.promptClicked]
    const tier = tierFilter(values, params.tier, 'account_id')
    const cte = `WITH cohort AS (
        SELECT prompt_id, account_id, bool_or(holdout) AS holdout, count(DISTINCT user_key) AS users
        FROM prompt_eligibility WHERE ${tier} GROUP BY 1, 2
        HAVING min(first_eligible_at) >= $1::timestamptz AND min(first_eligible_at) < $2::timestamptz),
      seen AS (
        SELECT kind, name AS prompt_id, account_id, user_key FROM user_firsts
        WHERE kind IN ($3, $4) AND name IN (SELECT DISTINCT prompt_id FROM cohort))`
    const arms = await sql.query<ArmRow>(
      `${cte} SELECT c.prompt_id, c.holdout, count(*)::int AS accounts, sum(c.users)::int AS users,
         count(*) FILTER (WHERE sh.account_id IS NOT NULL)::int AS shown_accounts,
         count(*) FILTER (WHERE cl.account_id IS NOT NULL)::int AS clicked_accounts,
         count(*) FILTER (WHERE pc.account_id IS NOT NULL)::int AS converted_accounts,
         count(*) FILTER (WHERE pc.account_id IS NOT NULL AND sh.account_id IS NOT NULL)::int AS converted_shown
       FROM cohort c
       LEFT JOIN (SELECT DISTINCT prompt_id, account_id FROM seen) sh ON sh.prompt_id = c.prompt_id AND sh.account_id = c.account_id
       LEFT JOIN (SELECT DISTINCT prompt_id, account_id FROM seen WHERE kind = $4) cl ON cl.prompt_id = c.prompt_id AND cl.account_id = c.account_id
       LEFT JOIN prompt_conversions pc ON pc.prompt_id = c.prompt_id AND pc.account_id = c.account_id
       GROUP BY 1, 2`,
      values,
    )
    // A click implies a show (its Prompt Shown may have been lost), so clicked ⊆ shown.
    const seenUsers = await sql.query<{ prompt_id: string; holdout: boolean; kind: string; users: number }>(
      `${cte} SELECT c.prompt_id, c.holdout, k.kind, count(DISTINCT s.user_key)::int AS users
       FROM cohort c JOIN seen s ON s.prompt_id = c.prompt_id AND s.account_id = c.account_id
       JOIN (VALUES ($3, $3), ($3, $4), ($4, $4)) AS k(kind, seen_kind) ON k.seen_kind = s.kind GROUP BY 1, 2, 3`,
      values,
    )
    const eventValues: unknown[] = [params.from, params.to, [EVENTS.promptShown, EVENTS.promptClicked, EVENTS.promptDismissed]]
    const eventTier = tierFilter(eventValues, params.tier, 'account_id')
    const events = await sql.query<{ prompt_id: string; kind: string; count: number }>(
      `SELECT name AS prompt_id, kind, sum(count)::int AS count FROM usage_daily
       WHERE kind = ANY($3::text[]) AND day BETWEEN $1::date AND $2::date AND ${eventTier} GROUP BY 1, 2`,
      eventValues,
    )
    // Caps are counted per prompt and day, without the account, so the tier filter cannot apply.
    const suppressed = await sql.query<{ prompt_id: string; reason: string; count: number }>(
      `SELECT prompt_id, reason, sum(count)::int AS count FROM prompt_suppressions
       WHERE day BETWEEN $1::date AND $2::date GROUP BY 1, 2 ORDER BY 1, 2`,
      [params.from, params.to],
    )

    const ids = [...new Set([...content.prompts.map((p) => p.id), ...arms.map((r) => r.prompt_id), ...events.map((r) => r.prompt_id)])]
    const arm = (id: string, holdout: boolean): Arm & { convertedShown: number } => {
      const row = arms.find((r) => r.prompt_id === id && r.holdout === holdout)
      const users = (kind: string) => Number(seenUsers.find((r) => r.prompt_id === id && r.holdout === holdout && r.kind === kind)?.users ?? 0)
      const accounts = Number(row?.accounts ?? 0)
      const converted = Number(row?.converted_accounts ?? 0)
      return {
        accounts, users: Number(row?.users ?? 0),
        shownAccounts: Number(row?.shown_accounts ?? 0), shownUsers: users(EVENTS.promptShown),
        clickedAccounts: Number(row?.clicked_accounts ?? 0), clickedUsers: users(EVENTS.promptClicked),
        convertedAccounts: converted, conversionRate: ratio(converted, accounts),
        convertedShown: Number(row?.converted_shown ?? 0),
      }
    }
    return {
      period: { from: params.from, to: params.to, days: params.days },
      tier: params.tier ?? null,
      prompts: ids.map((id): PromptReport => {
        const { convertedShown, ...treated } = arm(id, false)
        const { convertedShown: _, ...holdout } = arm(id, true)
        const ci = newcombeDifference(treated.convertedAccounts, treated.accounts, holdout.convertedAccounts, holdout.accounts)
        const lift = liftOf(treated.convertedAccounts, treated.accounts, holdout.convertedAccounts, holdout.accounts)
        const count = (kind: string) => Number(events.find((r) => r.prompt_id === id && r.kind === kind)?.count ?? 0)
        return {
          prompt: id, configured: content.prompts.some((p) => p.id === id), treated, holdout,
          impressionRate: ratio(treated.shownAccounts, treated.accounts),
          clickThroughRate: ratio(treated.clickedAccounts, treated.shownAccounts),
          viewerConversionRate: ratio(convertedShown, treated.shownAccounts),
          lift: {
            ...lift,
            ci95: ci ? { low: round(ci.low), high: round(ci.high) } : null,
            method: 'newcombe-wilson',
          },
          events: { shown: count(EVENTS.promptShown), clicked: count(EVENTS.promptClicked), dismissed: count(EVENTS.promptDismissed) },
          suppressed: suppressed.filter((r) => r.prompt_id === id).map((r) => ({ reason: r.reason, count: Number(r.count) })),
        }
      }),
    }
  },
  table: (report) =>
    report.prompts.map((p) => ({
      prompt: p.prompt, eligible: p.treated.accounts, shown: p.treated.shownAccounts, clicked: p.treated.clickedAccounts,
      converted: p.treated.convertedAccounts, conversionRate: p.treated.conversionRate,
      holdoutEligible: p.holdout.accounts, holdoutConverted: p.holdout.convertedAccounts, holdoutConversionRate: p.holdout.conversionRate,
      lift: p.lift.absolute, liftLow: p.lift.ci95?.low ?? null, liftHigh: p.lift.ci95?.high ?? null,
      suppressed: p.suppressed.reduce((sum, s) => sum + s.count, 0),
    })),
})
