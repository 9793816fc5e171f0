import type { Content } from '@goyo/schema'
import type { FeatureEvents } from './feature-uses'

/** A prompt's goal: `event` within `withinDays` of a show counts as a conversion. */
export interface ConversionRule {
  promptId: string
  event: string
  withinDays: number
}

/** What the content file decides about folding: derived conversions and the one-action rule. */
export interface FoldPolicy {
  conversions: readonly ConversionRule[]
  featureEvents: FeatureEvents
}

/** A policy that derives nothing and merges no clicks (tools and tests without content). */
export const BARE_POLICY: FoldPolicy = { conversions: [], featureEvents: new Map() }

/**
 * The fold's policy from the content file: the prompts' goals, and each feature's `events`.
 *
 * @example
 * await store.fold(foldPolicy(content.current()))
 */
export function foldPolicy(content: Content): FoldPolicy {
  const conversions = content.prompts.flatMap((prompt) =>
    prompt.convertedWhen ? [{ promptId: prompt.id, event: prompt.convertedWhen.event, withinDays: prompt.convertedWhen.withinDays }] : [],
  )
  const featureEvents = new Map<string, Set<string>>()
  for (const [feature, definition] of Object.entries(content.features)) {
    if (definition.events?.length) featureEvents.set(feature, new Set(definition.events))
  }
  return { conversions, featureEvents }
}
