import { EVENTS, type EventInput } from '@goyo/schema'
import { billingBeforeWindow } from './billing'
import { COMPANY_FIRST, COMPANY_SECOND, COMPANY_SUFFIX, FIRST_NAMES, LAST_NAMES, NPS_COMMENTS, PAGES, PLANS } from './catalog'
import { createRandom, type Random } from './random'

/** What {@link generateHistory} makes. */
export interface DemoOptions {
  accounts: number
  days: number
  seed: number
  /** The history ends here. */
  now: Date
}

/** A first eligibility for a prompt, as content delivery records it (migration 004). */
export interface EligibilityRow {
  promptId: string
  accountId: string
  userKey: string
  holdout: boolean
  at: Date
}

/** A show that a frequency cap held back. */
export interface SuppressionRow {
  promptId: string
  day: string
  reason: 'cooldown' | 'max_shows'
}

export interface DemoHistory {
  /** Segment events, in no particular order; every one has a deterministic messageId. */
  events: EventInput[]
  eligibility: EligibilityRow[]
  suppressions: SuppressionRow[]
  accountIds: string[]
}

// The ids of demo/goyo.content.json that this history acts out.
const CHECKLIST = 'getting-started'
const PAYROLL = { id: 'payroll-cross-sell', minCreates: 10, windowDays: 30, maxShows: 3, cooldownDays: 7, holdout: 0.1, convertDays: 14 }
const SEATS = { id: 'seats-upsell', maxShows: 5, cooldownDays: 3, lastDays: 21 }
const SURVEY = 'nps'
const MILESTONE = 'first-invoice-sent'
/** Payroll is an add-on at $4 per seat and month, $50 a month at least. */
const PAYROLL_PRICE = { perSeatMonthly: 4, minimumYearly: 600 }
/**
 * Most accounts were customers before the window, signed up a week to three years earlier,
 * so every month of a year's revenue report starts with a base that moves. Sign-ups grow steadily:
 * their density rises linearly towards the window, where new accounts arrive at about the rate
 * they had just before it, so MRR grows by a few percent a month (never by half in one month).
 */
const EXISTING = { share: 0.85, minDaysBefore: 7, maxDaysBefore: 1080, firstSeenByDay: 35 }
/**
 * Payroll follows invoicing (accounts that invoice a lot pay staff): an account with `volume` v
 * invoices v times as much as a typical one (log-normal around 1), owns Payroll at signup with odds
 * growing with v², adds it by itself on an active day with odds growing with v³, and takes the
 * offer after clicking it with odds growing with v².
 */
const VOLUME_SPREAD = 0.6
const PAYROLL_AT_SIGNUP = { tech: 0.03, low: 0.1, high: 0.1, max: 0.8 }
const PAYROLL_ADOPTION = { perDay: 0.0015, maxPerDay: 0.02, afterClick: 0.25, maxAfterClick: 0.9 }
/** Quiet decliners that cancel, by segment: enterprise contracts rarely end with a few quiet days. */
const QUIET_CANCEL = { high: 0.15, low: 0.4, tech: 0.65 } as const
/** Stalled new accounts: some cancel 30 to 45 days after signup, and a quarter of those come back. */
const STALLED_CANCEL = { share: 0.3, fromDays: 30, toDays: 45, reactivate: 0.25 }
/** A few steady existing customers leave at any time in the window, a few quiet days after their last use. */
const LEAVERS = { share: 0.25, quietDays: [3, 8] as const }

const HOUR = 3_600_000
const DAY = 24 * HOUR

type Segment = 'high' | 'low' | 'tech'
type Fate = 'healthy' | 'steady' | 'declining' | 'stalled'

interface User {
  id: string
  role: 'owner' | 'admin' | 'accountant' | 'member'
  /** When the user joined the account (its `createdAt` trait). */
  joinAt: Date
  /** The user's first session that the history shows: the join, or for an existing customer's user some day in the window. */
  startAt: number
  propensity: number
  /** When this user stops coming back (seats go dormant), or Infinity. */
  lapseAt: number
  sessions: number
  identified: boolean
  sent: boolean
  items: Set<string>
  surveyed: boolean
}

