import { arm, attributedGain, type ArmExpansion } from '../revenue/attribution'
import { addMonths, monthStart, type Month } from '../revenue/months'
import { loadHistory } from './revenue-data'
import { defineRevenueReport } from './revenue-define'

export interface PromptExpansion {
  prompt: string
  /** The goal event and attribution window of the prompt's `convertedWhen`. */
  goal: string
  windowDays: number
  treated: ArmExpansion
  holdout: ArmExpansion
  /** treated − holdout expansion per eligible account; null when an arm has no eligible account. */
  liftPerEligibleAccount: number | null
  /** Conversions whose window had not closed at `now`: their gain may still grow. */
  openWindows: number
}

export interface RevenueAttributionReport {
  period: { from: Month; to: Month; months: number }
  tier: string | null
  prompts: PromptExpansion[]
}

/**
 * Expansion MRR attributed to prompts (cs-metrics §6.3, AttributedExpansionMRR), treated against
 * holdout. A separate report rather than a section of `revenue`, because its rows are prompts, not
 * months, and it needs the content file.
 *
 * Definitions (code: revenue/attribution.ts): for each prompt with `convertedWhen` and each of its
 * derived conversions (prompt_conversions) dated in the period, the gain is MRR at the window's
 * end (`withinDays` after the conversion, or now) minus MRR just before the conversion, floored
 * at 0. Per arm (holdout accounts converted on their own; an account is in the holdout if any of
 * its eligibility records is): eligible accounts (first eligible before the period's end),
 * converted and expanded accounts, total expansion, and expansion per converted and per eligible
 * account. Per eligible account is the comparison to make: holdouts never see the prompt.
 * `tier` keeps accounts currently in that tier.
 */
export const revenueAttribution = defineRevenueReport<RevenueAttributionReport>({
  description: 'Expansion MRR within each prompt\'s window after a conversion, treated vs holdout',
  async compute({ sql, content, now, timeZone }, params) {
    const prompts = content.prompts.filter((p) => p.convertedWhen)
    const start = new Date(monthStart(params.from, timeZone))
    const end = new Date(monthStart(addMonths(params.to, 1), timeZone))
    const ids = prompts.map((p) => p.id)
    // Each query numbers its own parameters: PostgreSQL refuses a parameter it cannot type.
    const tierSql = (values: unknown[]) =>
      params.tier ? `AND account_id IN (SELECT account_id FROM account_state WHERE tier = $${values.push(params.tier)})` : ''
    const conversionValues: unknown[] = [ids, start, end]
    const eligibleValues: unknown[] = [ids, end]
    const [history, conversions, eligible] = await Promise.all([
      loadHistory(sql, params.to, timeZone, params.tier),
      sql.query<{ prompt_id: string; account_id: string; holdout: boolean; converted_at: Date }>(
        `SELECT prompt_id, account_id, holdout, converted_at FROM prompt_conversions
         WHERE prompt_id = ANY($1) AND converted_at >= $2::timestamptz AND converted_at < $3::timestamptz ${tierSql(conversionValues)}`,
        conversionValues,
      ),
      sql.query<{ prompt_id: string; holdout: boolean; accounts: number }>(
        `SELECT prompt_id, holdout, count(*)::int AS accounts FROM (
           SELECT prompt_id, account_id, bool_or(holdout) AS holdout FROM prompt_eligibility
           WHERE prompt_id = ANY($1) AND account_id <> '' AND first_eligible_at < $2::timestamptz ${tierSql(eligibleValues)}
           GROUP BY 1, 2) e
         GROUP BY 1, 2`,
        eligibleValues,
      ),
    ])
    const t = now.getTime()
    return {
      period: { from: params.from, to: params.to, months: params.months.length },
      tier: params.tier ?? null,
      prompts: prompts.map((p): PromptExpansion => {
        const windowDays = p.convertedWhen!.withinDays
        const gains = { treated: [] as number[], holdout: [] as number[] }
        let openWindows = 0
        for (const c of conversions) {
          if (c.prompt_id !== p.id) continue
          const gain = attributedGain(history.get(c.account_id) ?? [], new Date(c.converted_at).getTime(), windowDays, t)
          if (gain.open) openWindows++
          gains[c.holdout ? 'holdout' : 'treated'].push(gain.cents)
        }
        const count = (holdout: boolean) => eligible.find((e) => e.prompt_id === p.id && e.holdout === holdout)?.accounts ?? 0
        const treated = arm(count(false), gains.treated)
        const holdout = arm(count(true), gains.holdout)
        // From the sums, not from the per-account figures already rounded to the cent.
        const perEligible = (cents: number[], eligible: number) => cents.reduce((x, y) => x + y, 0) / eligible
        const lift = treated.eligibleAccounts === 0 || holdout.eligibleAccounts === 0 ? null
          : Math.round(perEligible(gains.treated, treated.eligibleAccounts) - perEligible(gains.holdout, holdout.eligibleAccounts)) / 100
        return { prompt: p.id, goal: p.convertedWhen!.event, windowDays, treated, holdout, liftPerEligibleAccount: lift, openWindows }
      }),
    }
  },
  table: (report) =>
    report.prompts.flatMap((p) =>
      (['treated', 'holdout'] as const).map((group) => ({ prompt: p.prompt, goal: p.goal, windowDays: p.windowDays, group, ...p[group], liftPerEligibleAccount: p.liftPerEligibleAccount, openWindows: p.openWindows })),
    ),
})
