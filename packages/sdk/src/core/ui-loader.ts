import type { Logger } from './logger'
import type { Plugin } from '../types'
import { doc, win } from '../lib/globals'

/** Name the UI chunk registers its plugin under. */
export const UI_PLUGIN = 'ui'

/** The global slot a lazily loaded chunk registers through: `window.goyo.__ext.use(plugin)`. */
export interface ExtensionSlot {
  use(plugin: Plugin): void
}

/**
 * Loads the UI chunk on demand. The core never imports Preact: the first time a widget must show,
 * this injects `<script src=".../goyo-ui.js">`, and the chunk registers itself as the `ui`
 * plugin through `window.goyo.__ext`. A load failure is logged and resolves `false`; it never
 * throws, and the next call tries again.
 *
 * @example
 * const loadUi = createUiLoader(config.uiSrc, (p) => client.use(p), () => plugins.has('ui'), log)
 * if (await loadUi()) { ... }
 */
export function createUiLoader(
  src: string,
  register: (plugin: Plugin) => void,
  isLoaded: () => boolean,
  log: Logger,
): () => Promise<boolean> {
  let loading: Promise<boolean> | undefined
  return () => {
    if (isLoaded()) return Promise.resolve(true)
    return (loading ??= new Promise<boolean>((resolve) => {
      try {
        const host = win as unknown as { goyo?: { __ext?: ExtensionSlot } } | undefined
        if (!doc || !host) throw new Error('no document')
        const slot = (host.goyo ??= {})
        slot.__ext ??= { use: register }
        const script = doc.createElement('script')
        script.async = true
        script.src = src
        script.onload = () => {
          if (!isLoaded()) log(`${src} loaded but did not register the ${UI_PLUGIN} extension`)
          resolve(isLoaded())
        }
        script.onerror = () => {
          log(`could not load ${src}`)
          script.remove()
          resolve(false)
        }
        doc.head.appendChild(script)
      } catch (error) {
        log('could not load the UI', error)
        resolve(false)
      }
    }).then((ok) => {
      if (!ok) loading = undefined
      return ok
    }))
  }
}
