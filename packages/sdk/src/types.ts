/** A JSON-serialisable map of properties or traits. */
export type Properties = Record<string, unknown>

/**
 * An event as the SDK sends it: Segment-shaped, with the fields the SDK always sets. Written out
 * here rather than imported from `@goyo/schema` (whose types are inferred from zod) so that the
 * published `.d.ts` needs no zod; `types.test.ts` checks it still satisfies the schema.
 */
export type WireEvent = {
  messageId: string
  /** Client time, ISO 8601; the collector corrects skew with the batch's `sentAt`. */
  timestamp: string
  anonymousId: string
  userId?: string
  context: EventContext
} & (
  | { type: 'track'; event: string; properties: Properties }
  | { type: 'identify'; traits: Properties }
  | { type: 'group'; groupId: string; traits: Properties }
  | { type: 'page'; name?: string; properties: Properties }
)

/** The context the SDK attaches to every event. Never holds input values or typed text. */
export interface EventContext {
  page: PageContext
  locale?: string
  timezone?: string
  library: { name: 'goyo'; version: string }
  userAgent?: string
  /** The account set by the last `group()` call. */
  groupId?: string
  [key: string]: unknown
}

/** Where the event happened. */
export interface PageContext {
  url: string
  path: string
  referrer: string
  title: string
  search: string
}

/** Consent state: `pending` buffers in memory only; `denied` drops everything. */
export type ConsentState = 'granted' | 'pending' | 'denied'

/** A feature as the content file defines it. */
export interface FeatureDefinition {
  /** CSS selectors; a click on a matching element (or inside one) counts as a use. */
  selectors?: string[]
  /** Path patterns (`*` within a segment, `**` across); a page view of a matching path counts as a use. */
  urls?: string[]
  /** Track events that count as uses; the collector's reports count these, so the SDK sends nothing for them. */
  events?: string[]
  [key: string]: unknown
}

/** A milestone as the content file defines it: reached the first time `event` is tracked. */
export interface MilestoneDefinition {
  event: string
}

/** The part of the content file the core reads. */
export interface TrackingContent {
  features?: Record<string, FeatureDefinition>
  milestones?: Record<string, MilestoneDefinition>
}

/** A checklist as `GET /v1/content` delivers it, with this user's progress. */
export interface DeliveredChecklist {
  id: string
  title: string
  description?: string
  completedMessage?: string
  items: Array<{ id: string; title: string; description?: string; href?: string; event: string; scope: 'user' | 'account'; done: boolean }>
  completed: boolean
  dismissed: boolean
}

/** A cross-sell or upsell prompt this user may see now. */
export interface DeliveredPrompt {
  id: string
  kind: 'modal' | 'slideout' | 'banner'
  title: string
  body: string
  cta: { label: string; href?: string; event?: string }
  dismissLabel?: string
  priority?: number
  /** Only on pages whose path matches one of these patterns. */
  urls?: string[]
}

/** An NPS survey this user may be asked now. */
export interface DeliveredSurvey {
  id: string
  kind: 'nps'
  question: string
  commentPrompt?: string
  priority?: number
  urls?: string[]
}

/** One step of a tour: a short text pointing at one element of the page, or centred. */
export interface DeliveredTourStep {
  /** Sent as `step` in `Tour Step Viewed` and `Tour Dismissed`. */
  id: string
  title: string
  body: string
  /** CSS selector of the element the step points at. Without it the step is centred; when nothing matches (after a short wait) the step is skipped. */
  selector?: string
  /** Path pattern: the step shows only on matching pages, and the tour waits for one. */
  url?: string
}

/**
 * A product tour this user may take now (the collector leaves out tours this user completed or
 * dismissed). Shown one step at a time; at most one tour at a time, the highest priority first.
 */
export interface DeliveredTour {
  id: string
  title: string
  steps: DeliveredTourStep[]
  priority?: number
  /** The tour starts only on pages whose path matches one of these patterns. */
  urls?: string[]
}

/**
 * The answer of `GET /v1/content`: what this user may see now. The collector already applied
 * tier, usage, holdout and caps; the page decides URL, timing and "not while typing".
 * Remote data: the UI chunk validates it before rendering.
 */
export interface DeliveredContent extends TrackingContent {
  tier: string | null
  checklists: DeliveredChecklist[]
  prompts: DeliveredPrompt[]
  surveys: DeliveredSurvey[]
  /** Absent from collectors older than tours. */
  tours?: DeliveredTour[]
  /** How many more prompts and surveys may be shown today (null: no daily cap). */
  remainingToday: number | null
  /** `--goyo-*` custom properties. */
  theme: Record<string, string>
  /** The locale of the texts and messages (`ja-JP`): the widgets' `lang`, and what `Intl` formats for. */
  locale?: string
  /**
   * The widgets' own words in that locale, by message key (`"tour.next": "次へ"`): a text with
   * `{placeholders}`, or one text per plural category. Absent from collectors older than locales.
   */
  messages?: Record<string, string | ({ other: string } & Record<string, string>)>
  /**
   * Set when the answer comes from a preview link (`GET /v1/preview`): the one item it shows,
   * ignoring audience and caps. Its widget's events carry `context.preview: true`.
   */
  preview?: { kind: 'checklists' | 'prompts' | 'surveys' | 'tours'; id: string; expiresAt: string }
}

