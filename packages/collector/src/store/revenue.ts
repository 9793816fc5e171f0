import type { NormalizedEvent } from '../ingest/normalize'
import { COMMERCIAL_EVENTS } from '../trust/commercial-events'
import type { SqlExecutor } from './sql'

export { COMMERCIAL_EVENTS }

const number = (value: unknown): number | null => {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN
  return Number.isFinite(n) ? n : null
}

/**
 * Records the commercial facts of new events: group traits (mrr, arr, plan, products, seats) and
 * commercial track events with `mrr`. A cancellation records MRR 0 unless it says otherwise.
 */
export async function recordRevenue(tx: SqlExecutor, fresh: readonly NormalizedEvent[], accountOf: Map<NormalizedEvent, string | null>): Promise<void> {
  const rows: Array<Record<string, unknown>> = []
  for (const event of fresh) {
    const account = accountOf.get(event)
    if (!account) continue
    let facts: Record<string, unknown> | null = null
    let source = 'group'
    if (event.type === 'group' && event.traits) facts = event.traits
    else if (event.type === 'track' && event.event !== null && COMMERCIAL_EVENTS.has(event.event)) {
      source = event.event
      facts = { ...event.properties }
      if (event.event === 'Subscription Cancelled' && number(facts.mrr) === null) facts.mrr = 0
    }
    if (!facts) continue
    const mrr = number(facts.mrr)
    const arr = number(facts.arr)
    const products = Array.isArray(facts.products) ? facts.products.map(String) : typeof facts.products === 'string' ? facts.products.split(',').map((p) => p.trim()).filter(Boolean) : null
    const plan = typeof facts.plan === 'string' ? facts.plan : null
    const seats = number(facts.seats)
    if (mrr === null && arr === null && products === null && plan === null && seats === null) continue
    rows.push({ m: event.messageId, a: account, t: event.timestamp, s: source, mrr, arr, p: plan, pr: products, se: seats })
  }
  if (rows.length === 0) return
  await tx.query(
    `INSERT INTO account_revenue_history (message_id, account_id, at, source, mrr, arr, plan, products, seats)
     SELECT m, a, t, s, mrr, arr, p, pr, se FROM json_to_recordset($1::json)
       AS r(m text, a text, t timestamptz, s text, mrr float8, arr float8, p text, pr jsonb, se float8)
     ON CONFLICT (message_id) DO NOTHING`,
    [JSON.stringify(rows)],
  )
}
