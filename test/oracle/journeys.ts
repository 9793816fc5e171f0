/**
 * The oracle of the journey reports (time to value, checklists, prompts, NPS), from every stored
 * event by the README's definitions. See world.ts for what it reads.
 */
import type { StoredEvent } from '../../packages/collector/src/store/store'
import { addDays, dayOf, inTier, person, props, quantile, ratio, round, time, traits, wallOf, type Params, type World } from './world'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const BUCKETS: Array<[string, number]> = [['<1h', 1], ['1-24h', 24], ['1-3d', 72], ['3-7d', 168], ['7-14d', 336], ['14-30d', 720], ['30-90d', 2160], ['>90d', Infinity]]

const MINUTE = 60_000
/** Whether an instant's calendar day in the zone is one of the period's. */
const inPeriod = (t: number, p: Params, timeZone: string) => dayOf(t, timeZone) >= p.from && dayOf(t, timeZone) <= p.to
const min = (values: number[]) => (values.length ? Math.min(...values) : null)

/** A `createdAt` trait as an instant (an ISO string or epoch ms), else null. */
function createdAt(value: unknown): number | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null
  const t = new Date(value).getTime()
  return Number.isFinite(t) ? t : null
}

/** The latest value of a trait over identify (or group) calls, by time. */
function latestTrait(events: StoredEvent[], key: string): unknown {
  const withKey = events.filter((e) => key in traits(e)).sort((a, b) => time(a) - time(b))
  return withKey.length ? traits(withKey.at(-1)!)[key] : undefined
}

interface Unit { start: number; reachedAt: number | null; tier: string | null }

/**
 * The end of "within N days of the start": the first instant whose wall clock in the zone shows
 * the start's date N days on, at the start's time or later. Most often N × 24 h later, when the
 * clocks read the target there and a minute before read less; otherwise found by walking minute
 * by minute from two hours before, which is before it whatever the clocks did meanwhile.
 */
function deadline(start: number, days: number, timeZone: string): number {
  const wall = wallOf(start, timeZone)
  const target = `${addDays(wall.slice(0, 10), days)}${wall.slice(10)}`
  const plain = start + days * DAY
  if (wallOf(plain, timeZone) === target && wallOf(plain - MINUTE, timeZone) < target) return plain
  let t = plain - 2 * HOUR
  while (wallOf(t, timeZone) < target) t += MINUTE
  return t
}

function summary(units: Unit[], now: number, timeZone: string) {
  const hours = units.map((u) => (u.reachedAt === null ? Infinity : Math.max(0, (u.reachedAt - u.start) / HOUR)))
  const reached = units.filter((u) => u.reachedAt !== null).length
  const q = (p: number) => {
    const value = quantile(hours, p)
    return value === null ? null : round(value, 2)
  }
  const why = units.length === 0 ? 'no units' : `not reached: ${reached} of ${units.length} units reached value`
  const reasons: Record<string, string> = {}
  if (q(0.5) === null) reasons.median = why
  if (q(0.75) === null) reasons.p75 = why
  if (q(0.9) === null) reasons.p90 = why
  const buckets = BUCKETS.map(([bucket]) => ({ bucket, units: 0 }))
  buckets.push({ bucket: 'notYet', units: 0 })
  hours.forEach((h) => buckets.find((b) => b.bucket === (h === Infinity ? 'notYet' : BUCKETS.find(([, below]) => h < below)![0]))!.units++)
  return {
    units: units.length, reached, notYet: units.length - reached,
    medianHours: q(0.5), p75Hours: q(0.75), p90Hours: q(0.9), reasons, buckets,
    reachedBy: [1, 7, 14, 30].map((days) => {
      const within = units.filter((u) => u.reachedAt !== null && Math.max(u.reachedAt, u.start) <= deadline(u.start, days, timeZone)).length
      const open = units.filter((u) => u.reachedAt === null && now < deadline(u.start, days, timeZone)).length
      return { days, eligible: units.length, reached: within, share: ratio(within, units.length), open }
    }),
  }
}

