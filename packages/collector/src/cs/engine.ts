import type { Content, PlaybookAction } from '@goyo/schema'
import type { SqlClient, SqlExecutor } from '../store/sql'
import { loadAccountFacts, type AccountFacts } from './facts'
import { scoreHealth, type HealthResult } from './health'
import { accountStage, healthInputs } from './inputs'
import { evaluatePlaybooks, staleTags, type Firing } from './playbooks'
import { decideTier, type TierDecision } from './tiers'
import { webhookBody } from './webhooks'

/** What one evaluation decided for an account. */
export interface Evaluation {
  accountId: string
  tier: TierDecision
  health: HealthResult | null
  firings: Firing[]
  activeUsers: number
}

interface StateRow {
  tier: string | null
  tier_candidate: string | null
  tier_candidate_count: number
  health_score: number | null
  health_band: string | null
  tags: string[] | string
  enabled: { prompts: string[]; checklists: string[] } | string
  watched_traits: Record<string, unknown> | string
}

const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value)
const ACTIVE_WINDOW_DAYS = 30

/**
 * Evaluates one account: tier, health and playbooks, and records what changed in its timeline, all
 * in one transaction. The account's state row is locked first, so two replicas evaluating the same
 * account one after the other see each other's result and a playbook fires once per crossing.
 */
export async function evaluateAccount(sql: SqlClient, content: Content, accountId: string, now: Date): Promise<Evaluation | null> {
  return sql.transaction(async (tx) => {
    await tx.query('INSERT INTO account_state (account_id) VALUES ($1) ON CONFLICT (account_id) DO NOTHING', [accountId])
    const [state] = await tx.query<StateRow>('SELECT * FROM account_state WHERE account_id = $1 FOR UPDATE', [accountId])
    const facts = await loadAccountFacts(tx, accountId, content, now)
    if (!facts || !state) return null

    const tier = decideTier(content.tiers, facts, {
      tier: state.tier,
      candidate: state.tier_candidate,
      candidateCount: state.tier_candidate_count,
    }, content.tierPolicy, now)
    const targetDays = content.tiers.find((t) => t.id === tier.tier)?.targetDays
    const health = content.health
      ? scoreHealth(content.health, healthInputs(content, facts, targetDays, now), accountStage(content, facts, targetDays, now))
      : null
    const activeUsers = facts.activeUsers(ACTIVE_WINDOW_DAYS)

    const watched = watchedTraits(content, facts)
    const previousTraits = json<Record<string, unknown>>(state.watched_traits)
    const wasHolding = new Map(
      (await tx.query<{ playbook_id: string; holding: boolean }>('SELECT playbook_id, holding FROM playbook_state WHERE account_id = $1', [accountId]))
        .map((row) => [row.playbook_id, row.holding]),
    )
    const { firings, holding } = evaluatePlaybooks(content.playbooks, {
      tier: tier.tier,
      score: health?.score ?? null,
      band: health?.band ?? 'insufficient',
      traits: facts.traits,
      previousTraits,
      activeUsers,
      milestoneReachedAt: facts.milestoneReachedAt,
      startAt: facts.startAt,
      now,
    }, wasHolding)

    const timeline: Array<{ kind: string; title: string; data: unknown }> = []
    if (tier.changed) {
      timeline.push({ kind: 'tier_changed', title: `Tier ${state.tier ? `${state.tier} → ` : ''}${tier.tier}`, data: { from: state.tier, to: tier.tier, reason: tier.reason } })
    }
    if (health && health.band !== state.health_band) {
      timeline.push({
        kind: 'band_changed',
        title: `Health ${state.health_band ? `${state.health_band} → ` : ''}${health.band}`,
        data: { from: state.health_band, to: health.band, score: health.score, drivers: health.drivers },
      })
    }

    const tags = new Set(json<string[]>(state.tags))
    const enabled = json<{ prompts: string[]; checklists: string[] }>(state.enabled)
    for (const firing of firings) {
      timeline.push({
        kind: 'playbook_fired',
        title: `Playbook ${firing.playbook.id}: ${firing.outcome.description}`,
        data: { playbook: firing.playbook.id, condition: firing.playbook.when, values: firing.outcome.values, actions: firing.playbook.do },
      })
      for (const action of firing.playbook.do) await applyAction(tx, action, { firing, facts, tier, health, now, tags, enabled })
    }
    for (const stale of staleTags(content.playbooks, holding, tags)) {
      tags.delete(stale.tag)
      timeline.push({ kind: 'tag_removed', title: `Tag ${stale.tag} removed: playbook ${stale.playbook} no longer holds`, data: stale })
    }

    await tx.query(
      `UPDATE account_state SET tier = $2, tier_reason = $3, tier_candidate = $4, tier_candidate_count = $5,
         tier_since = CASE WHEN $6 THEN $7::timestamptz ELSE tier_since END,
         health_score = $8, health_band = $9, health = $10, active_users = $11, tags = $12, enabled = $13,
         watched_traits = $14, evaluated_at = $7
       WHERE account_id = $1`,
      [
        accountId, tier.tier, tier.reason, tier.candidate, tier.candidateCount, tier.changed, now,
        health?.score ?? null, health?.band ?? null, health ? JSON.stringify({ measures: health.measures, drivers: health.drivers }) : null,
        activeUsers, JSON.stringify([...tags].sort()), JSON.stringify(enabled), JSON.stringify(watched),
      ],
    )
    if (holding.size > 0) {
      await tx.query(
        `INSERT INTO playbook_state (account_id, playbook_id, holding, last_fired_at)
         SELECT $1, p, h, CASE WHEN f THEN $3::timestamptz END FROM json_to_recordset($2::json) AS r(p text, h boolean, f boolean)
         ON CONFLICT (account_id, playbook_id) DO UPDATE SET holding = excluded.holding,
           last_fired_at = coalesce(excluded.last_fired_at, playbook_state.last_fired_at)`,
        [accountId, JSON.stringify([...holding].sort(([a], [b]) => (a < b ? -1 : 1)).map(([p, h]) => ({ p, h, f: firings.some((f) => f.playbook.id === p) }))), now],
      )
    }
    if (health) {
      await tx.query(
        `INSERT INTO health_snapshots (account_id, day, score, band, tier, measures) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (account_id, day) DO UPDATE SET score = excluded.score, band = excluded.band, tier = excluded.tier, measures = excluded.measures`,
        [accountId, facts.today, health.score, health.band, tier.tier, JSON.stringify(health.measures)],
      )
    }
    for (const entry of timeline) {
      await tx.query('INSERT INTO timeline (account_id, at, kind, title, data) VALUES ($1, $2, $3, $4, $5)', [
        accountId, now, entry.kind, entry.title, JSON.stringify(entry.data),
      ])
    }
    return { accountId, tier, health, firings, activeUsers }
  })
}