/**
 * Makes a believable Ledgerly history: accounts signing up over the period across three ARR tiers,
 * their users' weekday rhythm, varied time to value (some never), checklist progress, the Payroll
 * cross-sell with its holdout, NPS answers, plan changes, and accounts declining into silence.
 *
 * Revenue: about half the accounts were customers a week to 18 months before the window (a `group`
 * call at signup with their MRR, ARR, plan and products, then billing's monthly moves: expansion,
 * contraction, or a cancellation that makes a former customer, silent since; demo/billing.ts), with
 * their first invoice sent; their usage starts on some day inside the window. So every month has
 * new customers, expansion, contraction and churn. Payroll follows invoicing volume (see
 * PAYROLL_ADOPTION), so a cross-sell model can learn it. Payroll is priced when an
 * account takes it (the `group` call that adds the product raises ARR); seats added raise ARR pro
 * rata. Some quiet decliners send `Subscription Cancelled` a few days after going quiet, some
 * stalled new accounts cancel 30 to 45 days after signup, and a quarter of those come back with
 * `Subscription Started`. A cancelled account sends nothing until it comes back.
 * Pure and deterministic: the same options give the same events.
 */
export function generateHistory(options: DemoOptions): DemoHistory {
  const history: DemoHistory = { events: [], eligibility: [], suppressions: [], accountIds: [] }
  const today = Date.UTC(options.now.getUTCFullYear(), options.now.getUTCMonth(), options.now.getUTCDate())
  const windowStart = today - (options.days - 1) * DAY
  const root = createRandom(options.seed)
  for (let index = 0; index < options.accounts; index++) {
    accountHistory(index, root.fork(`account-${index}`), { ...options, windowStart, history })
  }
  return history
}

interface Context extends DemoOptions {
  windowStart: number
  history: DemoHistory
}

