import type { ConsentState, GoyoOptions } from '../types'
import { nav, win } from '../lib/globals'

declare const __GOYO_VERSION__: string

/** The SDK version, replaced at build time; `0.0.0-dev` when running from source. */
export const VERSION: string = typeof __GOYO_VERSION__ === 'string' ? __GOYO_VERSION__ : '0.0.0-dev'

/** Options with every default applied. */
export interface Config {
  writeKey: string
  apiHost: string
  debug: boolean
  consent: ConsentState
  pageViews: boolean
  flushInterval: number
  maxQueueEvents: number
  maxQueueBytes: number
  uiUrl: string
}

/**
 * Applies defaults and checks the one thing that is a programmer error: a missing write key.
 * Throwing here is allowed (the page author sees it at once); nothing throws after this.
 *
 * @example
 * resolveConfig({ writeKey: 'wk_1' }).flushInterval // 1000
 */
export function resolveConfig(options: GoyoOptions): Config {
  if (!options || typeof options.writeKey !== 'string' || !options.writeKey) {
    throw new TypeError('[goyo] createGoyo({ writeKey }): writeKey missing')
  }
  const apiHost = (options.apiHost ?? win?.location.origin ?? '').replace(/\/+$/, '')
  return {
    writeKey: options.writeKey,
    apiHost,
    debug: !!options.debug,
    consent: initialConsent(options),
    pageViews: options.pageViews !== false,
    flushInterval: options.flushInterval ?? 1000,
    maxQueueEvents: options.maxQueueEvents ?? 10_000,
    maxQueueBytes: options.maxQueueBytes ?? 5 * 1024 * 1024,
    uiUrl: options.uiUrl ?? `${apiHost}/sdk/goyo-ui.js`,
  }
}

/** Global Privacy Control is a legally meaningful opt-out in some US states; honour it when asked. */
function initialConsent(options: GoyoOptions): ConsentState {
  const gpc = (nav as (Navigator & { globalPrivacyControl?: boolean }) | undefined)?.globalPrivacyControl
  if (options.respectGpc && gpc === true) return 'denied'
  return options.consent ?? 'granted'
}
