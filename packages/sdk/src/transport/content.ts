import type { Config } from '../core/config'
import type { Logger } from '../core/logger'
import { win } from '../lib/globals'
import type { DeliveredContent } from '../types'

/** Who asks for content: the client's identity (null ids are left out of the query). */
export interface ContentQuery {
  anonymousId: string
  userId: string | null
  groupId: string | null
}

/**
 * Fetches `GET /v1/content`. The write key goes in the query, not in an `Authorization` header,
 * so the request is a simple CORS request (no preflight). `cache: 'no-cache'` makes the browser
 * revalidate its stored copy with `If-None-Match` on every call: an unchanged answer is a body-less
 * 304 on the wire, across reloads too, with no ETag bookkeeping here. Network errors, non-2xx
 * answers and bad bodies resolve `undefined`: content is optional and the page goes on without
 * UI (a refusal's message is logged with `debug`). An answer overtaken by a newer request
 * (identify while the first one was in flight) is dropped, so an anonymous answer can never
 * replace the identified one.
 *
 * The page's `locale` goes along: the collector answers with the texts and the widgets' words in
 * it (or in the user's `locale` trait, which wins), so the UI chunk never carries other languages.
 *
 * A page opened from a preview link (`?goyo_preview=<token>`, see `goyo-collector preview-link`)
 * asks `GET /v1/preview` instead, which answers the one previewed item.
 *
 * @example
 * const getContent = createContentFetcher({ _apiHost: 'https://goyo.example.com', _writeKey: 'wk_1', _locale: 'ja-JP' }, log)
 * const content = await getContent({ anonymousId: 'a1', userId: null, groupId: null })
 */
export function createContentFetcher(
  { _apiHost: apiHost, _writeKey: writeKey, _locale: locale }: Pick<Config, '_apiHost' | '_writeKey'> & Partial<Pick<Config, '_locale'>>,
  log: Logger,
  fetchFn: typeof fetch = fetch,
) {
  let latest = 0
  return async (who: ContentQuery): Promise<DeliveredContent | undefined> => {
    const mine = ++latest
    try {
      const token = new URLSearchParams(win?.location.search).get('goyo_preview')
      const query: Record<string, string | null | undefined> = { writeKey, anonymousId: who.anonymousId, userId: who.userId, groupId: who.groupId, locale, token }
      // Absent ids, locale and token are left out rather than sent empty.
      const params = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => !!entry[1]))
      const response = await fetchFn(`${apiHost}/v1/${token ? 'preview' : 'content'}?${params}`, { cache: 'no-cache' })
      // The collector says why in `message` (a preview link that expired, say).
      if (!response.ok) log('content refused', await response.json())
      else if (mine === latest) return (await response.json()) as DeliveredContent
    } catch {
      // Offline, blocked or a bad body: no content this time; tracking is unaffected.
    }
  }
}
