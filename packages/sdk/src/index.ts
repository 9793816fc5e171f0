/**
 * @module
 * Goyo's browser SDK for bundlers. The script tag (`goyo.js`) exposes the same methods on
 * `window.goyo`.
 *
 * @example
 * import { createGoyo } from '@goyo/sdk'
 * const goyo = createGoyo({ writeKey: 'wk_123' })
 * goyo.track('Report Exported', { format: 'csv' })
 */
export { createGoyo } from './create-goyo'
export type {
  ConsentState,
  EventContext,
  FeatureDefinition,
  Goyo,
  GoyoError,
  GoyoEvents,
  GoyoOptions,
  MilestoneDefinition,
  PageContext,
  Plugin,
  Properties,
  TrackingContent,
  WireEvent,
} from './types'
