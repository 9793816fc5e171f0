import { localeTagSchema, MAX_ID_LENGTH } from '@goyo/schema'
import { Hono } from 'hono'
import { z } from 'zod'
import { explainContent } from '../content/deliver'
import type { ContentSource } from '../content/source'
import { isUnavailable } from '../store/errors'
import type { Store } from '../store/store'
import { bearerToken, requireSecretKey, type Keys } from './auth'
import { HttpError } from './errors'
import { parseWith } from './query'

const id = z.string().min(1).max(MAX_ID_LENGTH)
const explainQuery = z
  .looseObject({ userId: id.optional(), anonymousId: id.optional(), groupId: id.optional(), locale: localeTagSchema.optional() })
  .refine((query) => query.userId !== undefined || query.anonymousId !== undefined, { message: 'userId or anonymousId is required', path: ['userId'] })

/**
 * `GET /v1/admin/explain?userId=&anonymousId=&groupId=&locale=` (secret key): for every checklist, prompt,
 * survey and tour, whether this user gets it from `GET /v1/content` now, and the ordered checks
 * that decided it, each with what it found and what it wanted. Same code path as delivery, and
 * a read: it records nothing.
 */
export function explainRoutes(deps: { store: Store; keys: Keys; content: ContentSource; now(): number; retryAfterSeconds: number }) {
  const app = new Hono()
  app.use('*', async (c, next) => {
    requireSecretKey(bearerToken(c.req.header('authorization')), deps.keys)
    await next()
    c.res.headers.set('Cache-Control', 'no-store')
  })
  app.get('/', async (c) => {
    const query = parseWith(explainQuery, c.req.query())
    try {
      return c.json(await explainContent(deps.store.sql, deps.content.current(), query, new Date(deps.now())))
    } catch (error) {
      if (!isUnavailable(error)) throw error
      throw new HttpError(503, 'unavailable', 'the store is unavailable; retry later', {}, { 'Retry-After': String(deps.retryAfterSeconds) }, error)
    }
  })
  return app
}
