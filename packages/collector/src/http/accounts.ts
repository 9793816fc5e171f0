import { idParameter, integerParameter, textParameter } from '@goyo/schema'
import { Hono } from 'hono'
import { z } from 'zod'
import type { ContentSource } from '../content/source'
import type { Engine } from '../cs/scheduler'
import { cleanValue } from '../ingest/sanitize'
import type { Store } from '../store/store'
import { checkPatchedTraits } from '../trust/patched-traits'
import { arrOf } from '../trust/sql-numbers'
import { guardSecretKey, type SecretKeyGate } from './auth'
import { readJsonBody } from './body'
import { HttpError } from './errors'
import { parseWith } from './query'

const SORTS = {
  id: 'a.account_id',
  health: 's.health_score',
  arr: 'arr',
  lastSeen: 'a.last_seen',
  activeUsers: 's.active_users',
} as const

/** Deepest page a cursor may point to: far beyond any list a person pages through. */
const MAX_OFFSET = 10_000_000

const listQuery = z.strictObject({
  tier: textParameter(100).optional(),
  band: z.enum(['red', 'yellow', 'green', 'onboarding', 'churned', 'insufficient']).optional(),
  q: textParameter(100).optional(),
  sort: z
    .string()
    .regex(/^-?(id|health|arr|lastSeen|activeUsers)$/, 'must be id, health, arr, lastSeen or activeUsers, with - for descending')
    .default('id'),
  limit: integerParameter(1, 200).default(50),
  cursor: integerParameter(0, MAX_OFFSET).optional(),
})

const accountPath = z.strictObject({ id: idParameter })
const accountQuery = z.strictObject({ timelineLimit: integerParameter(1, 1000).default(100) })

/** A PATCH body is one account's traits: small, whatever a client sends. */
const MAX_PATCH_BYTES = 32 * 1024

const patchBody = z.strictObject({
  traits: z
    .record(textParameter(100), z.unknown())
    .refine((traits) => Object.keys(traits).length > 0, 'must set at least one trait')
    .refine((traits) => Object.keys(traits).length <= 100, 'may set at most 100 traits at once'),
})

// A trait is numeric for sorting only when it is a number that fits: traits are the customer's JSON.
const ARR = arrOf()

const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value)

/** `/v1/accounts*`, behind the secret key: the CS view of accounts and their history. */
export function accountRoutes(deps: SecretKeyGate & { store: Store; engine?: Engine; content?: ContentSource; catchUp?(): Promise<void> }) {
  const app = new Hono()
  const sql = deps.store.sql
  const tiers = () => deps.content?.current().tiers.map((tier) => tier.id) ?? []
  app.use('*', async (c, next) => {
    guardSecretKey(c, deps)
    // Account reads include every event acknowledged before them.
    await deps.catchUp?.()
    await next()
    c.res.headers.set('Cache-Control', 'no-store')
  })

  app.get('/', async (c) => {
    const query = parseWith(listQuery, c.req.query())
    if (query.tier !== undefined && !tiers().includes(query.tier)) {
      throw new HttpError(400, 'invalid_query', `tier: no tier "${query.tier}" in the content file`, { parameter: 'tier', issues: [{ path: 'tier', message: 'not a tier of the content file' }] })
    }
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
    const { id } = parseWith(accountPath, c.req.param(), 'path')
    const { timelineLimit } = parseWith(accountQuery, c.req.query())
    const account = await readAccount(deps.store, id, timelineLimit)
    if (!account) throw new HttpError(404, 'not_found', `no account ${id}`)
    return c.json(account)
  })

  app.patch('/:id/traits', async (c) => {
    const { id } = parseWith(accountPath, c.req.param(), 'path')
    // NUL and lone surrogates in values are neutralised as at ingest; PostgreSQL refuses them.
    const body = cleanValue(await readJsonBody(c.req.raw, MAX_PATCH_BYTES))
    const { traits } = parseWith(patchBody, body, 'body')
    const refused = checkPatchedTraits(traits, tiers())
    if (refused) {
      const path = `traits.${refused.trait}`
      throw new HttpError(400, 'invalid_body', `${path}: ${refused.problem}`, { parameter: path, issues: [{ path, message: refused.problem }] })
    }
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
async function readAccount(store: Store, id: string, limit: number) {
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
