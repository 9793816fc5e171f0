import { canonicalLocale } from '@goyo/schema'
import { Hono } from 'hono'
import { previewContent } from '../content/preview'
import { verifyPreviewToken } from '../content/preview-token'
import type { ContentSource } from '../content/source'
import { requireWriteKey, writeKeyOf, type Keys } from './auth'
import { cors } from './cors'
import { HttpError } from './errors'

/**
 * `GET /v1/preview?token=` (write key, like `/v1/content`): the one item a preview link names, as a
 * content answer, ignoring audience, caps and history, with `preview` set so the SDK marks the
 * item's events (`context.preview: true`), in the page's `locale`. The SDK asks here instead of `/v1/content` when the
 * page URL carries `goyo_preview`. A tampered or expired token is a 403 whose message the SDK
 * logs with `data-debug`.
 */
export function previewRoutes(deps: { keys: Keys; content: ContentSource; now(): number }) {
  const app = new Hono()
  app.use('*', cors())
  app.get('/', async (c) => {
    try {
      requireWriteKey(writeKeyOf(c), deps.keys)
      const token = c.req.query('token')
      if (!token || token.length > 2000) throw new HttpError(400, 'invalid_query', 'token: required (the goyo_preview parameter of the preview link)')
      const claim = await verifyPreviewToken(deps.keys.secretKey, token, deps.now())
      if ('reason' in claim) throw new HttpError(403, `preview_${claim.reason}`, claim.message)
      const locale = c.req.query('locale')
      if (locale !== undefined && !canonicalLocale(locale)) throw new HttpError(400, 'invalid_query', 'locale: must be a language tag such as "en" or "ja-JP"')
      const answer = previewContent(deps.content.current(), claim, claim.expiresAt, canonicalLocale(locale))
      if (!answer) throw new HttpError(404, 'not_found', `the content no longer has ${claim.kind.slice(0, -1)} "${claim.id}"`)
      return c.json(answer, 200, { 'Cache-Control': 'no-store' })
    } catch (error) {
      // Answered here rather than by the app's error handler, so the CORS headers are added and
      // the page can read why (the SDK logs the message).
      if (error instanceof HttpError) return error.toResponse()
      throw error
    }
  })
  return app
}
