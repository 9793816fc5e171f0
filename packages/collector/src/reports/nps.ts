import { EVENTS } from '@goyo/schema'
import { numberFromText } from '../trust/sql-numbers'
import { defineReport, tierFilter } from './context'
import { periodBounds } from './period'
import { npsScore } from './stats'

export interface NpsCounts {
  respondents: number
  promoters: number
  passives: number
  detractors: number
  /** 100 × (promoters − detractors) / respondents, 1 decimal; null without respondents. */
  nps: number | null
}

/** One row of `byTier`: the accounts currently in `tier`, or the respondents without an account. */
export interface NpsGroup extends NpsCounts {
  /** The account's current tier; null for an account without a tier, and for `noAccount`. */
  tier: string | null
  /** The row of respondents whose answer belongs to no account. */
  noAccount: boolean
}

export interface NpsReport extends NpsCounts {
  period: { from: string; to: string; days: number }
  tier: string | null
  interval: 'day' | 'week' | 'month'
  byTier: NpsGroup[]
  /**
   * Per interval (days, weeks starting on Monday, or months of the workspace time zone), each respondent's latest answer in that interval;
   * `noAccount` is the part of those respondents whose answer belongs to no account.
   */
  overTime: Array<{ start: string; noAccount: NpsCounts } & NpsCounts>
}

type Row = { promoters: number; passives: number; detractors: number }

const counts = (rows: Row[]): NpsCounts => {
  const promoters = rows.reduce((s, r) => s + Number(r.promoters), 0)
  const passives = rows.reduce((s, r) => s + Number(r.passives), 0)
  const detractors = rows.reduce((s, r) => s + Number(r.detractors), 0)
  return { respondents: promoters + passives + detractors, promoters, passives, detractors, nps: npsScore(promoters, passives, detractors) }
}

// An answer's score, or NULL when it is not a number that fits (never a failed query); numeric text counts,
// as some Segment clients send it.
const SCORE = numberFromText(`e.payload->'properties'->>'score'`)

const CATEGORIES = `count(*) FILTER (WHERE score >= 9)::int AS promoters,
  count(*) FILTER (WHERE score >= 7 AND score < 9)::int AS passives,
  count(*) FILTER (WHERE score < 7)::int AS detractors`

/**
 * Net Promoter Score (README "Report definitions", NPS; cs-metrics §5.1): promoters 9–10,
 * passives 7–8, detractors 0–6, NPS = 100 × (promoters − detractors) / respondents.
 *
 * Definitions: an answer is a stored `Survey Answered` event (any survey) whose `score` is a
 * number from 0 to 10 (or such a number as text). A respondent is a person: the userId, else the user their anonymous id is
 * linked to, else the anonymous id. Every respondent counts once, by their latest answer in the
 * period (in each interval for `overTime`), with or without an account: the answer's account
 * gives the `byTier` row (its current tier), and answers without one make the "no account" row.
 * `tier` keeps the answers given in accounts currently in that tier. Reads the answers through
 * their partial index (migration 010), never the rest of the events.
 */
export const nps = defineReport<NpsReport>({
  description: 'NPS: score, promoters, passives and detractors, by tier (and no account) and over time',
  async run({ sql, timeZone }, params) {
    const { start, end } = periodBounds(params, timeZone)
    const values: unknown[] = [start, end, EVENTS.surveyAnswered, params.interval, timeZone]
    const tier = tierFilter(values, params.tier, 'e.account_id')
    // The WHERE repeats the partial index's predicate so that the planner can use it.
    const answers = `SELECT * FROM (
        SELECT e.account_id, coalesce(e.user_id, i.user_id, 'anon:' || e.anonymous_id) AS respondent, e."timestamp" AS at,
          e.message_id, date_trunc($4, e."timestamp" AT TIME ZONE $5::text)::date AS bucket, ${SCORE} AS score
        FROM events e LEFT JOIN identities i ON e.user_id IS NULL AND i.anonymous_id = e.anonymous_id
        WHERE e.type = 'track' AND e.event = $3 AND e."timestamp" >= $1::timestamptz AND e."timestamp" < $2::timestamptz AND ${tier}) x
      WHERE score BETWEEN 0 AND 10`
    // Ties at the same instant go to the larger message id, so the answer is the same on every run.
    const latest = (partition: string) =>
      `SELECT DISTINCT ON (${partition}) * FROM a ORDER BY ${partition}, at DESC, message_id DESC`
    const byTier = await sql.query<Row & { tier: string | null; no_account: boolean }>(
      `WITH a AS (${answers}), latest AS (${latest('respondent')})
       SELECT s.tier, l.account_id IS NULL AS no_account, ${CATEGORIES}
       FROM latest l LEFT JOIN account_state s ON s.account_id = l.account_id GROUP BY 1, 2 ORDER BY 2, 1 NULLS LAST`,
      values,
    )
    const overTime = await sql.query<Row & { bucket: string; no_account: boolean }>(
      `WITH a AS (${answers}), latest AS (${latest('bucket, respondent')})
       SELECT bucket::text AS bucket, account_id IS NULL AS no_account, ${CATEGORIES} FROM latest GROUP BY 1, 2 ORDER BY 1`,
      values,
    )
    const buckets = [...new Set(overTime.map((row) => String(row.bucket).slice(0, 10)))]
    return {
      period: { from: params.from, to: params.to, days: params.days },
      tier: params.tier ?? null,
      interval: params.interval,
      ...counts(byTier),
      byTier: byTier.map((row) => ({ tier: row.no_account ? null : row.tier, noAccount: row.no_account, ...counts([row]) })),
      overTime: buckets.map((start) => {
        const rows = overTime.filter((row) => String(row.bucket).slice(0, 10) === start)
        return { start, ...counts(rows), noAccount: counts(rows.filter((row) => row.no_account)) }
      }),
    }
  },
  table: (report) =>
    report.overTime.map(({ noAccount, ...row }) => ({ ...row, noAccountRespondents: noAccount.respondents, noAccountNps: noAccount.nps })),
})
