/**
 * What the fuzz and poisoning suites send: a content file that gives every report something to
 * compute, every hostile value issue 19 names, and the routes of the collector.
 */
import { contentSchema } from '@goyo/schema'
import fc from 'fast-check'
import { REPORTS } from '../../packages/collector/src/reports/index'

export const HOSTILE_CONTENT = contentSchema.parse({
  features: {
    'invoices.create': { events: ['Invoice Created'], selectors: ['#new-invoice'] },
    'payroll.run': { events: ['Payroll Run'], urls: ['/payroll/*'] },
  },
  milestones: { 'first-invoice': { event: 'Invoice Sent' } },
  checklists: [{ id: 'start', title: 'Start', items: [{ id: 'one', title: 'One', doneWhen: { event: 'Invoice Sent' } }] }],
  prompts: [{
    id: 'payroll', kind: 'modal', title: 'Payroll', body: 'Try payroll', cta: { label: 'Try', event: 'Payroll Trial Started' },
    convertedWhen: { event: 'Payroll Trial Started', withinDays: 14 }, holdout: 0.1,
  }],
  surveys: [{ id: 'nps', kind: 'nps', question: 'How likely?' }],
  tours: [{ id: 'intro', title: 'Intro', steps: [{ id: 's1', title: 'Hi', body: 'Hello' }] }],
  tiers: [
    { id: 'high-touch', when: { trait: 'arr', gte: 50000 } },
    { id: 'low-touch', when: { trait: 'seats', gte: 10 } },
    { id: 'tech-touch' },
  ],
  health: {
    measures: [
      { id: 'breadth', weight: 0.2 }, { id: 'activeUsers', weight: 0.2 }, { id: 'valueReached', weight: 0.2, milestone: 'first-invoice' },
      { id: 'stickiness', weight: 0.1 }, { id: 'nps', weight: 0.2, minAnswers: 1 }, { id: 'trend', weight: 0.1 },
    ],
    bands: { red: 40, yellow: 70 },
  },
  playbooks: [
    { id: 'low-health', when: { health: { below: 40 } }, do: [{ tag: 'at-risk' }] },
    { id: 'seats', when: { ratio: { numerator: 'activeUsers', denominator: { trait: 'seats' }, above: 0.9 } }, do: [{ tag: 'full' }] },
    { id: 'plan', when: { traitChanged: 'plan' }, do: [{ tag: 'plan-changed' }] },
  ],
})

/** Strings that broke something once, or could: NUL, lone surrogates, huge, formulas, SQL. */
export const HOSTILE_STRINGS = [
  '', ' ', '\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '\n=1+1', ' =cmd|calc', '＝HYPERLINK("x")', '＋1', '－1', '＠x', '\t@x',
  "'; DROP TABLE events; --", '<script>alert(1)</script>', '__proto__', 'constructor', 'prototype', '%00', '%',
  '9'.repeat(400), '-' + '9'.repeat(400), '1e308', '1e400', 'NaN', 'Infinity', '-0', '0x10', '１２３',
  '0000-12-03', '9999-12-31', '+275760-09-13T00:00:00Z', '2026-02-30T25:00:00Z', 'x'.repeat(300), 'g'.repeat(9000), '🙂'.repeat(50),
]

/** Numbers JSON can carry that no report should take at face value. */
export const HOSTILE_NUMBERS = [1e308, -1e308, Number.MAX_VALUE, Number.MIN_VALUE, 2 ** 53 + 2, -1, 0, -0, 11, 1e21, 0.1 + 0.2]

/** Number literals only JSON text can carry: they parse to ±Infinity or lose every digit. */
export const RAW_NUMBER_LITERALS = ['1e400', '-1e400', '123456789012345678901234567890', '1E+999', '0.' + '0'.repeat(400) + '1']

/** Every hostile value, for each numeric trait or property the engine reads. */
export const HOSTILE_VALUES: unknown[] = [
  ...HOSTILE_STRINGS, ...HOSTILE_NUMBERS, null, true, [], {}, [1e308], { $gt: 0 }, { valueOf: 1 },
  JSON.parse('{"__proto__":{"polluted":"yes"}}'),
]

/** Traits and properties the engine and the reports read as numbers, dates or names. */
export const READ_TRAITS = ['arr', 'mrr', 'seats', 'plan', 'products', 'createdAt', 'name', 'tierOverride', 'tierOverrideUntil'] as const
export const READ_PROPERTIES = ['score', 'mrr', 'arr', 'seats', 'amount', 'feature', 'milestone', 'prompt', 'survey', 'checklist', 'item', 'tour', 'step', 'path', 'variant'] as const
export const EVENT_NAMES = [
  'Survey Answered', 'Plan Changed', 'Subscription Started', 'Subscription Cancelled', 'Feature Used', 'Milestone Reached', 'Checklist Item Completed',
  'Checklist Completed', 'Prompt Shown', 'Prompt Clicked', 'Prompt Converted', 'Tour Step Viewed', 'Invoice Sent', 'Invoice Created', 'Payroll Trial Started',
] as const