/** Something went wrong; the host page is never interrupted, this is how it learns. */
export interface GoyoError {
  /**
   * `rejected`: the collector refused a batch (4xx) and it was dropped. `dropped`: the queue was
   * full and old events were dropped. `invalid`: a call had bad arguments. `storage`: IndexedDB
   * failed and the queue fell back to memory. `internal`: a bug or a plugin failure.
   */
  code: 'rejected' | 'dropped' | 'invalid' | 'storage' | 'internal'
  message: string
  /** HTTP status, for `rejected`. */
  status?: number
  /** How many events were lost, for `rejected` and `dropped`. */
  count?: number
  cause?: unknown
}

/** Events the client emits through `on`. */
export interface GoyoEvents {
  error: GoyoError
  /** An event was accepted into the queue (after plugins). The UI chunk listens to this. */
  event: WireEvent
  /** New content from the collector, emitted once the UI chunk is loaded (so it can render it). */
  content: DeliveredContent
}

/**
 * An extension. Plugins see every event before it is queued and may alter or drop it.
 *
 * Failure semantics: a plugin that throws in `setup` or `onEvent` is reported through
 * `on('error')` and skipped for that call; the event continues unchanged and delivery goes on.
 */
export interface Plugin {
  name: string
  /**
   * Called once when registered. May return a teardown run by `destroy()`. `log` writes to the
   * console only with `debug: true` (`data-debug`): the place for "why didn't it show?".
   */
  setup?(client: Goyo, log: (message: string, detail?: unknown) => void): void | (() => void)
  /** Return the event (possibly changed) to keep it, or `null` to drop it. */
  onEvent?(event: WireEvent): WireEvent | null | undefined
}

/** Options of {@link createGoyo}. */
export interface GoyoOptions {
  /** The workspace write key (public; it ships in the page). Required. */
  writeKey: string
  /** Collector origin, e.g. `https://goyo.example.com`. Default: the page's origin. */
  apiHost?: string
  /** Log problems to the console. Default `false`. */
  debug?: boolean
  /** Initial consent. Default `granted`. */
  consent?: ConsentState
  /** Treat `navigator.globalPrivacyControl` as `denied` until `consent(true)`. Default `false`. */
  respectGpc?: boolean
  /** Send a page view on load and on every SPA route change. Default `true`. */
  pageViews?: boolean
  /** Feature definitions, as in the content file. */
  features?: Record<string, FeatureDefinition>
  /** Milestone definitions, as in the content file. */
  milestones?: Record<string, MilestoneDefinition>
  /** Milliseconds between the first queued event and its batch being sent. Default `1000`. */
  flushInterval?: number
  /** Queue bound in events. Default `10000`. */
  maxQueueEvents?: number
  /** Queue bound in bytes. Default `5 MB`. */
  maxQueueBytes?: number
  /** Plugins registered at start. */
  plugins?: Plugin[]
  /**
   * The user's locale, a language tag such as `ja-JP`: the widgets' words and the content's texts
   * come in it. Default: the browser's (`navigator.language`). A `locale` trait passed to
   * `identify` wins over both, on every device.
   */
  locale?: string
  /**
   * Where the widgets' chunk (`goyo-ui.js`) is loaded from, the first time something shows.
   * Default `${apiHost}/sdk/goyo-ui.js`, served by the collector; point it at your own copy
   * (for example `node_modules/@goyo/sdk/dist/goyo-ui.js` served with your assets) to keep every
   * script on your origin.
   */
  uiUrl?: string
}

/** The client: every method is safe to call at any time and never throws. */
export interface Goyo {
  /** Sets the user and sends `identify`. */
  identify(userId: string | number, traits?: Properties): void
  /** Sets the account and sends `group`; later events carry it as `context.groupId`. */
  group(accountId: string | number, traits?: Properties): void
  /** Sends a `track` event. */
  track(event: string, properties?: Properties): void
  /** Sends a page view for the current URL. */
  page(properties?: Properties): void
  /** Sends `Milestone Reached {milestone}`, once per user, remembered across reloads. */
  milestone(name: string): void
  /** Grants or withdraws consent. Withdrawing deletes everything queued. */
  consent(granted: boolean): void
  /** Forgets the user, the account and the anonymous id (on logout). */
  reset(): void
  /** Subscribes to client events; returns the unsubscribe function. */
  on<K extends keyof GoyoEvents>(name: K, fn: (payload: GoyoEvents[K]) => void): () => void
  /** Sets the feature and milestone definitions, over those of the options (the content file feeds this). */
  setContent(content: TrackingContent): void
  /** Registers a plugin (the lazy UI chunk attaches here). */
  use(plugin: Plugin): void
  /** Loads the lazy UI chunk once; resolves `false` (and logs) if it cannot be loaded. */
  loadUi(): Promise<boolean>
  /** Sends everything queued now. */
  flush(): Promise<void>
  /** Removes every listener, timer and patch the client installed. */
  destroy(): void
  /** The current identity. */
  readonly user: { anonymousId: string; userId: string | null; groupId: string | null }
}
