/**
 * @module
 * The script-tag entry (`goyo.js`): reads `data-*` options from its own `<script>` element, turns
 * the snippet's `window.goyo` into the real client and replays the calls queued before it loaded.
 */
import { createGoyo } from './create-goyo'
import { doc, win } from './lib/globals'
import { installOnWindow, readScriptOptions, type Snippet } from './script-tag'

// currentScript is only set while this file first runs, so it is read right away.
const script = (doc?.currentScript ?? doc?.querySelector('script[data-write-key]')) as HTMLScriptElement | null
const host = win as unknown as { goyo?: Snippet } | undefined
const options = script && win ? readScriptOptions(script, win.location.origin) : undefined

if (host && !host.goyo?.__ext) {
  if (options) {
    const client = createGoyo(options)
    installOnWindow((host.goyo ??= { q: [] }), client, (method) => {
      if (options.debug) console.warn('[goyo] unknown method', method)
    })
  } else console.error('[goyo] data-write-key missing')
}