/** The report names, for routes that take one. */
export const REPORT_NAMES = Object.keys(REPORTS)
export const DASHBOARD_PAGES = ['', '/at-risk', '/adoption', '/ttv', '/onboarding', '/prompts', '/nps', '/cross-sell', '/revenue', '/accounts']
export const DASHBOARD_TABLES = ['adoption', 'breadth', 'stickiness', 'ttv', 'ttv-cohorts', 'ttv-tiers', 'ttv-overdue', 'checklists', 'prompts', 'nps', 'nps-tiers', 'nps-comments', 'segments', 'transitions', 'at-risk', 'cross-sell', 'revenue', 'revenue-attribution', 'events']

// ---- arbitraries ----

const pick = <T>(values: readonly T[]) => fc.constantFrom(...values)

/** A string a client might send where text is expected. */
export const hostileString = fc.oneof(pick(HOSTILE_STRINGS), fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 12 }))

/** An id, or something in its place. */
export const idish = fc.oneof({ weight: 3, arbitrary: pick(['u1', 'u2', 'acme', 'poison', 'a-1']) }, { weight: 2, arbitrary: hostileString }, { weight: 1, arbitrary: fc.oneof(pick(HOSTILE_NUMBERS), fc.constant({}), fc.constant([]), fc.constant(null), fc.constant(true)) })

const dateish = fc.oneof(pick(['2026-06-10T10:00:00Z', '2026-06-14', '1970-01-01T00:00:00Z', '0000-12-03T00:00:00Z', '9999-12-31T23:59:59Z', '+275760-09-13T00:00:00Z']), hostileString, pick(HOSTILE_NUMBERS))

/** Any JSON value, hostile leaves included, a few levels deep. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    pick(HOSTILE_VALUES),
    hostileString,
    pick(HOSTILE_NUMBERS),
    fc.double(),
    fc.boolean(),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(hostileString, tie('value'), { maxKeys: 3 }),
  ),
})).value

const fields = (names: readonly string[]) => fc.dictionary(pick(names), hostileValue, { maxKeys: names.length })

/** One event: the fields the collector reads, each right, wrong or hostile. */
export const hostileEvent = fc.record(
  {
    type: fc.oneof({ weight: 5, arbitrary: pick(['track', 'identify', 'group', 'page', 'screen', 'alias']) }, { weight: 1, arbitrary: hostileValue }),
    event: fc.oneof({ weight: 3, arbitrary: pick(EVENT_NAMES) }, { weight: 1, arbitrary: hostileValue }),
    userId: idish, anonymousId: idish, groupId: idish, previousId: idish,
    messageId: fc.oneof(fc.uuid(), hostileString),
    timestamp: dateish, originalTimestamp: dateish, sentAt: dateish,
    context: fc.oneof(fc.record({ groupId: idish, page: fc.record({ path: hostileString, url: hostileString }, { requiredKeys: [] }) }, { requiredKeys: [] }), hostileValue),
    properties: fc.oneof(fields(READ_PROPERTIES), hostileValue),
    traits: fc.oneof(fields(READ_TRAITS), hostileValue),
    name: hostileValue,
  },
  { requiredKeys: ['type'] },
)

/** Serialises with raw number literals (`1e400`) put where the placeholder strings are. */
export function withRawNumbers(value: unknown, random: () => number): string {
  return JSON.stringify(value).replace(/"1e400"/g, () => RAW_NUMBER_LITERALS[Math.floor(random() * RAW_NUMBER_LITERALS.length)]!)
}

/**
 * A well-formed event whose traits and properties are hostile: it gets through validation, so
 * its values reach the write path, the engine and the reports.
 */
export const poisonedEvent = fc.record({
  type: pick(['track', 'identify', 'group', 'page']),
  event: pick(EVENT_NAMES),
  userId: pick(['u1', 'u2', 'u3']),
  groupId: pick(['acme', 'poison', 'globex']),
  timestamp: pick(['2026-06-10T10:00:00Z', '2026-05-01T00:00:00Z', '2026-06-15T11:00:00Z']),
  properties: fields(READ_PROPERTIES),
  traits: fields(READ_TRAITS),
  context: fc.record({ groupId: pick(['acme', 'poison', 'globex']) }),
})
