import type { ConsentState, Goyo, GoyoOptions } from './types'
import type { ExtensionSlot } from './core/ui-loader'

/** `window.goyo` as the README snippet leaves it: a queue of calls and stubs that push onto it. */
export interface Snippet {
  q?: unknown[][]
  __ext?: ExtensionSlot
  [method: string]: unknown
}

/**
 * Reads the client options from the script tag's `data-*` attributes. `data-api-host` defaults to
 * the origin that served `goyo.js`, so a self-hosted collector works with no configuration.
 *
 * @example
 * // <script async src="https://goyo.example.com/sdk/goyo.js" data-write-key="wk_1" data-consent="pending">
 * readScriptOptions(script, location.origin) // { writeKey: 'wk_1', apiHost: 'https://goyo.example.com', consent: 'pending', ... }
 */
export function readScriptOptions(script: HTMLScriptElement, pageOrigin: string): GoyoOptions | undefined {
  const data = script.dataset
  const flag = (value: string | undefined): boolean => value !== undefined && value !== 'false'
  const consent = data.consent as ConsentState | undefined
  return data.writeKey
    ? {
        writeKey: data.writeKey,
        apiHost: data.apiHost || new URL(script.src || pageOrigin, pageOrigin).origin,
        debug: flag(data.debug),
        respectGpc: flag(data.respectGpc),
        pageViews: data.pageViews !== 'false',
        consent: consent === 'pending' || consent === 'denied' ? consent : 'granted',
        locale: data.locale,
      }
    : undefined
}

/**
 * Turns the snippet into the real API in place (so references the page kept to `window.goyo`
 * stay valid), then replays the queued calls in order. Calls pushed while replaying (by a
 * listener, say) are replayed too, because the loop re-reads the length.
 *
 * @example
 * installOnWindow(window.goyo ??= { q: [] }, client, (m) => console.warn('unknown method', m))
 */
export function installOnWindow(snippet: Snippet, client: Goyo, onUnknown: (method: unknown) => void): void {
  const queued = snippet.q ?? []
  const api = client as unknown as Record<string, unknown>
  for (const key in client) if (typeof api[key] === 'function') snippet[key] = api[key]
  Object.defineProperty(snippet, 'user', { get: () => client.user, configurable: true })
  snippet.__ext = { use: client.use }
  for (let i = 0; i < queued.length; i++) {
    const [method, ...args] = queued[i] ?? []
    const fn = typeof method === 'string' && method !== 'user' ? api[method] : undefined
    if (typeof fn === 'function') fn(...args)
    else onUnknown(method)
  }
  snippet.q = []
}
