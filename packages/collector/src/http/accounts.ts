import { Hono } from 'hono'
import { z } from 'zod'
import type { Engine } from '../cs/scheduler'
import type { Store } from '../store/store'
import { bearerToken, requireSecretKey, type Keys } from './auth'
import { HttpError } from './errors'
import { parseWith } from './query'

const SORTS = {
  id: 'a.account_id',
  health: 's.health_score',
  arr: 'arr',
  lastSeen: 'a.last_seen',
  activeUsers: 's.active_users',
} as const

const listQuery = z.strictObject({
  tier: z.string().max(100).optional(),
  band: z.enum(['red', 'yellow', 'green', 'insufficient']).optional(),
  q: z.string().max(100).optional(),
  sort: z
    .string()
    .regex(/^-?(id|health|arr|lastSeen|activeUsers)$/, 'must be id, health, arr, lastSeen or activeUsers, with - for descending')
    .default('id'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().regex(/^\d+$/, 'must be a cursor from a previous page').optional(),
})

const patchBody = z.strictObject({
  traits: z.record(z.string().min(1).max(100), z.unknown()).refine((traits) => Object.keys(traits).length > 0, 'must set at least one trait'),
})

// A trait is numeric for sorting only when it looks like a number: traits are the customer's JSON.
const ARR = `CASE WHEN a.traits->>'arr' ~ '^-?[0-9]+(\\.[0-9]+)?$' THEN (a.traits->>'arr')::float8 END`

const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value)

/** `/v1/accounts*`, behind the secret key: the CS view of accounts and their history. */
export function accountRoutes(deps: { store: Store; keys: Keys; engine?: Engine; now(): number; catchUp?(): Promise<void> }) {
  const app = new Hono()
  const sql = deps.store.sql
  app.use('*', async (c, next) => {
    requireSecretKey(bearerToken(c.req.header('authorization')), deps.keys)
    // Account reads include every event acknowledged before them.
    await deps.catchUp?.()
    await next()
    c.res.headers.set('Cache-Control', 'no-store')
  })

  app.get('/', async (c) => {
    const query = parseWith(listQuery, c.req.query())
    const descending = query.sort.startsWith('-')
    const column = SORTS[query.sort.replace(/^-/, '') as keyof typeof SORTS]
    const offset = Number(query.cursor ?? 0)
    const params: unknown[] = []
    const where: string[] = []
    if (query.tier) where.push(`s.tier = $${params.push(query.tier)}`)
    if (query.band) where.push(`s.health_band = $${params.push(query.band)}`)
    if (query.q) {
      const pattern = `%${query.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`
      where.push(`(a.account_id ILIKE $${params.push(pattern)} OR a.traits->>'name' ILIKE $${params.length})`)
    }
    const rows = await sql.query<Record<string, unknown>>(
      `SELECT a.account_id, a.traits->>'name' AS name, ${ARR} AS arr, a.last_seen, s.tier, s.health_score, s.health_band, coalesce(s.active_users, 0) AS active_users
       FROM accounts a LEFT JOIN account_state s ON s.account_id = a.account_id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY ${column} ${descending ? 'DESC' : 'ASC'} NULLS LAST, a.account_id
       LIMIT $${params.push(query.limit + 1)} OFFSET $${params.push(offset)}`,
      params,
    )
    const page = rows.slice(0, query.limit)
    return c.json({
      accounts: page.map((row) => ({
        id: row.account_id,
        name: row.name ?? null,
        tier: row.tier ?? null,
        health: row.health_score === null || row.health_score === undefined ? null : Number(row.health_score),
        band: row.health_band ?? null,
        arr: row.arr === null || row.arr === undefined ? null : Number(row.arr),
        activeUsers: Number(row.active_users),
        lastSeen: new Date(row.last_seen as string).toISOString(),
      })),
      nextCursor: rows.length > query.limit ? String(offset + query.limit) : null,
    })
  })

  app.get('/:id', async (c) => {
    const account = await readAccount(deps.store, c.req.param('id'), Number(c.req.query('timelineLimit') ?? 100))
    if (!account) throw new HttpError(404, 'not_found', `no account ${c.req.param('id')}`)
    return c.json(account)
  })

  app.patch('/:id/traits', async (c) => {
    const id = c.req.param('id')
    let body: unknown
    try {
      body = await c.req.json()
    } catch {
      throw new HttpError(400, 'malformed_json', 'the body must be JSON: { "traits": { ... } }')
    }
    const { traits } = parseWith(patchBody, body, 'body')
    const now = new Date(deps.now())
    const changed = await sql.transaction(async (tx) => {
      const [row] = await tx.query<{ traits: Record<string, unknown> | string }>('SELECT traits FROM accounts WHERE account_id = $1 FOR UPDATE', [id])
      if (!row) return null
      const before = json<Record<string, unknown>>(row.traits)
      const after: Record<string, unknown> = { ...before }
      const changes: Record<string, { from: unknown; to: unknown }> = {}
      for (const [key, value] of Object.entries(traits)) {
        if (JSON.stringify(before[key]) === JSON.stringify(value ?? undefined)) continue
        changes[key] = { from: before[key] ?? null, to: value ?? null }
        // null removes a trait, e.g. a tierOverride that is no longer wanted.
        if (value === null) delete after[key]
        else after[key] = value
      }
      await tx.query('UPDATE accounts SET traits = $2, traits_at = greatest(traits_at, $3) WHERE account_id = $1', [id, JSON.stringify(after), now])
      if (Object.keys(changes).length > 0) {
        await tx.query(`INSERT INTO timeline (account_id, at, kind, title, data) VALUES ($1, $2, 'traits_changed', $3, $4)`, [
          id, now, `Traits set by CS: ${Object.keys(changes).join(', ')}`, JSON.stringify({ changes, by: 'secret key' }),
        ])
      }
      return changes
    })
    if (changed === null) throw new HttpError(404, 'not_found', `no account ${id}`)
    if (deps.engine) await deps.engine.evaluate(id)
    return c.json(await readAccount(deps.store, id, 100))
  })

  return app
}

