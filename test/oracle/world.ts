/**
 * The reference oracle's view of a store: every stored event, as it is in the `events` table,
 * plus the few inputs that are not events (prompt eligibility, which content delivery records, and
 * the tier the engine gave each account). Nothing derived: no rollups, no bitmaps, no engine state
 * beyond the tier. Never imported by product code.
 */
import type { Content } from '../../packages/schema/src/index'
import type { Store, StoredEvent } from '../../packages/collector/src/store/store'

const DAY = 86_400_000

/** Report parameters, as the product resolves them. */
export interface Params {
  from: string
  to: string
  tier?: string
  interval: 'day' | 'week' | 'month'
}

export interface Eligibility {
  prompt: string
  account: string
  userKey: string
  holdout: boolean
  at: number
}

export interface World {
  events: StoredEvent[]
  eligibility: Eligibility[]
  /** account_state.tier: the engine's current tier of each account. */
  tierOf: Map<string, string | null>
  content: Content
  now: number
  /** The user an anonymous id was linked to: identify (or any call) with both ids, or alias. */
  linked: Map<string, string>
  /** The workspace time zone: where days, weeks and months begin. */
  timeZone: string
}

export async function loadWorld(store: Store, content: Content, now: number, timeZone: string): Promise<World> {
  const events: StoredEvent[] = []
  for (;;) {
    const page = await store.listEvents({ afterSeq: events.at(-1)?.seq ?? 0, limit: 1000 })
    events.push(...page)
    if (page.length < 1000) break
  }
  const eligibility = (await store.sql.query<{ prompt_id: string; account_id: string; user_key: string; holdout: boolean; first_eligible_at: Date }>(
    'SELECT prompt_id, account_id, user_key, holdout, first_eligible_at FROM prompt_eligibility',
  )).map((r) => ({ prompt: r.prompt_id, account: r.account_id, userKey: r.user_key, holdout: r.holdout, at: new Date(r.first_eligible_at).getTime() }))
  const tiers = await store.sql.query<{ account_id: string; tier: string | null }>('SELECT account_id, tier FROM account_state')
  const linked = new Map<string, string>()
  for (const e of events) {
    if (e.userId !== null && e.anonymousId !== null) linked.set(e.anonymousId, e.userId)
    const previousId = e.payload.previousId
    if (e.type === 'alias' && e.userId !== null && typeof previousId === 'string') linked.set(previousId, e.userId)
  }
  return { events, eligibility, tierOf: new Map(tiers.map((t) => [t.account_id, t.tier])), content, now, linked, timeZone }
}

/** A person: 'u:' + userId (the id itself, or the user the anonymous id is linked to), else 'a:' + anonymousId. */
export function person(world: World, e: StoredEvent): string {
  if (e.userId !== null) return `u:${e.userId}`
  const user = e.anonymousId === null ? undefined : world.linked.get(e.anonymousId)
  return user !== undefined ? `u:${user}` : `a:${e.anonymousId}`
}

export const isUser = (key: string) => key.startsWith('u:')
export const time = (e: StoredEvent) => e.timestamp.getTime()
const formats = new Map<string, Intl.DateTimeFormat>()
/** Swedish writes dates as YYYY-MM-DD and times as HH:MM:SS, so the zone's clocks read as sortable text. */
const clock = (timeZone: string) => {
  let format = formats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('sv-SE', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
    formats.set(timeZone, format)
  }
  return format
}
/**
 * The wall-clock time of an instant in the workspace time zone, `YYYY-MM-DD HH:MM:SS.mmm`, read
 * off the zone's clocks: compares as text. Written out rather than imported, so that the oracle
 * stays independent of the product's calendar module.
 */
export function wallOf(t: number, timeZone: string): string {
  return `${clock(timeZone).format(t)}.${String(((t % 1000) + 1000) % 1000).padStart(3, '0')}`
}
/** The calendar date of an instant in the zone. */
export const dayOf = (t: number, timeZone: string) => wallOf(t, timeZone).slice(0, 10)
/** A calendar date plus some days: calendar arithmetic, the same in every zone. */
export const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10)
/** The day of the event in the world's zone. */
export const dayIn = (world: World, e: StoredEvent) => dayOf(time(e), world.timeZone)
export const props = (e: StoredEvent): Record<string, unknown> => (e.payload.properties as Record<string, unknown> | undefined) ?? {}
export const traits = (e: StoredEvent): Record<string, unknown> => (e.payload.traits as Record<string, unknown> | undefined) ?? {}

/** Whether the event's day (in the world's zone) is in [from, to]. */
export const inDays = (world: World, e: StoredEvent, from: string, to: string) => dayIn(world, e) >= from && dayIn(world, e) <= to

/** Every day from `from` to `to`, both included. */
export function daysFrom(from: string, to: string): string[] {
  const days: string[] = []
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d)
  return days
}

/** An event that counts as activity: a track call or a page (or screen) view. */
export const isUsage = (e: StoredEvent) => (e.type === 'track' && e.event !== null) || e.type === 'page' || e.type === 'screen'

/** Accounts currently in the tier (all accounts without a tier filter). */
export const inTier = (world: World, tier: string | undefined, account: string | null) =>
  tier === undefined ? true : account !== null && world.tierOf.get(account) === tier

/**
 * With a tier, the users who belong to an account in it: a user belongs to every account one of
 * their events (with their userId) was stored in.
 */
export function tierMembers(world: World, tier: string | undefined): Set<string> | null {
  if (tier === undefined) return null
  const members = new Set<string>()
  for (const e of world.events) if (e.userId !== null && e.accountId !== null && world.tierOf.get(e.accountId) === tier) members.add(`u:${e.userId}`)
  return members
}

export const round = (value: number, digits = 4) => Math.round(value * 10 ** digits) / 10 ** digits
export const ratio = (a: number, b: number) => (b === 0 ? null : round(a / b))
export const count = <T>(items: Iterable<T>) => new Set(items).size

/** percentile_cont, written out: +∞ for "not reached"; null when a neighbour is +∞. */
export function quantile(values: number[], p: number): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const h = (sorted.length - 1) * p
  const lo = sorted[Math.floor(h)]!
  const hi = sorted[Math.ceil(h)]!
  if (lo === Infinity || hi === Infinity) return null
  return lo + (h - Math.floor(h)) * (hi - lo)
}
