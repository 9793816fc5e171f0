import { EVENTS } from '@goyo/schema'
import type { LoggedEvent } from '../rollup/event'
import type { ConversionRule } from '../rollup/policy'
import type { SqlExecutor } from './sql'
import type { NormalizedEvent } from './store'

export type { ConversionRule } from '../rollup/policy'

const DAY = 86_400_000

/**
 * Derives `Prompt Converted`. When a goal event arrives, the conversion is credited to the prompt
 * most recently shown to the event's account (among prompts with that goal) if the goal came
 * within the prompt's window; an account in that prompt's holdout converts against its first
 * eligibility instead, so the two rates compare. One conversion per prompt and account.
 * Runs inside the fold, after the rollups, so shows folded with the goal count.
 * @returns the derived events, for the caller to store and fold like any other.
 */
export async function deriveConversions(
  tx: SqlExecutor,
  fresh: readonly LoggedEvent[],
  rules: readonly ConversionRule[],
  person: (event: LoggedEvent) => string | null,
): Promise<NormalizedEvent[]> {
  const byEvent = new Map<string, ConversionRule[]>()
  for (const rule of rules) byEvent.set(rule.event, [...(byEvent.get(rule.event) ?? []), rule])
  const derived: NormalizedEvent[] = []
  for (const event of fresh) {
    const candidates = event.event === null ? undefined : byEvent.get(event.event)
    const account = event.accountId
    if (!candidates || !account) continue
    const at = event.timestamp.getTime()
    const ids = candidates.map((rule) => rule.promptId)
    const shows = await tx.query<{ name: string; first_at: Date; last_at: Date }>(
      `SELECT name, min(first_at) AS first_at, max(last_at) AS last_at FROM user_firsts
       WHERE account_id = $1 AND kind = $2 AND name = ANY($3) GROUP BY name`,
      [account, EVENTS.promptShown, ids],
    )
    // The latest show at or before the goal: the last show if it came first, else the first.
    const exposures = shows
      .map((row) => {
        const last = new Date(row.last_at).getTime()
        const first = new Date(row.first_at).getTime()
        return { prompt: row.name, at: last <= at ? last : first <= at ? first : NaN }
      })
      .filter((exposure) => Number.isFinite(exposure.at))
      .sort((a, b) => b.at - a.at)
    const credited = exposures[0]
    const user = person(event) ?? ''
    if (credited) {
      const rule = candidates.find((r) => r.promptId === credited.prompt)!
      if (at - credited.at <= rule.withinDays * DAY) {
        const inserted = await tx.query(
          `INSERT INTO prompt_conversions (prompt_id, account_id, user_key, holdout, exposed_at, converted_at, message_id)
           VALUES ($1, $2, $3, false, $4, $5, $6) ON CONFLICT (prompt_id, account_id) DO NOTHING RETURNING prompt_id`,
          [rule.promptId, account, user, new Date(credited.at), event.timestamp, event.messageId],
        )
        if (inserted.length > 0) derived.push(convertedEvent(event, rule, account))
        continue
      }
    }
    const held = await tx.query<{ prompt_id: string; first_eligible_at: Date }>(
      `SELECT prompt_id, min(first_eligible_at) AS first_eligible_at FROM prompt_eligibility
       WHERE account_id = $1 AND holdout AND prompt_id = ANY($2) AND first_eligible_at <= $3 GROUP BY prompt_id`,
      [account, ids, event.timestamp],
    )
    for (const row of held) {
      const rule = candidates.find((r) => r.promptId === row.prompt_id)!
      const eligibleAt = new Date(row.first_eligible_at)
      if (at - eligibleAt.getTime() > rule.withinDays * DAY) continue
      await tx.query(
        `INSERT INTO prompt_conversions (prompt_id, account_id, user_key, holdout, exposed_at, converted_at, message_id)
         VALUES ($1, $2, $3, true, $4, $5, $6) ON CONFLICT (prompt_id, account_id) DO NOTHING`,
        [rule.promptId, account, user, eligibleAt, event.timestamp, event.messageId],
      )
    }
  }
  return derived
}

/** The derived event, with a messageId fixed by prompt and account so it is stored once. */
function convertedEvent(goal: LoggedEvent, rule: ConversionRule, account: string): NormalizedEvent {
  const messageId = `conv:${rule.promptId}:${account}`.slice(0, 100)
  const properties = { prompt: rule.promptId, variant: 'treated', goal: rule.event, goalMessageId: goal.messageId }
  const payload = {
    type: 'track', event: EVENTS.promptConverted, messageId, properties,
    userId: goal.userId ?? undefined, anonymousId: goal.anonymousId ?? undefined,
    context: { groupId: account, library: { name: 'goyo-collector' } }, timestamp: goal.timestamp.toISOString(),
  }
  return {
    messageId,
    type: 'track',
    event: EVENTS.promptConverted,
    name: null,
    userId: goal.userId,
    anonymousId: goal.anonymousId,
    groupId: account,
    traits: null,
    previousId: null,
    properties,
    timestamp: goal.timestamp,
    originalTimestamp: null,
    sentAt: null,
    receivedAt: goal.timestamp,
    payloadJson: JSON.stringify(payload),
  }
}
