import type { Translation } from '../../i18n/catalog'
import { COLUMNS_EN, COLUMNS_JA } from './columns'
import { DEFINITIONS_EN, DEFINITIONS_JA } from './definitions'
import { en } from './en'
import { ja } from './ja'

/** The languages the dashboard speaks, the first being the default. */
export const DASHBOARD_LOCALES = ['en', 'ja'] as const
export type DashboardLocale = (typeof DASHBOARD_LOCALES)[number]
export const DEFAULT_DASHBOARD_LOCALE: DashboardLocale = 'en'

/** Every word of the dashboard in one language: the page catalog, column headers and metric definitions. */
export type Messages = Translation<typeof en> & {
  columns: Translation<typeof COLUMNS_EN>
  definitions: Translation<typeof DEFINITIONS_EN>
}

const CATALOGS: Record<DashboardLocale, Messages> = {
  en: { ...en, columns: COLUMNS_EN, definitions: DEFINITIONS_EN },
  ja: { ...ja, columns: COLUMNS_JA, definitions: DEFINITIONS_JA },
}

/** The dashboard's messages in `locale`. */
export const messagesFor = (locale: DashboardLocale): Messages => CATALOGS[locale]

export const isDashboardLocale = (value: unknown): value is DashboardLocale => typeof value === 'string' && (DASHBOARD_LOCALES as readonly string[]).includes(value)
