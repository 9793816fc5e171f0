import { describe, expect, it, vi } from 'vitest'
import { createContentFetcher } from './content'

const answer = { tier: 'tech-touch', features: {}, milestones: {}, checklists: [], prompts: [], surveys: [], remainingToday: null, theme: {} }
const who = { anonymousId: 'a 1', userId: 'u&1', groupId: null }
const log = vi.fn()

describe('createContentFetcher', () => {
  it('asks with the write key and the ids in the query (no preflight), revalidating the HTTP cache', async () => {
    const fetchFn = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => Response.json(answer, { headers: { ETag: '"v1"' } }))
    const get = createContentFetcher({ _apiHost: 'https://c.test', _writeKey: 'wk_1', _locale: 'ja-JP' }, log, fetchFn as typeof fetch)
    expect(await get(who)).toEqual(answer)
    const [url, init] = fetchFn.mock.calls[0]!
    const query = new URL(String(url)).searchParams
    expect(Object.fromEntries(query)).toEqual({ writeKey: 'wk_1', anonymousId: 'a 1', userId: 'u&1', locale: 'ja-JP' }) // null groupId left out
    // no-cache: the browser sends If-None-Match with the stored ETag and turns a 304 into the cached answer
    expect(init).toEqual({ cache: 'no-cache' })
    expect(new Headers(init?.headers).has('authorization')).toBe(false)
  })

  it('resolves undefined, never rejects, on network errors, non-2xx answers and bad bodies', async () => {
    const failing = [
      async () => {
        throw new TypeError('Failed to fetch')
      },
      async () => new Response('nope', { status: 503 }),
      async () => new Response(null, { status: 304 }),
      async () => new Response('{not json', { status: 200 }),
    ]
    for (const fetchFn of failing) {
      await expect(createContentFetcher({ _apiHost: 'https://c.test', _writeKey: 'wk' }, log, fetchFn as typeof fetch)(who)).resolves.toBeUndefined()
    }
  })

  it('drops an answer overtaken by a newer request', async () => {
    const pending: Array<(r: Response) => void> = []
    const fetchFn = (() => new Promise<Response>((resolve) => pending.push(resolve))) as typeof fetch
    const get = createContentFetcher({ _apiHost: 'https://c.test', _writeKey: 'wk' }, log, fetchFn)
    const anonymous = get({ anonymousId: 'a', userId: null, groupId: null })
    const identified = get({ anonymousId: 'a', userId: 'u', groupId: 'g' })
    pending[1]!(Response.json({ ...answer, tier: 'identified' }))
    pending[0]!(Response.json({ ...answer, tier: 'anonymous' }))
    expect(await identified).toMatchObject({ tier: 'identified' })
    expect(await anonymous).toBeUndefined()
  })

  it('asks /v1/preview with the token of a preview link, and logs why a token is refused', async () => {
    const page = new URL('https://app.test/invoices?tab=1&goyo_preview=eyJrIjoi.c2ln')
    vi.stubGlobal('window', { location: page })
    vi.resetModules() // lib/globals reads `window` when it loads
    try {
      const { createContentFetcher: fetcher } = await import('./content')
      const fetchFn = vi.fn(async () => Response.json({ error: 'preview_expired', message: 'the preview link expired at 2026-06-01T10:00:00.000Z: make a new one' }, { status: 403 }))
      const logged = vi.fn()
      expect(await fetcher({ _apiHost: 'https://c.test', _writeKey: 'wk', _locale: 'en' }, logged, fetchFn as unknown as typeof fetch)(who)).toBeUndefined()
      const url = new URL(String((fetchFn.mock.calls[0] as unknown[])[0]))
      expect(url.pathname).toBe('/v1/preview')
      expect(url.searchParams.get('token')).toBe('eyJrIjoi.c2ln')
      expect(url.searchParams.get('locale')).toBe('en')
      expect(logged).toHaveBeenCalledWith('content refused', { error: 'preview_expired', message: 'the preview link expired at 2026-06-01T10:00:00.000Z: make a new one' })
    } finally {
      vi.unstubAllGlobals()
    }
  })
})
