import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { batchBody, beaconBatch, classify, postBatch, utf8Bytes } from './send'
import { trackEvent } from '../test-util/fakes'

const URL = 'https://collector.test/v1/batch'
const server = setupServer()
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => {
  server.resetHandlers()
  vi.unstubAllGlobals()
})
afterAll(() => server.close())

describe('classify', () => {
  it.each([
    [200, 'ok'],
    [204, 'ok'],
    [0, 'retry'],
    [408, 'retry'],
    [429, 'retry'],
    [500, 'retry'],
    [503, 'retry'],
    [400, 'drop'],
    [401, 'drop'],
    [403, 'drop'],
    [413, 'drop'],
    [302, 'drop'],
  ] as const)('%i → %s', (status, verdict) => {
    expect(classify(status)).toBe(verdict)
  })
})

describe('postBatch', () => {
  it('posts JSON with Basic auth and reports Retry-After', async () => {
    let seen: Request | undefined
    let body: unknown
    server.use(
      http.post(URL, async ({ request }) => {
        seen = request
        body = await request.json()
        return new HttpResponse(null, { status: 429, headers: { 'Retry-After': '3' } })
      }),
    )
    const event = trackEvent()
    const outcome = await postBatch({ url: URL, writeKey: 'wk_1', body: batchBody([event]), keepalive: true })
    expect(outcome).toEqual({ ok: false, retry: true, status: 429, _retryAfter: 3000 })
    expect(seen?.headers.get('authorization')).toBe(`Basic ${btoa('wk_1:')}`)
    expect(seen?.headers.get('content-type')).toBe('application/json')
    expect(body).toEqual({ batch: [event], sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) })
  })

  it('turns a network error into a retryable status 0 and never rejects', async () => {
    server.use(http.post(URL, () => HttpResponse.error()))
    await expect(postBatch({ url: URL, writeKey: 'wk', body: '{}', keepalive: false })).resolves.toEqual({
      ok: false,
      retry: true,
      status: 0,
    })
  })
})

describe('beaconBatch', () => {
  it('sends text/plain with the write key in URL and body (no Authorization on beacons)', async () => {
    const sendBeacon = vi.fn(() => true)
    vi.stubGlobal('navigator', { sendBeacon })
    // globals.ts captured navigator at import time; re-import to see the stub.
    vi.resetModules()
    const { beaconBatch: beacon } = await import('./send')
    const event = trackEvent()
    expect(beacon(URL, 'wk 1', [event])).toBe(true)
    const [target, blob] = sendBeacon.mock.calls[0] as unknown as [string, Blob]
    expect(target).toBe(`${URL}?writeKey=wk%201`)
    expect(blob.type).toBe('text/plain')
    expect(JSON.parse(await blob.text())).toEqual({ batch: [event], sentAt: expect.any(String), writeKey: 'wk 1' })
  })

  it('returns false instead of throwing when there is no beacon', () => {
    expect(beaconBatch(URL, 'wk', [trackEvent()])).toBe(false)
  })
})

describe('utf8Bytes', () => {
  it('counts bytes, not UTF-16 units', () => {
    expect(utf8Bytes('abc')).toBe(3)
    expect(utf8Bytes('é')).toBe(2)
    expect(utf8Bytes('日本')).toBe(6)
    expect(utf8Bytes('😀')).toBe(4)
  })
})
