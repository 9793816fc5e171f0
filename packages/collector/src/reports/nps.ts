import { EVENTS } from '@goyo/schema'
import { numberFromText } from '../trust/sql-numbers'
import { defineReport, tierFilter } from './context'
import { addDays, startOf } from './params'
import { npsScore } from './stats'

export interface NpsCounts {
  respondents: number
  promoters: number
  passives: number
  detractors: number
  /** 100 × (promoters − detractors) / respondents, 1 decimal; null without respondents. */
  nps: number | null
}

export interface NpsReport extends NpsCounts {
  period: { from: string; to: string; days: number }
  tier: string | null
  interval: 'day' | 'week' | 'month'
  byTier: Array<{ tier: string | null } & NpsCounts>
  /** Per interval (UTC; weeks start on Monday), each respondent's latest answer in that interval. */
  overTime: Array<{ start: string } & NpsCounts>
}

type Row = { promoters: number; passives: number; detractors: number }

const counts = (rows: Row[]): NpsCounts => {
  const promoters = rows.reduce((s, r) => s + Number(r.promoters), 0)
  const passives = rows.reduce((s, r) => s + Number(r.passives), 0)
  const detractors = rows.reduce((s, r) => s + Number(r.detractors), 0)
  return { respondents: promoters + passives + detractors, promoters, passives, detractors, nps: npsScore(promoters, passives, detractors) }
}

// An answer's score, or NULL when it is not a number that fits (never a failed query).
const SCORE = numberFromText(`t.data->>'score'`)

const CATEGORIES = `count(*) FILTER (WHERE score >= 9)::int AS promoters,
  count(*) FILTER (WHERE score >= 7 AND score < 9)::int AS passives,
  count(*) FILTER (WHERE score < 7)::int AS detractors`

/**
 * Net Promoter Score (cs-metrics §5.1): promoters 9–10, passives 7–8, detractors 0–6,
 * NPS = 100 × (promoters − detractors) / respondents.
 *
 * Definitions: answers are `Survey Answered` events with a numeric `score` from 0 to 10, as the
 * ingest copies them into the account timeline, so answers from users without an account are not
 * counted (the rollups keep no score for them). A respondent is a user key; only their latest
 * answer in the period counts (in each interval for `overTime`). `byTier` uses the accounts'
 * current tier, and `tier` filters on it. Reads timeline only.
 */
export const nps = defineReport<NpsReport>({
  description: 'NPS: score, promoters, passives and detractors, by tier and over time',
  async run({ sql }, params) {
    const values: unknown[] = [startOf(params.from), startOf(addDays(params.to, 1)), EVENTS.surveyAnswered, params.interval]
    const tier = tierFilter(values, params.tier, 't.account_id')
    const answers = `SELECT t.account_id, coalesce(t.user_key, t.message_id, t.id::text) AS respondent, t.at,
        date_trunc($4, t.at AT TIME ZONE 'UTC')::date AS bucket, ${SCORE} AS score
      FROM timeline t WHERE t.kind = $3 AND t.at >= $1::timestamptz AND t.at < $2::timestamptz
        AND ${SCORE} BETWEEN 0 AND 10 AND ${tier}`
    const byTier = await sql.query<Row & { tier: string | null }>(
      `WITH a AS (${answers}), latest AS (SELECT DISTINCT ON (respondent) * FROM a ORDER BY respondent, at DESC)
       SELECT s.tier, ${CATEGORIES} FROM latest l LEFT JOIN account_state s ON s.account_id = l.account_id GROUP BY 1 ORDER BY 1`,
      values,
    )
    const overTime = await sql.query<Row & { bucket: string }>(
      `WITH a AS (${answers}), latest AS (SELECT DISTINCT ON (bucket, respondent) * FROM a ORDER BY bucket, respondent, at DESC)
       SELECT bucket::text AS bucket, ${CATEGORIES} FROM latest GROUP BY 1 ORDER BY 1`,
      values,
    )
    return {
      period: { from: params.from, to: params.to, days: params.days },
      tier: params.tier ?? null,
      interval: params.interval,
      ...counts(byTier),
      byTier: byTier.map((row) => ({ tier: row.tier, ...counts([row]) })),
      overTime: overTime.map((row) => ({ start: String(row.bucket).slice(0, 10), ...counts([row]) })),
    }
  },
  table: (report) => report.overTime.map((row) => ({ ...row })),
})
