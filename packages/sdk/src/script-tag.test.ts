// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { installOnWindow, readScriptOptions, type Snippet } from './script-tag'
import type { Goyo } from './types'

function script(attrs: Record<string, string>): HTMLScriptElement {
  const el = document.createElement('script')
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v)
  return el
}

describe('readScriptOptions', () => {
  it('defaults the API host to the origin that served goyo.js', () => {
    expect(readScriptOptions(script({ src: 'https://goyo.example.com/sdk/goyo.js', 'data-write-key': 'wk_1' }), 'https://app.test')).toEqual({
      writeKey: 'wk_1',
      apiHost: 'https://goyo.example.com',
      debug: false,
      respectGpc: false,
      pageViews: true,
      consent: 'granted',
      locale: undefined,
    })
  })

  it('reads data-locale', () => {
    expect(readScriptOptions(script({ src: '/sdk/goyo.js', 'data-write-key': 'wk', 'data-locale': 'ja-JP' }), 'https://app.test')?.locale).toBe('ja-JP')
  })

  it('reads data-api-host, data-debug, data-consent and data-page-views', () => {
    const options = readScriptOptions(
      script({
        src: '/sdk/goyo.js',
        'data-write-key': 'wk',
        'data-api-host': 'https://collector.test',
        'data-debug': '',
        'data-consent': 'pending',
        'data-page-views': 'false',
        'data-respect-gpc': 'true',
      }),
      'https://app.test',
    )
    expect(options).toMatchObject({ apiHost: 'https://collector.test', debug: true, consent: 'pending', pageViews: false, respectGpc: true })
  })

  it('needs a write key', () => {
    expect(readScriptOptions(script({ src: '/goyo.js' }), 'https://app.test')).toBeUndefined()
  })
})

describe('installOnWindow', () => {
  it('replays the snippet queue in order and replaces the stubs in place', () => {
    const calls: string[] = []
    const fake = {
      identify: (id: string) => calls.push(`identify:${id}`),
      track: (e: string) => calls.push(`track:${e}`),
      group: (id: string) => calls.push(`group:${id}`),
      use: vi.fn(),
      get user() {
        return { anonymousId: 'a', userId: null, groupId: null }
      },
    } as unknown as Goyo
    const stub = () => {}
    const snippet: Snippet = { q: [['track', 'First'], ['identify', 'u1'], ['nope'], ['group', 'acct'], ['track', 'Last']], track: stub }
    const keep = snippet
    const unknown = vi.fn()
    installOnWindow(snippet, fake, unknown)
    expect(calls).toEqual(['track:First', 'identify:u1', 'group:acct', 'track:Last'])
    expect(unknown).toHaveBeenCalledWith('nope')
    expect(keep.track).toBe(fake.track) // references kept by the page now _reach the real client
    expect(snippet.q).toEqual([])
    expect((snippet as unknown as Goyo).user.anonymousId).toBe('a')
    expect(typeof snippet.__ext?.use).toBe('function')
  })
})
