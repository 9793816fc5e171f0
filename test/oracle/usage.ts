/**
 * The oracle of the usage reports (overview, events, adoption, stickiness): each computed from
 * every stored event, by the definition in the README ("Report definitions"), as plainly as it
 * can be written. Slow on purpose: it is the definition, not an implementation.
 */
import type { StoredEvent } from '../../packages/collector/src/store/store'
import {
  addDays, count, dayIn, daysFrom, inDays, inTier, isUsage, isUser, person, props, ratio, round, tierMembers, time, type Params, type World,
} from './world'

/**
 * Whether two uses of one feature by one person are one action (a tagged click that also tracks
 * the feature's event): within 5 seconds of each other, as the README's "One action, one use"
 * states. Written out here rather than imported, so that the oracle stays independent of the
 * write path it checks.
 */
export const ONE_ACTION_WINDOW_MS = 5_000

export function oracleOverview(world: World, period: { from?: string; to?: string }) {
  const events = world.events.filter((e) => (!period.from || dayIn(world, e) >= period.from) && (!period.to || dayIn(world, e) <= period.to))
  const times = events.map(time)
  return {
    events: events.length,
    users: count(events.map((e) => person(world, e))),
    accounts: count(events.flatMap((e) => (e.accountId === null ? [] : [e.accountId]))),
    firstEventAt: times.length ? new Date(Math.min(...times)).toISOString() : null,
    lastEventAt: times.length ? new Date(Math.max(...times)).toISOString() : null,
  }
}

export function oracleEvents(world: World, period: { from?: string; to?: string }) {
  const events = world.events.filter((e) => (!period.from || dayIn(world, e) >= period.from) && (!period.to || dayIn(world, e) <= period.to))
  const names = [...new Set(events.map((e) => e.event ?? e.type))]
  return names.map((name) => {
    const of = events.filter((e) => (e.event ?? e.type) === name)
    return { event: name, count: of.length, users: count(of.map((e) => person(world, e))), accounts: count(of.flatMap((e) => (e.accountId === null ? [] : [e.accountId]))) }
  }).sort((a, b) => (a.event < b.event ? -1 : 1))
}

interface Use {
  feature: string
  event: StoredEvent
}

/** Feature uses: `Feature Used {feature}` and the track events a content feature lists, one action one use. */
export function featureUses(world: World): Use[] {
  const uses: Use[] = []
  for (const e of world.events) {
    if (e.type !== 'track' || e.event === null) continue
    const feature = props(e).feature
    if (e.event === 'Feature Used' && typeof feature === 'string') uses.push({ feature, event: e })
    for (const [name, def] of Object.entries(world.content.features)) if (def.events?.includes(e.event)) uses.push({ feature: name, event: e })
  }
  // A listed event within the window of the same person's Feature Used for the same feature is
  // the same action: drop the listed event's use.
  return uses.filter((use) => use.event.event === 'Feature Used' || !uses.some((other) =>
    other.event.event === 'Feature Used' && other.feature === use.feature && person(world, other.event) === person(world, use.event) &&
    Math.abs(time(other.event) - time(use.event)) <= ONE_ACTION_WINDOW_MS))
}

/** Identified users and accounts active (any usage event) in [from, to], kept to the tier. */
function active(world: World, from: string, to: string, tier: string | undefined) {
  const members = tierMembers(world, tier)
  const events = world.events.filter((e) => isUsage(e) && inDays(world, e, from, to))
  return {
    users: new Set(events.map((e) => person(world, e)).filter((p) => isUser(p) && (!members || members.has(p)))),
    accounts: new Set(events.flatMap((e) => (e.accountId !== null && inTier(world, tier, e.accountId) ? [e.accountId] : []))),
  }
}

export function oracleAdoption(world: World, params: Params & { feature?: string }) {
  const days = daysFrom(params.from, params.to).length
  const previousFrom = addDays(params.from, -days)
  const previousTo = addDays(params.from, -1)
  const members = tierMembers(world, params.tier)
  const uses = featureUses(world)
  const now = active(world, params.from, params.to, params.tier)
  const before = active(world, previousFrom, previousTo, params.tier)

  const period = (feature: string, from: string, to: string, base: { users: Set<string>; accounts: Set<string> }) => {
    const of = uses.filter((u) => u.feature === feature && inDays(world, u.event, from, to))
    // With a tier, uses count inside its accounts; users are its members, wherever they used it.
    const counted = params.tier ? of.filter((u) => inTier(world, params.tier, u.event.accountId)) : of
    const users = count(of.map((u) => person(world, u.event)).filter((p) => isUser(p) && (!members || members.has(p))))
    const accounts = count(counted.flatMap((u) => (u.event.accountId === null ? [] : [u.event.accountId])))
    const accountUses = counted.filter((u) => u.event.accountId !== null).length
    return {
      users, accounts, uses: counted.length,
      userRate: ratio(users, base.users.size), accountRate: ratio(accounts, base.accounts.size),
      depth: accounts === 0 ? null : round(accountUses / accounts, 2),
    }
  }
  const change = (a: number, b: number, c: number, d: number) => (b === 0 || d === 0 ? null : round(a / b - c / d))
  const seen = uses.filter((u) => inDays(world, u.event, previousFrom, params.to) && (!params.tier || inTier(world, params.tier, u.event.accountId)))
  const names = [...new Set([...Object.keys(world.content.features), ...seen.map((u) => u.feature)])]
    .filter((name) => !params.feature || name === params.feature).sort()
  const features = names.map((feature) => {
    const current = period(feature, params.from, params.to, now)
    const previous = period(feature, previousFrom, previousTo, before)
    return {
      feature, ...current, previous,
      change: {
        userRate: change(current.users, now.users.size, previous.users, before.users.size),
        accountRate: change(current.accounts, now.accounts.size, previous.accounts, before.accounts.size),
        users: current.users - previous.users, accounts: current.accounts - previous.accounts,
      },
    }
  })
  const breadth = world.content.health?.measures.find((m) => m.id === 'breadth')?.keyFeatures
  const keys = breadth?.length ? breadth : Object.keys(world.content.features)
  const accounts = [...now.accounts].sort().map((accountId) => ({
    accountId,
    used: keys.filter((key) => uses.some((u) => u.feature === key && u.event.accountId === accountId && inDays(world, u.event, params.from, params.to))).length,
  }))
  const used = accounts.reduce((sum, a) => sum + a.used, 0)
  return {
    active: { users: now.users.size, accounts: now.accounts.size },
    previousActive: { users: before.users.size, accounts: before.accounts.size },
    features,
    breadth: { meanShare: keys.length === 0 || accounts.length === 0 ? null : round(used / (keys.length * accounts.length)), accounts },
  }
}

export function oracleStickiness(world: World, params: Params) {
  const series = (unit: 'users' | 'accounts') => daysFrom(params.from, params.to).map((day) => {
    const n = (back: number) => active(world, addDays(day, -back), day, params.tier)[unit].size
    const dau = n(0), wau = n(6), mau = n(29)
    return { day, dau, wau, mau, dauMau: ratio(dau, mau), wauMau: ratio(wau, mau) }
  })
  const summary = (unit: 'users' | 'accounts') => {
    const days = series(unit)
    const counted = days.filter((d) => d.mau > 0)
    const mean = (pick: (d: (typeof days)[number]) => number) => (counted.length === 0 ? null : round(counted.reduce((s, d) => s + pick(d) / d.mau, 0) / counted.length))
    return { dauMau: mean((d) => d.dau), wauMau: mean((d) => d.wau), series: days }
  }
  return { users: summary('users'), accounts: summary('accounts') }
}