/** The traits that `traitChanged` playbooks watch, with null for the ones not set. */
function watchedTraits(content: Content, facts: AccountFacts): Record<string, unknown> {
  const watched: Record<string, unknown> = {}
  for (const playbook of content.playbooks) {
    if ('traitChanged' in playbook.when) watched[playbook.when.traitChanged] = facts.traits[playbook.when.traitChanged] ?? null
  }
  return watched
}

interface ActionContext {
  firing: Firing
  facts: AccountFacts
  tier: TierDecision
  health: HealthResult | null
  now: Date
  tags: Set<string>
  enabled: { prompts: string[]; checklists: string[] }
}

async function applyAction(tx: SqlExecutor, action: PlaybookAction, context: ActionContext): Promise<void> {
  if ('webhook' in action) {
    const body = webhookBody({ ...context, url: action.webhook })
    await tx.query(
      `INSERT INTO webhook_outbox (account_id, playbook_id, url, body, next_at, created_at) VALUES ($1, $2, $3, $4, $5, $5)`,
      [context.facts.accountId, context.firing.playbook.id, action.webhook, body, context.now],
    )
  } else if ('enablePrompt' in action) {
    if (!context.enabled.prompts.includes(action.enablePrompt)) context.enabled.prompts.push(action.enablePrompt)
  } else if ('enableChecklist' in action) {
    if (!context.enabled.checklists.includes(action.enableChecklist)) context.enabled.checklists.push(action.enableChecklist)
  } else {
    context.tags.add(action.tag)
  }
}
