import type { BuiltInLocale, Catalog } from '@goyo/schema'
import { en } from './en'
import { ja } from './ja'

/** The catalogs that ship with the collector, by locale (`BUILT_IN_LOCALES` in the schema lists them). */
export const CATALOGS: Record<BuiltInLocale, Catalog> = { en, ja }
