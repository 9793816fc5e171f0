import { idParameter, localeTagSchema } from '@goyo/schema'
import { Hono } from 'hono'
import { z } from 'zod'
import type { ContentSource } from '../content/source'
import { hash } from '../content/source'
import { deliverContent } from '../content/deliver'
import { createTargetingRecorder } from '../content/records'
import type { Store } from '../store/store'
import { requireWriteKey, writeKeyOf, type Keys } from './auth'
import { cors } from './cors'
import { HttpError } from './errors'
import { commit } from './ingest'
import { parseWith } from './query'

const id = idParameter
// Unknown parameters (cache busters, a client's own) are allowed but bounded like the rest.
const contentQuery = z
  .object({ userId: id.optional(), anonymousId: id.optional(), groupId: id.optional(), locale: localeTagSchema.optional(), writeKey: z.string().max(200).optional() })
  .catchall(z.string().max(2000))
  .refine((query) => query.userId !== undefined || query.anonymousId !== undefined, { message: 'userId or anonymousId is required', path: ['userId'] })

/**
 * `GET /v1/content`: the checklists, prompts, surveys and tours this user may see now, with the
 * account's tier and the feature selectors for the SDK, their texts and the widgets' messages in
 * the user's locale (`locale=`, unless the user's `locale` trait says otherwise). Called with the
 * public write key from every customer page, so it is CORS-enabled and answers with an ETag,
 * which names the locale: a cached answer in one language never validates for another.
 */
export function contentRoutes(deps: { store: Store; keys: Keys; content: ContentSource; now(): number; retryAfterSeconds: number; writeTimeoutMs: number; catchUp?(): Promise<void> }) {
  const app = new Hono()
  const record = createTargetingRecorder(deps.store.sql, () => new Date(deps.now()))
  app.use('*', cors())
  app.get('/', async (c) => {
    requireWriteKey(writeKeyOf(c), deps.keys)
    const query = parseWith(contentQuery, c.req.query())
    let body = ''
    let locale = ''
    await commit(deps, async () => {
      // Progress and targeting include every event acknowledged before this request.
      await deps.catchUp?.()
      const { response, records } = await deliverContent(deps.store.sql, deps.content.current(), query, new Date(deps.now()))
      await record(records)
      body = JSON.stringify(response)
      locale = response.locale
    })
    const etag = `"${deps.content.version()}-${locale}-${hash(body)}"`
    const headers = { ETag: etag, 'Cache-Control': 'private, no-cache', 'Content-Type': 'application/json; charset=utf-8', Vary: 'Origin' }
    if (c.req.header('if-none-match') === etag) return new Response(null, { status: 304, headers })
    return new Response(body, { headers })
  })
  app.all('/', () => {
    throw new HttpError(405, 'method_not_allowed', 'use GET /v1/content')
  })
  return app
}
