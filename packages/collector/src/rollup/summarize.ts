import { revenueFact, type RevenueFact } from './account-facts'
import type { LoggedEvent } from './event'
import { identityLinks, isIdentified } from './identity'
import { dayOf, keepsFirsts, usageKeys } from './keys'
import { TIMELINE_EVENTS, timelineTitle } from './timeline'

interface Seen {
  first: Date
  last: Date
}

/** A user's or an account's share of a fold: when seen, the traits merged in, its last group. */
export interface ProfileDelta extends Seen {
  traits: Record<string, unknown> | null
  /** The time of the newest traits merged in (late, older traits only fill gaps). */
  traitsAt: Date | null
  /** Users: the account of their last group call in the fold. */
  account: string | null
}

/** An anonymous id's share: when seen, the user it was linked to, its last group. */
export interface IdentityDelta extends Seen {
  userId: string | null
  account: string | null
}

export interface UsageDelta {
  day: string
  /** '' for events without an account (key columns cannot be NULL). */
  account: string
  /** The person key ('' without one). */
  user: string
  kind: string
  name: string
  count: number
}

export interface FirstDelta extends Seen {
  user: string
  kind: string
  name: string
  /** The last account the person did it in ('' when none). */
  account: string
  count: number
}

export interface TimelineEntry {
  account: string
  at: Date
  kind: string
  title: string
  user: string | null
  data: Record<string, unknown>
  messageId: string
}

export interface RevenueEntry extends RevenueFact {
  messageId: string
  account: string
  at: Date
}

/** What a set of events adds to every rollup, coalesced: one entry per row the fold writes. */
export interface Rollups {
  users: Map<string, ProfileDelta>
  identities: Map<string, IdentityDelta>
  accounts: Map<string, ProfileDelta>
  /** Identified people per account, keyed `account\0user`. */
  memberships: Map<string, Seen & { account: string; user: string }>
  /** usage_daily, keyed by its primary key. */
  usage: Map<string, UsageDelta>
  /** user_firsts, keyed `user\0kind\0name`. */
  firsts: Map<string, FirstDelta>
  /** account_days: events per account and day, keyed `account\0day`. */
  accountDays: Map<string, { account: string; day: string; events: number }>
  timeline: TimelineEntry[]
  revenue: RevenueEntry[]
  /** The days whose usage rows change (their day bitmaps must be rebuilt). */
  days: Set<string>
}

export interface SummarizeOptions {
  /** The person key of an event (see `personKey`). */
  person(event: LoggedEvent): string | null
  /** `Feature Used` events that add no use (see `absorbedClicks`). */
  absorbed: ReadonlySet<string>
  timeZone: string
}

const SEP = '\u0000'

/**
 * The rollup policy in one function: what `events` (in time order) contribute to each rollup.
 * Pure, so it reads as the definition; the fold only writes its result (store/fold.ts).
 */
export function summarize(events: readonly LoggedEvent[], options: SummarizeOptions): Rollups {
  const out: Rollups = {
    users: new Map(), identities: new Map(), accounts: new Map(), memberships: new Map(),
    usage: new Map(), firsts: new Map(), accountDays: new Map(), timeline: [], revenue: [], days: new Set(),
  }
  for (const event of events) {
    const person = options.person(event)
    addProfiles(out, event, person)
    addUsage(out, event, person, options)
  }
  return out
}

function addProfiles(out: Rollups, event: LoggedEvent, person: string | null): void {
  const at = event.timestamp
  const account = event.accountId
  if (person !== null && isIdentified(person)) {
    const user = touch(out.users, person, at, () => ({ traits: null, traitsAt: null, account: null }))
    if (event.type === 'identify' && event.userId === person) mergeTraits(user, event.traits, at)
    if (event.type === 'group' && event.userId === person) user.account = account
  }
  if (event.anonymousId !== null) {
    const anonymous = touch(out.identities, event.anonymousId, at, () => ({ userId: null, account: null }))
    if (event.type === 'group') anonymous.account = account
  }
  for (const link of identityLinks(event)) {
    touch(out.identities, link.anonymousId, at, () => ({ userId: null, account: null })).userId = link.userId
  }
  if (account !== null) {
    const row = touch(out.accounts, account, at, () => ({ traits: null, traitsAt: null, account: null }))
    if (event.type === 'group' && event.traits) mergeTraits(row, event.traits, at)
    if (person !== null && isIdentified(person)) {
      touch(out.memberships, `${account}${SEP}${person}`, at, () => ({ account, user: person }))
    }
    const fact = revenueFact(event)
    if (fact) out.revenue.push({ ...fact, messageId: event.messageId, account, at })
  }
}

function addUsage(out: Rollups, event: LoggedEvent, person: string | null, options: SummarizeOptions): void {
  let keys = usageKeys(event)
  const account = event.accountId ?? ''
  if (event.event !== null && TIMELINE_EVENTS.has(event.event) && account) {
    out.timeline.push({
      account, at: event.timestamp, kind: event.event, title: timelineTitle(event.event, keys[1]?.name),
      user: person, data: event.properties ?? {}, messageId: event.messageId,
    })
  }
  if (keys.length === 0) return
  if (options.absorbed.has(event.messageId)) keys = keys.filter((key) => key.kind !== 'feature')
  const user = person ?? ''
  const day = dayOf(event.timestamp, options.timeZone)
  out.days.add(day)
  if (account) {
    const key = account + SEP + day
    const row = out.accountDays.get(key)
    if (row) row.events++
    else out.accountDays.set(key, { account, day, events: 1 })
  }
  for (const { kind, name } of keys) {
    const usageKey = `${account}${SEP}${day}${SEP}${user}${SEP}${kind}${SEP}${name}`
    const usage = out.usage.get(usageKey)
    if (usage) usage.count++
    else out.usage.set(usageKey, { day, account, user, kind, name, count: 1 })
    if (!user || !keepsFirsts(kind)) continue
    const first = touch(out.firsts, `${user}${SEP}${kind}${SEP}${name}`, event.timestamp, () => ({ user, kind, name, account, count: 0 }))
    first.count++
    if (account) first.account = account
  }
}

/** The entry for `key`, created on first sight, with `at` folded into its first and last times. */
function touch<T extends Seen>(map: Map<string, T>, key: string, at: Date, create: () => Omit<T, keyof Seen>): T {
  const found = map.get(key)
  if (found) {
    if (at.getTime() < found.first.getTime()) found.first = at
    if (at.getTime() >= found.last.getTime()) found.last = at
    return found
  }
  const created = create() as T
  created.first = at
  created.last = at
  map.set(key, created)
  return created
}

function mergeTraits(profile: ProfileDelta, traits: Record<string, unknown> | null, at: Date): void {
  if (!traits) return
  profile.traits = { ...profile.traits, ...traits }
  profile.traitsAt = at
}
