import { EVENTS } from '../lib/schema'
import type { Goyo, GoyoError, GoyoEvents, GoyoOptions, Properties, TrackingContent, WireEvent } from '../types'
import type { Queue } from '../transport/queue'
import { doc, win } from '../lib/globals'
import { createKv, type Kv } from '../lib/kv'
import { messageId } from '../lib/id'
import { resolveConfig, type Config } from './config'
import { createEmitter } from './emitter'
import { createLogger } from './logger'
import { createIdentity } from './identity'
import { createContext } from './context'
import { createConsentGate } from './consent'
import { createPlugins } from './plugins'
import { createFeatureMatcher, watchClicks, type FeatureMatcher } from './features'
import { createMilestones, milestoneMessageId } from './milestones'
import { watchRoutes, type RouteWindow } from './pages'
import { createUiLoader, UI_PLUGIN } from './ui-loader'

/** What the client needs from the transport layer; the core never imports IndexedDB itself. */
export type TransportFactory = (config: Config, hooks: { report(error: GoyoError): void; onDropped(count: number): void }) => Queue

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
  const log = createLogger(() => config.debug)
  const report = (error: GoyoError): void => {
    log(error.message, error.cause)
    emitter.emit('error', error)
  }
  const invalid = (message: string): void => report({ code: 'invalid', message })
  // The gate comes first: storage asks it before every write. Its sink reads `queue` only later.
  const gate = createConsentGate(config.consent, (event) => queue.push(event))
  const store = createKv(() => gate.state === 'granted', disk)
  const identity = createIdentity(store)
  const context = createContext()
  const plugins = createPlugins(report)
  const milestones = createMilestones(store)
  const queue = transport(config, { report, onDropped: (count) => track(EVENTS.eventsDropped, { count }) })
  let matcher: FeatureMatcher
  let milestoneEvents: Map<string, string[]>
  const teardowns: Array<() => void> = []

  const enqueue = (fields: EventFields): void => {
    if (gate.state === 'denied') return
    const event = plugins.run({
      timestamp: new Date().toISOString(),
      anonymousId: identity.anonymousId,
      ...(identity.userId === null ? {} : { userId: identity.userId }),
      context: context.build(identity.groupId),
      ...fields,
      messageId: fields.messageId ?? messageId(),
    })
    if (!event) return
    gate.admit(event)
    emitter.emit('event', event)
  }

  const reach = (name: string): void => {
    const user = identity.userId ?? identity.anonymousId
    if (gate.state === 'denied' || !milestones.reach(user, name)) return
    enqueue({ type: 'track', event: EVENTS.milestoneReached, properties: { milestone: name }, messageId: milestoneMessageId(user, name) })
  }

  function track(event: string, properties?: Properties): void {
    if (typeof event !== 'string' || !event) return invalid('track() needs an event name')
    enqueue({ type: 'track', event, properties: properties ?? {} })
    for (const name of milestoneEvents.get(event) ?? []) reach(name)
  }

  const setContent = (content: TrackingContent): void => {
    matcher = createFeatureMatcher(content?.features ?? {}, doc, (feature, selector) =>
      invalid(`feature ${feature}: bad selector ${selector}`),
    )
    milestoneEvents = new Map()
    for (const [name, definition] of Object.entries(content?.milestones ?? {})) {
      if (definition?.event) milestoneEvents.set(definition.event, [...(milestoneEvents.get(definition.event) ?? []), name])
    }
  }

  const id = (value: string | number): string | undefined => (value === 0 || value ? String(value) : undefined)

  const methods: Omit<Goyo, 'user'> = {
    identify(userId, traits) {
      const user = id(userId)
      if (!user) return invalid('identify() needs a user id')
      identity.setUser(user)
      enqueue({ type: 'identify', traits: traits ?? {} })
    },
    group(accountId, traits) {
      const groupId = id(accountId)
      if (!groupId) return invalid('group() needs an account id')
      identity.setGroup(groupId)
      enqueue({ type: 'group', groupId, traits: traits ?? {} })
    },
    track,
    page(properties) {
      enqueue({ type: 'page', properties: { ...context.page(), ...properties } })
    },
    milestone(name) {
      if (typeof name !== 'string' || !name) return invalid('milestone() needs a name')
      reach(name)
    },
    consent(granted) {
      gate.set(!!granted)
      if (granted) return store.sync()
      // Withdrawn: nothing may stay on disk, not the queue (every tab's), not the ids.
      store.wipe()
      return queue.clear()
    },
    reset: () => identity.reset(),
    on: (name, fn) => emitter.on(name, fn),
    setContent,
    use: (plugin) => plugins.use(plugin, client),
    loadUi: createUiLoader(config.uiSrc, (plugin) => client.use(plugin), () => plugins.has(UI_PLUGIN), log),
    flush: () => queue.flush(),
    destroy() {
      for (const fn of teardowns.splice(0)) fn()
      plugins.teardown()
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
  if (config.pageViews && win) {
    client.page()
    teardowns.push(
      watchRoutes(win as unknown as RouteWindow, (previousUrl) => {
        context.navigated(previousUrl)
        client.page()
      }),
    )
  }
  return client
}
