import type { Check } from './checks'

/**
 * Every word that explaining targeting shows a person: the sentence of each check (the `detail`
 * of `GET /v1/admin/explain`) and the labels of the dashboard's "What does this account see?"
 * panel. One module, so a catalog per locale can replace it without touching the code that
 * decides.
 */

const list = (values: readonly string[]): string => (values.length ? values.join(', ') : 'none')
const day = (iso: unknown): string => (typeof iso === 'string' ? iso.slice(0, 16).replace('T', ' ') + ' UTC' : String(iso))
const percent = (share: unknown): string => `${Math.round(Number(share) * 100)} %`

/** The sentence of each check, from its value and what it wanted. */
export const CHECK_TEXT: { [K in Check['check']]: (pass: boolean, value: any, wanted: any) => string } = {
  playbook: (pass, _value, wanted: string[]) =>
    pass ? 'enabled by a playbook' : wanted.length ? `needs playbook ${list(wanted)}, which has not enabled it` : 'needs a playbook, and none can enable it',
  tier: (pass, value: string | null, wanted: string[]) => (pass ? `tier is ${value}` : `tier is ${value ?? 'not known yet'}, wanted ${list(wanted)}`),
  lacksProduct: (_pass, has: boolean, product: string) => `lacks product ${product}: ${has ? 'no' : 'yes'}`,
  hasProduct: (_pass, has: boolean, product: string) => `has product ${product}: ${has ? 'yes' : 'no'}`,
  usage: (_pass, uses: number, wanted: { feature: string; atLeast: number; withinDays: number }) =>
    `usage of ${wanted.feature} in ${wanted.withinDays} days: ${uses}, wanted at least ${wanted.atLeast}`,
  locale: (pass, locale: string, wanted: string[]) => `locale is ${locale}${pass ? '' : `, wanted ${list(wanted)}`}`,
  account: (pass, reason: string) => `account rule ${pass ? 'holds' : 'fails'}: ${reason}`,
  holdout: (pass, _position: number, share: number) => (pass ? `not in the holdout (${percent(share)})` : `in the holdout (${percent(share)} of accounts never see it)`),
  maxShows: (pass, shown: number, max: number) => `shown ${shown} of ${max} times${pass && shown >= max ? ', but in progress: caps never interrupt it' : ''}`,
  cooldown: (pass, until: string | null, days: number) =>
    until === null ? `no cooldown running (${days} days after a show or a dismissal)` : `cooldown until ${day(until)}${pass ? ', but in progress: caps never interrupt it' : ''}`,
  dailyCap: (pass, usedBy: string[], cap: number) => (pass ? `today's cap of ${cap}: ${usedBy.length} used${usedBy.length ? ` by ${list(usedBy)}` : ''}` : `today's cap of ${cap} used by ${list(usedBy)}`),
  answered: (pass, at: string | null, days: number) => (at === null ? 'never answered' : `answered ${day(at)}; asks again after ${days} days${pass ? '' : ', not yet'}`),
  finished: (_pass, how: string | null) => (how === null ? 'not finished' : `already ${how}`),
}

/** The sentence of one check. */
export const describeCheck = (check: Omit<Check, 'detail'>): string => CHECK_TEXT[check.check](check.pass, check.value, check.wanted)

/** The labels of the dashboard panel (dashboard/explain-panel.ts). */
export const PANEL_TEXT = {
  title: 'What does this account see?',
  intro: 'Pick a user of this account: each checklist, prompt, survey and tour, and the checks that decided it, exactly as the SDK would get it now.',
  userLabel: 'User',
  noUsers: 'No identified user of this account yet.',
  submit: 'Explain',
  eligible: 'shown',
  notEligible: 'not shown',
  onPages: (urls: string[]) => `on pages ${list(urls)} only`,
  everyPage: 'on every page',
  kinds: { checklists: 'Checklists', prompts: 'Prompts', surveys: 'Surveys', tours: 'Tours' },
  nothing: 'The content file has none.',
  tier: (tier: string | null) => `Tier for content: ${tier ?? 'not known yet'}`,
  previewTitle: 'Preview',
  previewIntro: 'A link into your app that shows this item in your own browser now, ignoring audience and caps, for one hour.',
  previewUrl: 'Page of your app',
  previewItem: 'Item',
  previewSubmit: 'Make a preview link',
  previewLink: 'Open the preview',
  previewUntil: (iso: string) => `works until ${day(iso)}`,
  previewBadUrl: 'Give a full http(s) address of your app.',
  previewUnknownItem: 'The content file has no such item.',
} as const
