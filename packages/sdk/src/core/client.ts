import { EVENTS } from '../lib/schema'
import type { DeliveredContent, Goyo, GoyoError, GoyoEvents, GoyoOptions, Properties, TrackingContent } from '../types'
import type { Queue } from '../transport/queue'
import type { ContentQuery } from '../transport/content'
import { doc, win } from '../lib/globals'
import { createKv, type Kv } from '../lib/kv'
import { messageId } from '../lib/id'
import { resolveConfig, type Config } from './config'
import { createEmitter } from './emitter'
import { createLogger, type Logger } from './logger'
import { createIdentity } from './identity'
import { createContext } from './context'
import { createConsentGate } from './consent'
import { createPlugins } from './plugins'
import { createFeatureMatcher, watchClicks, type FeatureMatcher } from './features'
import { createMilestones, milestoneMessageId } from './milestones'
import { watchRoutes, type RouteWindow } from './pages'
import { createUiLoader, UI_PLUGIN } from './ui-loader'

/**
 * What the client needs from the transport layer; the core never imports IndexedDB itself.
 * `content` fetches `GET /v1/content` (absent: no content, no UI; unit tests leave it out).
 */
export type TransportFactory = (
  config: Config,
  hooks: { _report(error: GoyoError): void; _onDropped(count: number): void; _log: Logger },
) => Queue & { content?(query: ContentQuery): Promise<DeliveredContent | undefined> }

/** Fields of an event that the caller chooses; the client adds ids, time and context. */
type EventFields = { messageId?: string | undefined } & (
  | { type: 'track'; event: string; properties: Properties }
  | { type: 'identify'; traits: Properties }
  | { type: 'group'; groupId: string; traits: Properties }
  | { type: 'page'; properties: Properties }
)

/**
 * Wires the core: identity, context, consent, plugins, automatic tracking and the queue.
 * `options` are checked here (a missing write key throws); every public method is wrapped so
 * that nothing throws into the host page afterwards.
 *
 * @internal Use `createGoyo`, which supplies the default transport. `disk` replaces
 * localStorage/cookies (tests).
 */
