import type { AccountFacts } from './facts'
import type { HealthResult } from './health'
import type { Firing } from './playbooks'
import type { TierDecision } from './tiers'
import type { SqlClient } from '../store/sql'

/** The header that carries `sha256=<hex HMAC of the body under the secret key>`. */
export const SIGNATURE_HEADER = 'X-Goyo-Signature'
/** The header that names one firing, for receivers that deduplicate. */
export const DELIVERY_HEADER = 'X-Goyo-Delivery'

/** How long a webhook is retried before it is given up. */
export const WEBHOOK_RETRY_WINDOW_MS = 24 * 60 * 60 * 1000

/**
 * The JSON a webhook carries: Slack's incoming-webhook `text`, so it can be pointed at a Slack
 * channel as is, and the structured facts for any other receiver.
 */
export function webhookBody(context: { firing: Firing; facts: AccountFacts; tier: TierDecision; health: HealthResult | null; now: Date; url: string }): string {
  const { firing, facts, tier, health, now } = context
  const name = typeof facts.traits.name === 'string' ? facts.traits.name : facts.accountId
  const arr = typeof facts.traits.arr === 'number' ? facts.traits.arr : null
  const score = health?.score ?? null
  const drivers = health?.drivers.map((driver) => driver.detail) ?? []
  const text =
    `Goyo playbook "${firing.playbook.id}" fired for ${name}: ${firing.outcome.description}.` +
    ` Tier ${tier.tier ?? 'none'}, health ${score ?? 'n/a'}${health ? ` (${health.band})` : ''}${arr !== null ? `, ARR ${arr}` : ''}.` +
    (drivers.length ? ` Drivers: ${drivers.join('; ')}.` : '')
  return JSON.stringify({
    text,
    playbook: firing.playbook.id,
    account: { id: facts.accountId, name, tier: tier.tier, arr, traits: facts.traits },
    condition: firing.playbook.when,
    values: firing.outcome.values,
    health: health && { score, band: health.band, drivers: health.drivers },
    firedAt: now.toISOString(),
  })
}

const hex = (buffer: ArrayBuffer) => [...new Uint8Array(buffer)].map((byte) => byte.toString(16).padStart(2, '0')).join('')

/** HMAC-SHA256 of `body` under `secret`, as lowercase hex. */
export async function sign(body: string, secret: string): Promise<string> {
  const encoder = new TextEncoder()
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  return hex(await crypto.subtle.sign('HMAC', key, encoder.encode(body)))
}

/**
 * Wait before the next attempt: 5 s doubling to at most an hour, with jitter so that many
 * webhooks to one receiver that comes back do not arrive in one burst.
 */
export function nextAttemptDelay(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(60 * 60_000, 5_000 * 2 ** Math.max(0, attempts - 1))
  return Math.round(base / 2 + random() * (base / 2))
}

/** Options of {@link deliverDueWebhooks}. */
export interface DeliveryOptions {
  sql: SqlClient
  secretKey: string
  now(): Date
  fetch?: typeof fetch
  /** Per-attempt timeout (ms). Default 10,000. */
  timeoutMs?: number
  /** How many to take per round. Default 20. */
  limit?: number
}

interface OutboxRow {
  id: number
  url: string
  body: string
  attempts: number
  created_at: Date
}

/**
 * Delivers the webhooks that are due. Rows are leased with `FOR UPDATE SKIP LOCKED` so that
 * several collectors share the outbox without sending one row twice. A 2xx marks a row delivered;
 * anything else schedules a retry, until 24 hours after the firing.
 * @returns how many were delivered in this round.
 */
export async function deliverDueWebhooks(options: DeliveryOptions): Promise<number> {
  const now = options.now()
  const rows = await options.sql.query<OutboxRow>(
    `UPDATE webhook_outbox SET lease_until = $1::timestamptz + interval '60 seconds'
     WHERE id IN (
       SELECT id FROM webhook_outbox
       WHERE delivered_at IS NULL AND failed_at IS NULL AND next_at <= $1 AND (lease_until IS NULL OR lease_until < $1)
       ORDER BY next_at LIMIT $2 FOR UPDATE SKIP LOCKED)
     RETURNING id, url, body, attempts, created_at`,
    [now, options.limit ?? 20],
  )
  let delivered = 0
  for (const row of rows) {
    const attempts = row.attempts + 1
    let error: string | null = null
    try {
      const response = await (options.fetch ?? fetch)(row.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'goyo-collector',
          [SIGNATURE_HEADER]: `sha256=${await sign(row.body, options.secretKey)}`,
          [DELIVERY_HEADER]: String(row.id),
        },
        body: row.body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      })
      await response.body?.cancel().catch(() => {})
      if (!response.ok) error = `HTTP ${response.status}`
    } catch (cause) {
      error = (cause as Error).message
    }
    const at = options.now()
    if (error === null) {
      delivered++
      await options.sql.query('UPDATE webhook_outbox SET delivered_at = $2, attempts = $3, lease_until = NULL, last_error = NULL WHERE id = $1', [row.id, at, attempts])
      continue
    }
    const next = new Date(at.getTime() + nextAttemptDelay(attempts))
    const expired = next.getTime() - new Date(row.created_at).getTime() > WEBHOOK_RETRY_WINDOW_MS
    await options.sql.query(
      'UPDATE webhook_outbox SET attempts = $2, next_at = $3, lease_until = NULL, last_error = $4, failed_at = $5 WHERE id = $1',
      [row.id, attempts, next, error, expired ? at : null],
    )
  }
  return delivered
}
