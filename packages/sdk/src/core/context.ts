import type { EventContext, PageContext } from '../types'
import { doc, nav, win } from '../lib/globals'
import { VERSION } from './config'

/**
 * Builds the per-event context. Values that cannot change during a page's life (time zone,
 * user agent, locale) are read once: `Intl.DateTimeFormat().resolvedOptions()` alone costs more
 * than the whole rest of `track()`. `locale` is the page's (the `locale` option, else the
 * browser's; see resolveConfig).
 *
 * @example
 * const context = createContext('ja-JP')
 * context.build('acct_1').page.path // '/invoices'
 */
export function createContext(locale: string | undefined): {
  _build(groupId: string | null): EventContext
  page(): PageContext
  /** Records the URL being left, so that SPA page views get a meaningful referrer. */
  _navigated(previousUrl: string): void
} {
  // `Intl?.`: an embed without Intl gets no time zone rather than a crash.
  const timezone: string | undefined = globalThis.Intl?.DateTimeFormat().resolvedOptions().timeZone
  const userAgent = nav?.userAgent
  const library = { name: 'goyo', version: VERSION } as const
  let referrer = doc?.referrer ?? ''

  const page = (): PageContext => {
    const loc = win?.location
    return {
      url: loc?.href ?? '',
      path: loc?.pathname ?? '',
      referrer,
      title: doc?.title ?? '',
      search: loc?.search ?? '',
    }
  }
  return {
    _build(groupId) {
      const context: EventContext = { page: page(), locale, timezone, library, userAgent }
      if (groupId !== null) context.groupId = groupId
      return context
    },
    page,
    _navigated(previousUrl) {
      referrer = previousUrl
    },
  }
}
