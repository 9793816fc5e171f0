/**
 * One test that targeting ran on one item for one user, with what it found and what it wanted.
 * `GET /v1/admin/explain` lists them in the order delivery runs them; an item is eligible when
 * every check passes.
 *
 * | check | value | wanted |
 * |---|---|---|
 * | `playbook` | enabled by a playbook (boolean) | the playbooks that can enable it |
 * | `tier` | the account's tier (or null) | the audience's tiers |
 * | `lacksProduct` / `hasProduct` | whether the account has the product | the product |
 * | `usage` | uses of the feature in the window | `{ feature, atLeast, withinDays }` |
 * | `locale` | the user's locale | the audience's locales (a variant counts: `ja-JP` for `ja`) |
 * | `account` | the rule's verdict, in words | the rule |
 * | `holdout` | the account's stable position in [0, 1) | the holdout share |
 * | `maxShows` | shows so far (tours: starts) | the cap |
 * | `cooldown` | ISO time the cooldown ends (or null) | cooldown days |
 * | `dailyCap` | the prompts and surveys that used today's cap | the cap |
 * | `answered` | ISO time of the last answer (or null) | days before asking again |
 * | `finished` | `completed`, `dismissed` or null | null |
 */
export interface Check {
  check: CheckName
  pass: boolean
  value: unknown
  wanted: unknown
  /** The check in a sentence (content/explain-text.ts), for people reading the raw answer. */
  detail: string
}

export type CheckName =
  | 'playbook'
  | 'tier'
  | 'lacksProduct'
  | 'hasProduct'
  | 'usage'
  | 'locale'
  | 'account'
  | 'holdout'
  | 'maxShows'
  | 'cooldown'
  | 'dailyCap'
  | 'answered'
  | 'finished'

/** The kinds of content items, named as in the content file's sections. */
export type ItemKind = 'checklists' | 'prompts' | 'surveys' | 'tours'

/** Why one item is or is not delivered to one user. */
export interface ItemExplanation {
  id: string
  eligible: boolean
  checks: Check[]
  /** What the page still decides once the item is delivered: the paths it shows on (none: every page). */
  page: { urls?: string[] }
}

/** The answer of `GET /v1/admin/explain`. */
export interface Explanation {
  user: { userId: string | null; anonymousId: string | null }
  account: string | null
  tier: string | null
  /** The user's locale, which text, messages and `locales` audiences follow. */
  locale: string
  at: string
  checklists: ItemExplanation[]
  prompts: ItemExplanation[]
  surveys: ItemExplanation[]
  tours: ItemExplanation[]
}
