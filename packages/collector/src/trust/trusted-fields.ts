import { EVENTS } from '@goyo/schema'
import { COMMERCIAL_EVENTS } from './commercial-events'
import { withoutCsOwnedTraits } from './cs-owned-traits'
import { readReportNumber, type ReportNumber } from './report-numbers'

/** A value of an event that ingest keeps in the raw payload but does not apply, and why. */
export interface IgnoredValue {
  /** Where it is in the event: `traits.arr`, `properties.score`. */
  path: string
  reason: string
}

/** The parts of an event the trust policy looks at. */
export interface TrustInput {
  type: string
  /** The `track` event name. */
  event: string | null
  traits: Record<string, unknown> | null
  properties: Record<string, unknown> | null
}

const ACCOUNT_NUMBERS: readonly ReportNumber[] = ['mrr', 'arr', 'seats']

/** Removes the fields of `record` that are not usable report numbers; same object when all are. */
function dropUnusable(record: Record<string, unknown>, fields: readonly ReportNumber[], prefix: string, ignored: IgnoredValue[]): Record<string, unknown> {
  const bad = fields.filter((field) => Object.hasOwn(record, field) && record[field] !== null && readReportNumber(field, record[field]).value === null)
  if (bad.length === 0) return record
  const kept = { ...record }
  for (const field of bad) {
    ignored.push({ path: `${prefix}.${field}`, reason: readReportNumber(field, record[field]).reason! })
    delete kept[field]
  }
  return kept
}

/**
 * What ingest may apply of an event sent with the public write key: its traits without CS-owned
 * traits, and its traits and properties without numbers the reports could not use (`mrr`, `arr`,
 * `seats` of a group call or a commercial event, `score` of `Survey Answered`). The raw payload
 * keeps everything; `ignored` says what was left out, for the answer and the log. Pure: the
 * request path calls it to answer, and whatever folds events into rollups, profiles, revenue and
 * the timeline must call it on each event before applying it.
 *
 * @example
 * trustedFields({ type: 'group', event: null, traits: { arr: '9'.repeat(400), tierOverride: 'x' }, properties: null })
 * // { traits: {}, properties: null, ignored: [{ path: 'traits.tierOverride', ... }, { path: 'traits.arr', ... }] }
 */
export function trustedFields(input: TrustInput): { traits: Record<string, unknown> | null; properties: Record<string, unknown> | null; ignored: IgnoredValue[] } {
  const ignored: IgnoredValue[] = []
  let traits = input.traits
  if (traits) {
    const owned = withoutCsOwnedTraits(traits)
    for (const name of owned.removed) ignored.push({ path: `traits.${name}`, reason: `${name} is set only by customer success (PATCH /v1/accounts/:id/traits)` })
    traits = owned.traits
    if (input.type === 'group') traits = dropUnusable(traits, ACCOUNT_NUMBERS, 'traits', ignored)
  }
  let properties = input.properties
  if (properties && input.type === 'track') {
    if (input.event === EVENTS.surveyAnswered) properties = dropUnusable(properties, ['score'], 'properties', ignored)
    else if (input.event !== null && COMMERCIAL_EVENTS.has(input.event)) properties = dropUnusable(properties, ACCOUNT_NUMBERS, 'properties', ignored)
  }
  return { traits, properties, ignored }
}