/** Monday of the week of the start's day in the zone. */
function week(t: number, timeZone: string): string {
  const day = dayOf(t, timeZone)
  return addDays(day, -((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7))
}

function groups(units: Unit[], now: number, timeZone: string) {
  const by = <K>(key: (u: Unit) => K) => {
    const keys = [...new Set(units.map(key))]
    return keys.map((k) => [k, units.filter((u) => key(u) === k)] as const)
  }
  return {
    ...summary(units, now, timeZone),
    byCohort: by((u) => week(u.start, timeZone)).sort(([a], [b]) => (a < b ? -1 : 1)).map(([w, list]) => ({ week: w, ...summary([...list], now, timeZone) })),
    byTier: by((u) => u.tier).sort(([a], [b]) => (String(a) < String(b) ? -1 : 1)).map(([tier, list]) => ({ tier, ...summary([...list], now, timeZone) })),
  }
}

export function oracleTtv(world: World, params: Params & { milestone?: string }) {
  const reachedNames = world.events.flatMap((e) => (e.event === 'Milestone Reached' && typeof props(e).milestone === 'string' ? [props(e).milestone as string] : []))
  const milestones = [...new Set([...Object.keys(world.content.milestones), ...reachedNames])].filter((m) => !params.milestone || m === params.milestone).sort()
  const reaches = (m: string) => (e: StoredEvent) =>
    e.type === 'track' && ((e.event === 'Milestone Reached' && props(e).milestone === m) || (e.event !== null && e.event === world.content.milestones[m]?.event))

  const userIds = [...new Set(world.events.flatMap((e) => (e.userId === null ? [] : [e.userId])))]
  const accountIds = [...new Set(world.events.flatMap((e) => (e.accountId === null ? [] : [e.accountId])))]
  return milestones.map((milestone) => {
    const users: Unit[] = []
    for (const id of userIds) {
      const own = world.events.filter((e) => person(world, e) === `u:${id}`)
      // The user's account: that of their latest group call.
      const groupCalls = own.filter((e) => e.type === 'group' && e.userId === id).sort((a, b) => time(a) - time(b))
      const account = groupCalls.at(-1)?.accountId ?? null
      if (params.tier && !inTier(world, params.tier, account)) continue
      const start = createdAt(latestTrait(own.filter((e) => e.type === 'identify' && e.userId === id), 'createdAt')) ?? min(own.map(time))!
      if (!inPeriod(start, params, world.timeZone)) continue
      users.push({ start, reachedAt: min(own.filter(reaches(milestone)).map(time)), tier: account === null ? null : world.tierOf.get(account) ?? null })
    }
    const accounts: Unit[] = []
    for (const id of accountIds) {
      if (params.tier && !inTier(world, params.tier, id)) continue
      const own = world.events.filter((e) => e.accountId === id)
      const start = createdAt(latestTrait(own.filter((e) => e.type === 'group'), 'createdAt')) ?? min(own.map(time))!
      if (!inPeriod(start, params, world.timeZone)) continue
      accounts.push({ start, reachedAt: min(own.filter(reaches(milestone)).map(time)), tier: world.tierOf.get(id) ?? null })
    }
    return { milestone, users: groups(users, world.now, world.timeZone), accounts: groups(accounts, world.now, world.timeZone) }
  })
}

export function oracleChecklists(world: World, params: Params) {
  const acts = world.events.filter((e) => e.type === 'track' && ['Checklist Item Completed', 'Checklist Completed', 'Checklist Dismissed'].includes(e.event ?? '')
    && typeof props(e).checklist === 'string' && inTier(world, params.tier, e.accountId))
  const ids = [...new Set(acts.map((e) => props(e).checklist as string))]
  const result = []
  for (const id of [...new Set([...world.content.checklists.map((c) => c.id), ...ids])]) {
    const def = world.content.checklists.find((c) => c.id === id)
    const mine = acts.filter((e) => props(e).checklist === id)
    const people = [...new Set(mine.map((e) => person(world, e)))].filter((p) => inPeriod(min(mine.filter((e) => person(world, e) === p).map(time))!, params, world.timeZone))
    if (people.length === 0 && !def) continue
    const of = (p: string, event: string) => mine.filter((e) => person(world, e) === p && e.event === event)
    const done = (p: string) => new Set(of(p, 'Checklist Item Completed').map((e) => String(props(e).item)))
    const completers = people.filter((p) => of(p, 'Checklist Completed').length > 0)
    const hours = completers.map((p) => {
      const completed = min(of(p, 'Checklist Completed').map(time))!
      return (completed - (min(of(p, 'Checklist Item Completed').map(time)) ?? completed)) / HOUR
    })
    const seen = [...new Set(people.flatMap((p) => [...done(p)]))]
    const order = [...(def?.items.map((i) => i.id) ?? []), ...seen.filter((i) => !def?.items.some((d) => d.id === i)).sort()]
    const median = quantile(hours, 0.5)
    result.push({
      checklist: id, started: people.length, completed: completers.length,
      dismissed: people.filter((p) => of(p, 'Checklist Dismissed').length > 0).length,
      completionRate: ratio(completers.length, people.length),
      medianHoursToComplete: median === null ? null : round(median, 2),
      items: order.map((item, k) => {
        const users = people.filter((p) => order.slice(0, k + 1).every((i) => done(p).has(i))).length
        const before = k === 0 ? people.length : people.filter((p) => order.slice(0, k).every((i) => done(p).has(i))).length
        return { item, users, completedAnyOrder: people.filter((p) => done(p).has(item)).length, rate: ratio(users, people.length), stepRate: ratio(users, before) }
      }),
    })
  }
  return result
}

export function oraclePrompts(world: World, params: Params) {
  const goal = new Map(world.content.prompts.flatMap((p) => (p.convertedWhen ? [[p.id, p.convertedWhen] as const] : [])))
  const rows = world.eligibility.filter((r) => inTier(world, params.tier, r.account))
  const promptEvents = world.events.filter((e) => e.type === 'track' && typeof props(e).prompt === 'string')
  const has = (prompt: string, account: string, events: string[]) =>
    promptEvents.some((e) => e.accountId === account && props(e).prompt === prompt && events.includes(e.event!))
  const inDays = world.events.filter((e) => inPeriod(time(e), params, world.timeZone) && typeof props(e).prompt === 'string' && inTier(world, params.tier, e.accountId))
  const firstEligible = (prompt: string, account: string) => Math.min(...rows.filter((r) => r.prompt === prompt && r.account === account).map((r) => r.at))
  const cohorts = rows.filter((r) => inPeriod(firstEligible(r.prompt, r.account), params, world.timeZone)).map((r) => r.prompt)
  const ids = [...new Set([...world.content.prompts.map((p) => p.id), ...cohorts, ...inDays.filter((e) => ['Prompt Shown', 'Prompt Clicked', 'Prompt Dismissed'].includes(e.event!)).map((e) => props(e).prompt as string)])]
  return ids.flatMap((prompt) => {
    const accounts = [...new Set(rows.filter((r) => r.prompt === prompt).map((r) => r.account))]
      .filter((a) => inPeriod(firstEligible(prompt, a), params, world.timeZone))
    const holdoutOf = (a: string) => rows.some((r) => r.prompt === prompt && r.account === a && r.holdout)
    // Treated: the collector's Prompt Converted. Holdout: the goal within the window after the
    // account's first eligibility (it never sees the prompt, so nothing else can be credited).
    const converted = (a: string) => holdoutOf(a)
      ? world.events.some((e) => {
        const rule = goal.get(prompt)
        if (!rule || e.event !== rule.event || e.accountId !== a) return false
        const eligible = world.eligibility.filter((r) => r.prompt === prompt && r.account === a && r.holdout && r.at <= time(e)).map((r) => r.at)
        return eligible.length > 0 && time(e) - Math.min(...eligible) <= rule.withinDays * DAY
      })
      : world.events.some((e) => e.event === 'Prompt Converted' && props(e).prompt === prompt && e.accountId === a)
    const arm = (holdout: boolean) => {
      const cohort = accounts.filter((a) => holdoutOf(a) === holdout)
      const shown = cohort.filter((a) => has(prompt, a, ['Prompt Shown', 'Prompt Clicked']))
      const keys = (events: string[]) => count(promptEvents.filter((e) => cohort.includes(e.accountId!) && props(e).prompt === prompt && events.includes(e.event!)).map((e) => person(world, e)))
      const conv = cohort.filter(converted)
      return {
        accounts: cohort.length,
        users: cohort.reduce((sum, a) => sum + new Set(rows.filter((r) => r.prompt === prompt && r.account === a).map((r) => r.userKey)).size, 0),
        shownAccounts: shown.length, shownUsers: keys(['Prompt Shown', 'Prompt Clicked']),
        clickedAccounts: cohort.filter((a) => has(prompt, a, ['Prompt Clicked'])).length, clickedUsers: keys(['Prompt Clicked']),
        convertedAccounts: conv.length, conversionRate: ratio(conv.length, cohort.length),
        convertedShown: conv.filter((a) => shown.includes(a)).length,
      }
    }
    const { convertedShown, ...treated } = arm(false)
    const { convertedShown: _, ...holdout } = arm(true)
    const p1 = treated.accounts ? treated.convertedAccounts / treated.accounts : null
    const p2 = holdout.accounts ? holdout.convertedAccounts / holdout.accounts : null
    const n = (event: string) => inDays.filter((e) => e.event === event && props(e).prompt === prompt).length
    return [{
      prompt, treated, holdout,
      impressionRate: ratio(treated.shownAccounts, treated.accounts),
      clickThroughRate: ratio(treated.clickedAccounts, treated.shownAccounts),
      viewerConversionRate: ratio(convertedShown, treated.shownAccounts),
      lift: {
        absolute: p1 === null || p2 === null ? null : round(p1 - p2),
        relative: p1 === null || p2 === null || p2 === 0 ? null : round((p1 - p2) / p2),
      },
      events: { shown: n('Prompt Shown'), clicked: n('Prompt Clicked'), dismissed: n('Prompt Dismissed') },
    }]
  })
}

const count = <T>(items: T[]) => new Set(items).size

export function oracleNps(world: World, params: Params) {
  const score = (e: StoredEvent) => {
    const s = props(e).score
    const n = typeof s === 'number' ? s : typeof s === 'string' && /^[0-9]+(\.[0-9]+)?$/.test(s) ? Number(s) : NaN
    return n >= 0 && n <= 10 ? n : null
  }
  const answers = world.events.filter((e) => e.type === 'track' && e.event === 'Survey Answered' && inPeriod(time(e), params, world.timeZone)
    && score(e) !== null && inTier(world, params.tier, e.accountId))
  const bucketOf = (e: StoredEvent) => {
    const day = dayOf(time(e), world.timeZone)
    if (params.interval === 'day') return day
    if (params.interval === 'month') return `${day.slice(0, 7)}-01`
    return week(time(e), world.timeZone)
  }
  const latest = (list: StoredEvent[]) => {
    const by = new Map<string, StoredEvent>()
    for (const e of list) {
      const p = person(world, e)
      const found = by.get(p)
      if (!found || time(e) > time(found) || (time(e) === time(found) && e.messageId > found.messageId)) by.set(p, e)
    }
    return [...by.values()]
  }
  const counts = (list: StoredEvent[]) => {
    const promoters = list.filter((e) => score(e)! >= 9).length
    const passives = list.filter((e) => score(e)! >= 7 && score(e)! < 9).length
    const detractors = list.filter((e) => score(e)! < 7).length
    const respondents = list.length
    return { respondents, promoters, passives, detractors, nps: respondents === 0 ? null : round((100 * (promoters - detractors)) / respondents, 1) }
  }
  const last = latest(answers)
  const tierKey = (e: StoredEvent) => (e.accountId === null ? 'none' : `tier:${world.tierOf.get(e.accountId) ?? ''}`)
  const byTier = [...new Set(last.map(tierKey))].map((key) => {
    const of = last.filter((e) => tierKey(e) === key)
    const noAccount = key === 'none'
    return { tier: noAccount ? null : world.tierOf.get(of[0]!.accountId!) ?? null, noAccount, ...counts(of) }
  })
  const buckets = [...new Set(answers.map(bucketOf))].sort()
  return {
    ...counts(last),
    byTier: byTier.sort((a, b) => Number(a.noAccount) - Number(b.noAccount) || (a.tier === b.tier ? 0 : a.tier === null ? 1 : b.tier === null ? -1 : a.tier < b.tier ? -1 : 1)),
    overTime: buckets.map((start) => {
      const of = latest(answers.filter((e) => bucketOf(e) === start))
      return { start, ...counts(of), noAccount: counts(of.filter((e) => e.accountId === null)) }
    }),
  }
}