/** `GET /v1/accounts/:id`: traits, tier, health with measures and drivers, and the timeline. */
async function readAccount(store: Store, id: string, timelineLimit: number) {
  const limit = Number.isInteger(timelineLimit) && timelineLimit > 0 ? Math.min(timelineLimit, 1000) : 100
  const [row] = await store.sql.query<Record<string, unknown>>(
    `SELECT a.account_id, a.traits, a.first_seen, a.last_seen, s.tier, s.tier_reason, s.tier_since, s.health_score, s.health_band,
            s.health, s.tags, s.enabled, s.active_users, s.evaluated_at
     FROM accounts a LEFT JOIN account_state s ON s.account_id = a.account_id WHERE a.account_id = $1`,
    [id],
  )
  if (!row) return null
  const timeline = await store.sql.query<Record<string, unknown>>(
    'SELECT at, kind, title, user_key, data FROM timeline WHERE account_id = $1 ORDER BY at DESC, id DESC LIMIT $2',
    [id, limit],
  )
  const health = row.health ? json<{ measures: unknown[]; drivers: unknown[] }>(row.health as string) : null
  return {
    id: row.account_id as string,
    traits: json<Record<string, unknown>>(row.traits as string),
    tier: (row.tier as string | null) ?? null,
    tierReason: (row.tier_reason as string | null) ?? null,
    tierSince: row.tier_since ? new Date(row.tier_since as string).toISOString() : null,
    health: {
      score: row.health_score === null || row.health_score === undefined ? null : Number(row.health_score),
      band: (row.health_band as string | null) ?? null,
      measures: health?.measures ?? [],
      drivers: health?.drivers ?? [],
    },
    tags: row.tags ? json<string[]>(row.tags as string) : [],
    enabled: row.enabled ? json<{ prompts: string[]; checklists: string[] }>(row.enabled as string) : { prompts: [], checklists: [] },
    activeUsers: Number(row.active_users ?? 0),
    firstSeen: new Date(row.first_seen as string).toISOString(),
    lastSeen: new Date(row.last_seen as string).toISOString(),
    evaluatedAt: row.evaluated_at ? new Date(row.evaluated_at as string).toISOString() : null,
    timeline: timeline.map((entry) => ({
      at: new Date(entry.at as string).toISOString(),
      kind: entry.kind,
      title: entry.title,
      user: entry.user_key ?? null,
      data: json(entry.data as string),
    })),
  }
}
