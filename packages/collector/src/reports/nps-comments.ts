import { EVENTS } from '@goyo/schema'
import { numberFromText } from '../trust/sql-numbers'
import { defineReport, tierFilter } from './context'
import { periodBounds } from './period'

export type NpsGroup = 'promoters' | 'passives' | 'detractors'

export interface NpsComment {
  /** When the answer was given (ISO). */
  at: string
  score: number
  group: NpsGroup
  comment: string
  /** The respondent, as NPS counts them: the user, else the anonymous id (`anon:`). */
  respondent: string
  accountId: string | null
  accountName: string | null
  /** The account's current tier. */
  tier: string | null
  /** The `survey` property of the answer. */
  survey: string | null
}

export interface NpsCommentsReport {
  period: { from: string; to: string; days: number }
  tier: string | null
  group: NpsGroup | null
  /** Answers with a comment that match; `comments` holds the newest `limit` of them. */
  total: number
  comments: NpsComment[]
}

/** Comments a page shows when `limit` is not given; the API pages up to 500. */
export const DEFAULT_COMMENTS = 100

const SCORE = numberFromText(`e.payload->'properties'->>'score'`)
const GROUPS: Record<NpsGroup, string> = { promoters: 'score >= 9', passives: 'score >= 7 AND score < 9', detractors: 'score < 7' }
export const npsGroup = (score: number): NpsGroup => (score >= 9 ? 'promoters' : score >= 7 ? 'passives' : 'detractors')

/**
 * The comments of NPS answers, newest first (README "Report definitions", NPS): every stored
 * `Survey Answered` event in the period whose `score` counts for NPS (0–10) and whose `comment`
 * is text that is not blank. Unlike the score, every answer counts, not only a respondent's
 * latest: each comment was said. `group` keeps promoters (9–10), passives (7–8) or detractors
 * (0–6); `tier` the answers given in accounts currently in that tier. Reads the answers through
 * their partial index (migration 010), like the NPS report.
 */
export const npsComments = defineReport<NpsCommentsReport>({
  description: 'NPS comments, newest first, with score, group, respondent, account and tier; group= keeps one group',
  async run({ sql, timeZone }, params) {
    const { start, end } = periodBounds(params, timeZone)
    const values: unknown[] = [start, end, EVENTS.surveyAnswered]
    const tier = tierFilter(values, params.tier, 'e.account_id')
    const group = params.group ? GROUPS[params.group] : 'true'
    const answers = `SELECT * FROM (
        SELECT e."timestamp" AS at, e.message_id, e.account_id, coalesce(e.user_id, i.user_id, 'anon:' || e.anonymous_id) AS respondent,
          ${SCORE} AS score, btrim(e.payload->'properties'->>'comment') AS comment, e.payload->'properties'->>'survey' AS survey
        FROM events e LEFT JOIN identities i ON e.user_id IS NULL AND i.anonymous_id = e.anonymous_id
        WHERE e.type = 'track' AND e.event = $3 AND e."timestamp" >= $1::timestamptz AND e."timestamp" < $2::timestamptz AND ${tier}
          AND jsonb_typeof(e.payload->'properties'->'comment') = 'string') x
      WHERE score BETWEEN 0 AND 10 AND comment <> '' AND ${group}`
    const [{ total } = { total: 0 }] = await sql.query<{ total: number }>(`SELECT count(*)::int AS total FROM (${answers}) c`, values)
    const rows = await sql.query<{ at: Date | string; score: number; comment: string; respondent: string; account_id: string | null; name: string | null; tier: string | null; survey: string | null }>(
      `SELECT c.at, c.score, c.comment, c.respondent, c.account_id, a.traits->>'name' AS name, s.tier, c.survey
       FROM (${answers}) c LEFT JOIN accounts a ON a.account_id = c.account_id LEFT JOIN account_state s ON s.account_id = c.account_id
       ORDER BY c.at DESC, c.message_id DESC LIMIT $${values.push(params.limit ?? DEFAULT_COMMENTS)}`,
      values,
    )
    return {
      period: { from: params.from, to: params.to, days: params.days },
      tier: params.tier ?? null,
      group: params.group ?? null,
      total: Number(total),
      comments: rows.map((row) => ({
        at: new Date(row.at).toISOString(), score: Number(row.score), group: npsGroup(Number(row.score)), comment: row.comment,
        respondent: row.respondent, accountId: row.account_id, accountName: row.name, tier: row.tier, survey: row.survey,
      })),
    }
  },
  table: (report) =>
    report.comments.map((c) => ({ at: c.at, score: c.score, group: c.group, comment: c.comment, user: c.respondent, accountId: c.accountId, name: c.accountName, tier: c.tier, survey: c.survey })),
})