export function createClient(options: GoyoOptions, transport: TransportFactory, disk?: Kv): Goyo {
  const config = resolveConfig(options)
  const emitter = createEmitter<GoyoEvents>()
  const log = createLogger(() => config._debug)
  const report = (error: GoyoError): void => {
    log(error.message, error.cause)
    emitter.emit('error', error)
  }
  const invalid = (what: string): void => report({ code: 'invalid', message: `invalid ${what}` })
  // The gate comes first: storage asks it before every write. Its sink reads `queue` only later.
  const gate = createConsentGate(config._consent, (event) => queue.push(event))
  const store = createKv(() => gate.state === 'granted', disk)
  const identity = createIdentity(store)
  const context = createContext(config._locale)
  const plugins = createPlugins(report, log)
  const milestones = createMilestones(store)
  const queue = transport(config, { _report: report, _onDropped: (count) => track(EVENTS.eventsDropped, { count }), _log: log })
  let matcher: FeatureMatcher
  let milestoneEvents: Map<string, string[]>
  // The path of the last page view, until a feature's URL pattern matched it: the first page
  // view happens before the content (with the patterns) arrives.
  let viewedPath = ''
  const teardowns: Array<() => void> = []

  const enqueue = (fields: EventFields): void => {
    if (gate.state === 'denied') return
    const event = plugins._run({
      timestamp: new Date().toISOString(),
      anonymousId: identity.anonymousId,
      ...(identity.userId === null ? {} : { userId: identity.userId }),
      context: context._build(identity.groupId),
      ...fields,
      messageId: fields.messageId ?? messageId(),
    })
    if (!event) return
    gate._admit(event)
    emitter.emit('event', event)
  }

  const reach = (name: string): void => {
    const user = identity.userId ?? identity.anonymousId
    if (gate.state === 'denied' || !milestones._reach(user, name)) return
    enqueue({ type: 'track', event: EVENTS.milestoneReached, properties: { milestone: name }, messageId: milestoneMessageId(user, name) })
  }

  function track(event: string, properties?: Properties): void {
    if (typeof event !== 'string' || !event) return invalid('event name')
    enqueue({ type: 'track', event, properties: properties ?? {} })
    for (const name of milestoneEvents.get(event) ?? []) reach(name)
  }

  const countUrls = (): void => {
    for (const feature of matcher._path(viewedPath)) {
      track(EVENTS.featureUsed, { feature })
      viewedPath = ''
    }
  }

  // Definitions from the content join those of the options (a content file without features
  // must not switch off the features configured in code).
  const setContent = (content: TrackingContent): void => {
    matcher = createFeatureMatcher({ ...options.features, ...content?.features }, doc, (feature, selector) =>
      invalid(`selector ${selector} (feature ${feature})`),
    )
    milestoneEvents = new Map()
    for (const [name, definition] of Object.entries({ ...options.milestones, ...content?.milestones })) {
      if (definition?.event) milestoneEvents.set(definition.event, [...(milestoneEvents.get(definition.event) ?? []), name])
    }
    countUrls()
  }

  /**
   * Asks the collector what this user may see (on load, and after identify/group/reset/consent).
   * Calls in one task coalesce into one request: the snippet's queued identify and group are
   * replayed right after start, and should not cost three requests. When there is something to
   * show (or the UI already shows something), the UI chunk is loaded and handed the content
   * through the `content` event.
   */
  let refreshing = false
  const refresh = (): void => {
    if (refreshing) return
    refreshing = true
    queueMicrotask(() => {
      refreshing = false
      // After a flush, so that the collector has the group traits (the tier) this page just sent.
      if (gate.state === 'granted') void queue.flush().then(() => queue.content?.(identity)).then(show)
    })
  }
  const show = (content: DeliveredContent | undefined): void => {
    if (!content) return
    setContent(content)
    // Anything in any list of the answer (prompts, surveys, tours, and lists added later) is
    // something to show, except a completed checklist. A dismissed checklist still needs its
    // launcher (to bring it back). Generic on purpose: one check for every kind costs fewer bytes
    // than naming each. A malformed item counts too: the UI chunk validates and skips it.
    if (plugins.has(UI_PLUGIN) || Object.values(content).some((list) => Array.isArray(list) && list.some((item: { completed?: boolean } | null) => !item?.completed))) {
      void client.loadUi().then((ok) => ok && emitter.emit('content', content))
    }
  }

  const id = (value: string | number): string | undefined => (value === 0 || value ? String(value) : undefined)

  const methods: Omit<Goyo, 'user'> = {
    identify(userId, traits) {
      const user = id(userId)
      if (!user) return invalid('user id')
      identity._setUser(user)
      enqueue({ type: 'identify', traits: traits ?? {} })
      refresh()
    },
    group(accountId, traits) {
      const groupId = id(accountId)
      if (!groupId) return invalid('account id')
      identity._setGroup(groupId)
      enqueue({ type: 'group', groupId, traits: traits ?? {} })
      refresh()
    },
    track,
    page(properties) {
      const page = { ...context.page(), ...properties }
      enqueue({ type: 'page', properties: page })
      viewedPath = page.path as string
      countUrls()
    },
    milestone(name) {
      if (typeof name !== 'string' || !name) return invalid('milestone name')
      reach(name)
    },
    consent(granted) {
      gate.set(!!granted)
      if (granted) return store._sync(), refresh()
      // Withdrawn: nothing may stay on disk, not the queue (every tab's), not the ids.
      store._wipe()
      return queue.clear()
    },
    reset() {
      identity.reset()
      refresh()
    },
    on: (name, fn) => emitter.on(name, fn),
    setContent,
    use: (plugin) => plugins.use(plugin, client),
    loadUi: createUiLoader(config._uiUrl, (plugin) => client.use(plugin), () => plugins.has(UI_PLUGIN), log),
    flush: () => queue.flush(),
    destroy() {
      for (const fn of teardowns.splice(0)) fn()
      plugins._teardown()
      queue.destroy()
      emitter.clear()
    },
  }

  const client = {
    get user() {
      return { anonymousId: identity.anonymousId, userId: identity.userId, groupId: identity.groupId }
    },
  } as Goyo
  // Every public method: a throw or a rejection becomes an `error` event, never the page's problem.
  for (const [name, fn] of Object.entries(methods) as Array<[string, (...args: unknown[]) => unknown]>) {
    ;(client as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      const fail = (cause: unknown): undefined => void report({ code: 'internal', message: `${name}() failed`, cause })
      try {
        const result = fn(...args)
        return result instanceof Promise ? result.catch(fail) : result
      } catch (cause) {
        return fail(cause)
      }
    }
  }

  setContent(options)
  for (const plugin of options.plugins ?? []) client.use(plugin)
  if (doc) teardowns.push(watchClicks(doc, () => matcher, (feature) => client.track(EVENTS.featureUsed, { feature })))
  if (config._pageViews && win) {
    client.page()
    teardowns.push(
      watchRoutes(win as unknown as RouteWindow, (previousUrl) => {
        context._navigated(previousUrl)
        client.page()
      }),
    )
  }
  refresh()
  return client
}
