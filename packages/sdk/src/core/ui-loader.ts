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
 * const loadUi = createUiLoader(config._uiUrl, (p) => client.use(p), () => plugins.has('ui'), log)
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
        // Outside a page `win`/`doc` are undefined: the TypeError lands in the catch below.
        const host = win as unknown as { goyo?: { __ext?: ExtensionSlot } }
        ;(host.goyo ??= {}).__ext ??= { use: register }
        // A script element inserted from code is async already.
        const script = doc!.createElement('script')
        script.src = src
        // A script that loads but registers nothing counts as a failure too (resolve(false) below logs).
        script.onload = () => resolve(isLoaded())
        script.onerror = () => {
          script.remove()
          resolve(false)
        }
        doc!.head.appendChild(script)
      } catch {
        resolve(false)
      }
    }).then((ok) => {
      if (!ok) {
        log(`could not load ${src}`)
        loading = undefined
      }
      return ok
    }))
  }
}