function accountHistory(index: number, r: Random, ctx: Context): void {
  const { history, days, windowStart } = ctx
  const now = ctx.now.getTime()
  const accountId = `acc_${String(index + 1).padStart(4, '0')}`
  history.accountIds.push(accountId)
  let counter = 0
  const messageId = () => `demo-${ctx.seed}-${accountId}-${counter++}`
  const emit = (event: EventInput & { timestamp: string }) => {
    if (Date.parse(event.timestamp) <= now) history.events.push(event)
  }

  // The account's commercial life (existing customer, cancellation, comeback) draws from a stream
  // of its own, so that it does not shift the usage draws below.
  const life = r.fork('life')
  const existing = life.chance(EXISTING.share)
  const segmentRoll = r.next()
  // The first three accounts cover the three tiers, so that even a tiny demo shows each.
  const segment: Segment = (['high', 'low', 'tech'] as const)[index] ?? (segmentRoll < 0.12 ? 'high' : segmentRoll < 0.45 ? 'low' : 'tech')
  // New accounts sign up evenly over the window. An existing customer signed up months before it
  // (more of them recently: density rising linearly towards the window), and the history sees its
  // users from some day of the window's first five weeks on (so that a month of usage before the
  // cross-sell backtest's date is known for every one of them).
  const newSignupDay = Math.min(days - 1, Math.floor(days * r.next()))
  const signupHour = r.between(7, 19)
  const span = EXISTING.maxDaysBefore - EXISTING.minDaysBefore
  const daysBefore = EXISTING.minDaysBefore + Math.floor(span * (1 - Math.sqrt(life.next())))
  const signupAt = existing
    ? new Date(windowStart - daysBefore * DAY + signupHour * HOUR)
    : new Date(windowStart + newSignupDay * DAY + signupHour * HOUR)
  const firstDay = existing ? life.int(0, Math.min(EXISTING.firstSeenByDay, days - 2)) : newSignupDay
  const activeFrom = existing ? windowStart + firstDay * DAY + life.between(7, 19) * HOUR : signupAt.getTime()
  const age = (now - signupAt.getTime()) / DAY
  /** Days of usage the history shows. */
  const activeAge = (now - activeFrom) / DAY
  const fateRoll = r.next()
  // Stalling is a failed onboarding: a customer of months has got past it.
  const fate: Fate = age > 20 && fateRoll < 0.22 ? 'declining' : fateRoll > 0.9 ? (existing ? 'steady' : 'stalled') : fateRoll > 0.6 ? 'steady' : 'healthy'
  const declineAt = fate === 'declining' ? now - r.between(8, Math.min(26, age - 10)) * DAY : Infinity
  const goesQuiet = fate === 'declining' && r.chance(0.5)
  // Usage stops at the first day start at or after both the decline and ten days before now.
  let quietAt = goesQuiet ? Math.ceil((Math.max(declineAt, now - 10 * DAY) - windowStart) / DAY) * DAY + windowStart : Infinity

  // Cancellation and comeback, decided up front: a cancelled account sends nothing until it returns.
  let cancelAt = Infinity
  let reactivateAt = Infinity
  if (goesQuiet && life.chance(QUIET_CANCEL[segment])) cancelAt = quietAt + life.between(2, 6) * DAY
  else if (fate === 'stalled' && life.chance(STALLED_CANCEL.share)) {
    cancelAt = signupAt.getTime() + life.between(STALLED_CANCEL.fromDays, STALLED_CANCEL.toDays) * DAY
    if (life.chance(STALLED_CANCEL.reactivate)) reactivateAt = cancelAt + life.between(10, 30) * DAY
  }
  const settle = () => {
    if (cancelAt > now) cancelAt = reactivateAt = Infinity
    if (reactivateAt > now) reactivateAt = Infinity
  }
  settle()
  /** Whether the account is a paying customer at `t` (not between a cancellation and its comeback). */
  const paying = (t: number) => t < cancelAt || t >= reactivateAt
  /** Whether any instant of the day starting at `dayStart` falls where the account is not paying. */
  const lapsedDay = (dayStart: number) => dayStart + DAY > cancelAt && dayStart < reactivateAt

  let arr =
    segment === 'high' ? Math.round(r.between(55, 240)) * 1000 : segment === 'low' ? Math.round(r.between(60, 450)) * 100 : Math.round(r.between(6, 45)) * 100
  let seats = segment === 'high' ? r.int(15, 40) : segment === 'low' ? r.int(5, 15) : r.int(2, 5)
  let plan: string = PLANS[segment]
  const volume = r.fork('volume').logNormal(1, VOLUME_SPREAD)
  const products = ['invoicing']
  if (r.chance(Math.min(PAYROLL_AT_SIGNUP.max, PAYROLL_AT_SIGNUP[segment] * volume ** 2))) products.push('payroll')
  if (r.chance(0.15)) products.push('expenses')
  const name = `${r.pick(COMPANY_FIRST)} ${r.pick(COMPANY_SECOND)}${r.pick(COMPANY_SUFFIX)}`
  const domain = `${name.toLowerCase().replace(/[^a-z]+/g, '')}.example`
  const accountTraits = () => ({ name, arr, mrr: Math.round(arr / 12), plan, seats, createdAt: signupAt.toISOString(), products: [...products] })

  // An existing customer's billing before the window: its ARR moved, or it left (a former customer,
  // silent ever since). The signup `group` call states the ARR it started with.
  const billing = existing ? billingBeforeWindow(life.fork('billing'), segment, signupAt.getTime(), windowStart, arr) : { changes: [], churnAt: null }
  const billingOwner = `${accountId}_u1`
  const billingGroup = (at: number) => emit({ type: 'group', groupId: accountId, traits: accountTraits(), userId: billingOwner, messageId: messageId(), timestamp: new Date(at).toISOString() })
  if (existing) {
    billingGroup(signupAt.getTime())
    for (const change of billing.changes) {
      arr = change.arr
      billingGroup(change.at)
    }
    if (billing.churnAt !== null) {
      emit({ type: 'track', event: 'Subscription Cancelled', properties: { reason: 'moved to another tool', plan }, userId: billingOwner, messageId: messageId(), timestamp: new Date(billing.churnAt).toISOString(), context: { groupId: accountId } })
      return
    }
  }

  // Some accounts change plan once while the history watches: most upgrade (a few grow into
  // another tier), some shrink.
  // (Not an account that cancels: its comeback restates the plan it left.)
  let planChange = activeAge > 20 && r.chance(0.2) && cancelAt === Infinity ? { at: activeFrom + r.between(10, activeAge - 2) * DAY, factor: r.chance(0.75) ? r.between(1.4, 3.2) : r.between(0.4, 0.7) } : null

  // Time to value: the first invoice sent after hours or days; some accounts never get there.
  // An existing customer got there before the window.
  const neverValue = !existing && (fate === 'stalled' || r.chance(0.08))
  const ttvMedianHours = segment === 'tech' ? 18 : segment === 'low' ? 36 : 90
  const valueAt = neverValue
    ? Infinity
    : Math.min(existing ? windowStart - 2 * DAY : Infinity, signupAt.getTime() + Math.max(0.2, r.logNormal(ttvMedianHours, 1.2)) * HOUR)

  const userCount = Math.min(segment === 'high' ? r.int(8, 25) : segment === 'low' ? r.int(4, 12) : r.int(2, 5), r.chance(0.3) ? seats : 99)
  const users: User[] = []
  for (let j = 0; j < userCount; j++) {
    // An existing customer's team joined long ago, but for a few new hires inside the window.
    const hired = existing && j > 0 && life.chance(0.15)
    const joinAt =
      j === 0 ? signupAt
      : hired ? new Date(activeFrom + life.between(1, Math.max(1, days - firstDay)) * DAY)
      : new Date(signupAt.getTime() + r.logNormal(3, 1.1) * DAY)
    const startAt = existing && !hired ? Math.max(joinAt.getTime(), j === 0 ? activeFrom : activeFrom + life.logNormal(2, 1) * DAY) : joinAt.getTime()
    if (startAt > now) continue
    users.push({
      id: `${accountId}_u${j + 1}`,
      role: j === 0 ? 'owner' : j === 1 ? 'admin' : r.chance(0.3) ? 'accountant' : 'member',
      joinAt,
      startAt,
      propensity: j === 0 ? r.between(0.5, 0.85) : r.between(0.12, 0.6),
      lapseAt: j > 0 && r.chance(fate === 'healthy' ? 0.2 : 0.45) ? startAt + r.logNormal(12, 0.8) * DAY : Infinity,
      sessions: 0,
      identified: false,
      sent: false,
      items: new Set(),
      surveyed: false,
    })
  }
  // Not every account uses everything: adoption differs per feature.
  const usesReports = r.chance(fate === 'healthy' ? 0.75 : 0.45)
  const usesReminders = r.chance(fate === 'healthy' ? 0.6 : 0.25)
  const fateFactor = fate === 'healthy' ? 1 : fate === 'steady' ? 0.65 : fate === 'stalled' ? 0.35 : 0.9

  const track = (user: User, at: number, event: string, properties: Record<string, unknown> = {}) =>
    emit({ type: 'track', event, properties, userId: user.id, messageId: messageId(), timestamp: new Date(at).toISOString(), context: { groupId: accountId } })
  const page = (user: User, at: number, path: string) =>
    emit({ type: 'page', name: path, properties: { path }, userId: user.id, messageId: messageId(), timestamp: new Date(at).toISOString(), context: { groupId: accountId } })
  // Never while cancelled: every `group` call states MRR, and would bring the account back.
  const group = (user: User, at: number) => {
    if (paying(at)) emit({ type: 'group', groupId: accountId, traits: accountTraits(), userId: user.id, messageId: messageId(), timestamp: new Date(at).toISOString() })
  }

  const checklistFor = segment !== 'high'
  const completeItem = (user: User, at: number, item: string) => {
    if (!checklistFor || user.items.has(item)) return
    user.items.add(item)
    track(user, at + 500, EVENTS.checklistItemCompleted, { checklist: CHECKLIST, item })
    if (user.items.size === 5) track(user, at + 1000, EVENTS.checklistCompleted, { checklist: CHECKLIST })
  }

  // Churn all through the window, not only from today's decliners: a few steady customers leave.
  // (Drawn after the users, so that it moves no other account's draws.)
  if (existing && fate === 'steady' && cancelAt === Infinity && activeAge > 20 && life.chance(LEAVERS.share)) {
    cancelAt = activeFrom + life.between(12, activeAge - 2) * DAY
    quietAt = cancelAt - life.between(...LEAVERS.quietDays) * DAY
    planChange = null
    settle()
  }

  let accountSent = false
  const owner = users[0]
  if (existing && owner) {
    // The customer's first invoice, sent before the window (so health and TTV see value reached
    // long ago); billing's `group` calls came above.
    track(owner, valueAt, 'Invoice Sent', { amount: r.int(80, 9000), currency: 'EUR' })
    track(owner, valueAt + 200, EVENTS.milestoneReached, { milestone: MILESTONE })
    owner.sent = accountSent = true
  }
  const createsPerDay = new Array<number>(days).fill(0)
  const payroll = { eligibleAt: 0, holdout: false, shows: 0, lastShow: 0, converted: false, eligibleUsers: new Set<string>() }
  const promptRandom = r.fork('payroll')
  const holdout = promptRandom.chance(PAYROLL.holdout)
  // Accounts whose users fill their seats: the seats-full playbook enables the upsell banner.
  const seatsFull = users.length >= 0.9 * seats && fate !== 'declining' && fate !== 'stalled'
  const seatsPrompt = { shows: 0, lastShow: 0, done: false, eligible: new Set<string>() }

  for (let day = firstDay; day < days; day++) {
    const dayStart = windowStart + day * DAY
    const weekday = new Date(dayStart).getUTCDay()
    const weekend = weekday === 0 || weekday === 6
    if (planChange && planChange.at >= dayStart && planChange.at < dayStart + DAY) {
      arr = Math.round((arr * planChange.factor) / 100) * 100
      seats = Math.max(2, Math.round(seats * Math.sqrt(planChange.factor)))
      plan = arr >= 50_000 ? PLANS.high : arr >= 5_000 ? PLANS.low : PLANS.tech
      group(users[0]!, planChange.at)
    }
    const rolling = createsPerDay.slice(Math.max(0, day - PAYROLL.windowDays), day).reduce((a, b) => a + b, 0)
    const payrollAudience = segment !== 'high' && !products.includes('payroll') && rolling >= PAYROLL.minCreates

    // Quiet means nobody comes back, not even a colleague's first login.
    if (lapsedDay(dayStart) || dayStart >= quietAt) continue
    let lastSession: { user: User; t: number } | undefined
    for (const user of users) {
      if (user.startAt >= dayStart + DAY) continue
      let p = user.propensity * fateFactor * (weekend ? 0.12 : 1)
      if (dayStart >= declineAt) p *= goesQuiet && dayStart >= now - 10 * DAY ? 0 : 0.2
      if (fate === 'stalled' && day - firstDay > 14) p *= 0.1
      if (dayStart >= user.lapseAt) p *= 0.03
      const first = user.sessions === 0
      if (!first && !r.chance(p)) continue
      if (first && user.startAt < dayStart) continue
      let t = first ? user.startAt : dayStart + r.between(7.5, 18.5) * HOUR
      const step = () => (t += r.int(15, 240) * 1000)
      user.sessions++
      if (first) {
        emit({
          type: 'identify', userId: user.id, messageId: messageId(), timestamp: new Date(t).toISOString(),
          traits: { name: `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`, email: `${user.id}@${domain}`, role: user.role, createdAt: user.joinAt.toISOString() },
        })
        group(user, step())
      }
      page(user, step(), '/dashboard')

      if (first && r.chance(user.role === 'owner' ? 0.9 : user.role === 'admin' ? 0.6 : 0.35)) {
        page(user, step(), '/settings')
        track(user, step(), 'Company Profile Completed')
        completeItem(user, t, 'profile')
      }
      if (r.chance(first ? 0.6 : 0.07)) {
        page(user, step(), '/clients')
        track(user, step(), EVENTS.featureUsed, { feature: 'clients.add' })
        track(user, step(), 'Client Added')
        completeItem(user, t, 'client')
      }
      const invoicer = user.role !== 'accountant'
      const creates = invoicer ? Math.round(r.int(0, user.role === 'owner' ? 3 : 2) * volume) : 0
      for (let n = 0; n < creates; n++) {
        page(user, step(), '/invoices/new')
        track(user, step(), EVENTS.featureUsed, { feature: 'invoices.create' })
        track(user, step(), 'Invoice Created')
        createsPerDay[day]!++
        completeItem(user, t, 'invoice')
        const canSend = t >= valueAt || (!accountSent && user.role === 'owner' && valueAt < dayStart + DAY && t >= valueAt - 6 * HOUR)
        if (canSend && (!accountSent || r.chance(0.8))) {
          if (!accountSent) t = Math.max(t, valueAt)
          track(user, step(), 'Invoice Sent', { amount: r.int(80, 9000), currency: 'EUR' })
          if (!user.sent) track(user, t + 200, EVENTS.milestoneReached, { milestone: MILESTONE })
          accountSent = true
          user.sent = true
          completeItem(user, t, 'send')
        }
      }
      if (usesReports && r.chance(user.role === 'accountant' ? 0.4 : 0.06)) {
        page(user, step(), '/reports')
        track(user, step(), 'Report Exported', { format: r.chance(0.7) ? 'csv' : 'pdf' })
      }
      if (accountSent && usesReminders && r.chance(0.15)) track(user, step(), 'Reminder Scheduled')
      if (user.sessions <= 4 && r.chance(0.22)) {
        page(user, step(), '/settings/branding')
        track(user, step(), EVENTS.featureUsed, { feature: 'settings.branding' })
        track(user, step(), 'Branding Updated')
        completeItem(user, t, 'branding')
      }
      if (products.includes('payroll') && user.role !== 'member' && r.chance(0.25)) track(user, step(), 'Payroll Run')
      if (r.chance(0.3)) page(user, step(), r.pick(PAGES))

      if (payrollAudience && !payroll.converted) payrollSession(user, t)
      lastSession = { user, t }
      if (seatsFull && !seatsPrompt.done && t > now - SEATS.lastDays * DAY && segment !== 'high') seatsSession(user, t)
      if (!user.surveyed && t - user.joinAt.getTime() > 14 * DAY && r.chance(0.08)) survey(user, step())
    }
    // Payroll added without the prompt, on a day someone worked in Ledgerly.
    const adoption = Math.min(PAYROLL_ADOPTION.maxPerDay, PAYROLL_ADOPTION.perDay * volume ** 3)
    if (lastSession && !products.includes('payroll') && paying(lastSession.t) && r.fork(`adopt-${day}`).chance(adoption)) {
      adoptPayroll(lastSession.user, lastSession.t + 30 * 60_000)
    }
  }

  // Billing's word on the account, sent with the owner's id: the cancellation, then the comeback
  // at the MRR of the plan it left.
  if (owner && cancelAt <= now) {
    track(owner, cancelAt, 'Subscription Cancelled', { reason: fate === 'stalled' ? 'never got started' : goesQuiet ? 'not using it' : 'moved to another tool', plan })
    if (reactivateAt <= now) track(owner, reactivateAt, 'Subscription Started', { mrr: Math.round(arr / 12), arr, plan })
  }

  function payrollSession(user: User, t: number) {
    const key = user.id
    if (!payroll.eligibleUsers.has(key)) {
      payroll.eligibleUsers.add(key)
      if (!payroll.eligibleAt) payroll.eligibleAt = t
      history.eligibility.push({ promptId: PAYROLL.id, accountId, userKey: key, holdout, at: new Date(t) })
    }
    if (holdout) {
      // The control group is never shown the prompt; a few start a trial on their own.
      if (promptRandom.chance(0.008) && t - payroll.eligibleAt <= PAYROLL.convertDays * DAY) convert(user, t + 60_000)
      return
    }
    const day = new Date(t).toISOString().slice(0, 10)
    if (payroll.shows >= PAYROLL.maxShows) return void history.suppressions.push({ promptId: PAYROLL.id, day, reason: 'max_shows' })
    if (payroll.lastShow && t - payroll.lastShow < PAYROLL.cooldownDays * DAY) return void history.suppressions.push({ promptId: PAYROLL.id, day, reason: 'cooldown' })
    payroll.shows++
    payroll.lastShow = t
    track(user, t + 2000, EVENTS.promptShown, { prompt: PAYROLL.id, variant: 'modal' })
    if (promptRandom.chance(0.2)) {
      track(user, t + 9000, EVENTS.promptClicked, { prompt: PAYROLL.id, variant: 'modal' })
      if (promptRandom.chance(Math.min(PAYROLL_ADOPTION.maxAfterClick, PAYROLL_ADOPTION.afterClick * volume ** 2))) convert(user, t + promptRandom.between(0.1, 30) * HOUR)
    } else if (promptRandom.chance(0.7)) {
      track(user, t + 6000, EVENTS.promptDismissed, { prompt: PAYROLL.id, variant: 'modal' })
    }
  }

  // The goal event only: ingest derives `Prompt Converted` and the conversion row from it.
  // Payroll is priced as it is added: the `group` call that adds the product raises ARR by the
  // add-on, within the prompt's attribution window.
  function convert(user: User, at: number) {
    if (at + 200 > now || !paying(at + 200)) return
    payroll.converted = true
    track(user, at, 'Payroll Trial Started', { plan: 'payroll-trial' })
    products.push('payroll')
    arr += Math.max(PAYROLL_PRICE.minimumYearly, seats * PAYROLL_PRICE.perSeatMonthly * 12)
    group(user, at + 200)
  }

  // Payroll added without the prompt: priced like a conversion, with no goal event to credit.
  function adoptPayroll(user: User, at: number) {
    if (at > now) return
    products.push('payroll')
    arr += Math.max(PAYROLL_PRICE.minimumYearly, seats * PAYROLL_PRICE.perSeatMonthly * 12)
    group(user, at)
  }

  function seatsSession(user: User, t: number) {
    if (!seatsPrompt.eligible.has(user.id)) {
      seatsPrompt.eligible.add(user.id)
      history.eligibility.push({ promptId: SEATS.id, accountId, userKey: user.id, holdout: false, at: new Date(t) })
    }
    if (seatsPrompt.shows >= SEATS.maxShows || (seatsPrompt.lastShow && t - seatsPrompt.lastShow < SEATS.cooldownDays * DAY)) return
    seatsPrompt.shows++
    seatsPrompt.lastShow = t
    track(user, t + 1500, EVENTS.promptShown, { prompt: SEATS.id, variant: 'banner' })
    if (!promptRandom.chance(0.15)) return
    track(user, t + 8000, EVENTS.promptClicked, { prompt: SEATS.id, variant: 'banner' })
    if (!promptRandom.chance(0.4) || t + 60_000 > now) return
    seatsPrompt.done = true
    const added = promptRandom.int(2, 5)
    track(user, t + 60_000, 'Seats Added', { seats: added })
    // Seats are priced pro rata to the plan.
    arr += Math.round((arr * added) / seats / 100) * 100
    seats += added
    group(user, t + 61_000)
  }

  function survey(user: User, t: number) {
    user.surveyed = true
    track(user, t, EVENTS.surveyShown, { survey: SURVEY })
    if (!r.chance(0.6)) return
    const mood = fate === 'healthy' ? 8.6 : fate === 'steady' ? 7.4 : 5
    const score = Math.max(0, Math.min(10, Math.round(mood + r.between(-2.6, 2.2))))
    const band = score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor'
    const comment = r.pick(NPS_COMMENTS[band])
    track(user, t + r.int(5, 60) * 1000, EVENTS.surveyAnswered, { survey: SURVEY, score, ...(comment ? { comment } : {}) })
  }
}
