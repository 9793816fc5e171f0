import { createFormat, type Format } from '../i18n/format'
import { acceptLanguageTags, negotiateLocale } from '../i18n/negotiate'
import { DASHBOARD_LOCALES, DEFAULT_DASHBOARD_LOCALE, isDashboardLocale, messagesFor, type DashboardLocale, type Messages } from './i18n/messages'

/** The cookie that remembers the language a person picked with the switch. */
export const LANGUAGE_COOKIE = 'goyo_lang'

/** What every page is rendered with: its language's words and number formats, and where it is. */
export interface View {
  locale: DashboardLocale
  t: Messages
  f: Format
  /** The page's path and query, where the language switch comes back to. */
  here: string
}

/**
 * The language of a request: the one the switch stored in the cookie, else the best match of
 * `Accept-Language` (`ja-JP` → `ja`), else English.
 */
export function dashboardLocale(cookie: string | undefined, acceptLanguage: string | undefined): DashboardLocale {
  if (isDashboardLocale(cookie)) return cookie
  return negotiateLocale(acceptLanguageTags(acceptLanguage), DASHBOARD_LOCALES, DEFAULT_DASHBOARD_LOCALE)
}

/** A page's view; instants (timeline entries, last seen) are shown in the workspace time zone. */
export function createView(locale: DashboardLocale, here: string, timeZone = 'UTC'): View {
  return { locale, t: messagesFor(locale), f: createFormat(locale, { timeZone }), here }
}
