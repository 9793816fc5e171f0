import type { ConsentState, GoyoOptions } from '../types'
import { nav, win } from '../lib/globals'

declare const __GOYO_VERSION__: string

/** The SDK version, replaced at build time; `0.0.0-dev` when running from source. */
export const VERSION: string = typeof __GOYO_VERSION__ === 'string' ? __GOYO_VERSION__ : '0.0.0-dev'

/**
 * Options with every default applied. Internal, so its names are `_`-prefixed and shortened by
 * the minifier (see rollup.config.mjs): each one is read in several places of goyo.js.
 */
export interface Config {
  _writeKey: string
  _apiHost: string
  _debug: boolean
  _consent: ConsentState
  _pageViews: boolean
  _flushInterval: number
  /** The queue's bounds (StoreLimits), passed on as they are. */
  _maxEvents: number
  _maxBytes: number
  _uiUrl: string
  /** The user's locale as the page knows it: the `locale` option, else the browser's. */
  _locale: string | undefined
}

/**
 * Applies defaults and checks the one thing that is a programmer error: a missing write key.
 * Throwing here is allowed (the page author sees it at once); nothing throws after this.
 *
 * @example
 * resolveConfig({ writeKey: 'wk_1' })._flushInterval // 1000
 */
export function resolveConfig(options: GoyoOptions): Config {
  if (!options || typeof options.writeKey !== 'string' || !options.writeKey) {
    throw new TypeError('[goyo] createGoyo({ writeKey }): writeKey missing')
  }
  const apiHost = (options.apiHost ?? win?.location.origin ?? '').replace(/\/+$/, '')
  return {
    _writeKey: options.writeKey,
    _apiHost: apiHost,
    _debug: !!options.debug,
    _consent: initialConsent(options),
    _pageViews: options.pageViews !== false,
    _flushInterval: options.flushInterval ?? 1000,
    _maxEvents: options.maxQueueEvents ?? 10_000,
    _maxBytes: options.maxQueueBytes ?? 5 * 1024 * 1024,
    _uiUrl: options.uiUrl ?? `${apiHost}/sdk/goyo-ui.js`,
    _locale: options.locale || nav?.language,
  }
}

/** Global Privacy Control is a legally meaningful opt-out in some US states; honour it when asked. */
function initialConsent(options: GoyoOptions): ConsentState {
  const gpc = (nav as (Navigator & { globalPrivacyControl?: boolean }) | undefined)?.globalPrivacyControl
  if (options.respectGpc && gpc === true) return 'denied'
  return options.consent ?? 'granted'
}
