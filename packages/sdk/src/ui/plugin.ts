import { h, render } from 'preact'
import { EVENTS } from '../lib/schema'
import { urlPattern } from '../lib/url-pattern'
import type { DeliveredChecklist, DeliveredContent, DeliveredPrompt, DeliveredSurvey, DeliveredTour, Goyo, Plugin, WireEvent } from '../types'
import { App, type Actions, type View } from './app'
import { checklistOpenings } from './checklist/openings'
import { mount, type Mounted } from './mount'
import { tourMemory } from './tour/memory'
import { createTourRunner } from './tour/runner'
import { watchTyping } from './typing'
import { translator, type Translate } from './text'
import { validContent, type ValidContent } from './validate'
import { WHY } from './why'

/** How often a prompt or tour held back (typing) checks again. */
const RETRY_MS = 500

const VARIANT = 'treated'

/**
 * The `ui` plugin the chunk registers: it receives the content through the client's `content`
 * event, decides what to show on this page (the checklist; at most one tour, prompt or survey per
 * page, on matching URLs only, never while the user types), ticks checklist items the moment
 * their event is tracked, and sends the widgets' events through the client. Tours come before
 * prompts and surveys (show the user how before offering more), and a tour already under way
 * carries on when the user reaches its next step's page. A client-side route change is a new
 * page: an item for its URL shows whatever was shown before (but never one already shown since
 * the document loaded).
 *
 * With `debug`, it logs once per page and item why a delivered item is not on screen. Content
 * from a preview link (`preview` in the answer) shows the same way, and every event its widget
 * sends carries `context.preview: true`, so it counts nowhere.
 *
 * @example
 * window.goyo.__ext.use(createUiPlugin())
 */
export function createUiPlugin(doc: Document = document): Plugin {
  let client: Goyo
  let log: (message: string) => void = () => {}
  let mounted: Mounted | undefined
  let content: ValidContent | undefined
  let t: Translate
  let current: View['current']
  let shown = false // one tour, prompt or survey per page: never a second one after the first closes
  let marking = false // the event being tracked comes from a previewed widget
  let page = doc.location.pathname + doc.location.search
  let retry: ReturnType<typeof setTimeout> | undefined
  const ticked = new Set<string>() // `checklist/item` ticked here before the server knew
  const shownIds = new Set<string>() // prompts and surveys shown since the document loaded
  const told = new Set<string>() // page, item and reason already logged
  const typing = watchTyping(doc)
  const who = () => (content?.preview ? 'preview:' : '') + (client.user.userId ?? client.user.anonymousId)
  // A preview remembers nothing across page loads: opening the link again shows the item again.
  const storage = (kind: 'sessionStorage' | 'localStorage') => () => (content?.preview ? undefined : globalThis[kind])
  const opens = checklistOpenings(who, storage('localStorage'))

  const track = (event: string, properties: Record<string, unknown>): void => {
    marking = !!content?.preview
    try {
      client.track(event, properties)
    } finally {
      marking = false
    }
  }

  const onPage = (urls: string[] | undefined): boolean => !urls?.length || urls.some((url) => urlPattern(url).test(doc.location.pathname))

  /** Logs, with debug, why an item is not on screen: once per page, item and reason. */
  const why = (item: { id: string }, reason: string): void => {
    const key = `${doc.location.pathname}${doc.location.search}\u0000${item.id}\u0000${reason}`
    if (!told.has(key)) told.add(key), log(`${item.id}: ${reason}`)
  }

  const tours = createTourRunner({
    doc,
    onPage,
    track,
    memory: tourMemory(who, storage('sessionStorage')),
    show(step) {
      // A tour counts as shown from its first step drawn: one that found nothing to point at leaves room for a prompt.
      if (step?.target !== undefined) shown = true
      current = step && { tour: step }
      if (!step) pick() // may start something else (a tour that found nothing to point at showed nothing)
      draw()
    },
    missing: (tour, step) => why(tour, WHY.missing(step.id, step.selector!)),
  })

  const draw = (): void => {
    if (!content) return
    const checklist = content.checklists.find((c) => !c.completed || c.items.some((item) => ticked.has(`${c.id}/${item.id}`)))
    // Only when nothing but a banner (in the page's flow, out of the corners) is on screen: an
    // opening the user never saw is not used up.
    const calm = !current || ('prompt' in current && current.prompt.kind === 'banner')
    const opening = !!checklist && calm && !checklist.dismissed && opens(checklist.id, done(checklist))
    const view: View = { checklist, current, opening }
    // The host element appears only once there is something to show (a URL-bound survey may not be for this page).
    if (!mounted && !checklist && !current) return
    mounted ??= mount(doc)
    mounted.theme(content.theme)
    mounted.lang(content.locale)
    render(h(App, { view, actions, t }), mounted.root)
  }

  /** Says why each delivered prompt, survey and tour that is not on screen is not (debug only). */
  const explain = (tour: DeliveredTour | undefined): void => {
    if (!content) return
    // A tour step still waiting for its element has drawn nothing yet.
    const onScreen = current && ('tour' in current ? current.tour.target !== undefined && current.tour.tour : 'prompt' in current ? current.prompt : current.survey)
    for (const item of [...content.tours, ...content.prompts, ...content.surveys]) {
      if (item === onScreen || item === tour || (current && 'tour' in current && current.tour.tour === item)) continue
      const reason = !onPage(item.urls)
        ? WHY.url(item.urls!)
        : 'steps' in item && !tours.candidate([item], true)
          ? WHY.tourElsewhere
          : shownIds.has(item.id)
            ? WHY.shownBefore
            : onScreen
              ? WHY.busy(onScreen.id)
              : tour && !('steps' in item)
                ? WHY.tourFirst(tour.id)
                : typing.active()
                  ? WHY.typing
                  : shown
                    ? WHY.onePerPage
                    : undefined
      if (reason) why(item, reason)
    }
  }

  const pick = (): void => {
    clearTimeout(retry)
    if (!content) return
    // A tour under way resumes even after something was shown on this page: it is the same tour.
    const tour = current ? undefined : tours.candidate(content.tours, !shown)
    const next: DeliveredPrompt | DeliveredSurvey | undefined =
      current || shown ? undefined : [...content.prompts, ...content.surveys].find((item) => onPage(item.urls) && !shownIds.has(item.id))
    if ((tour || next) && typing.active()) retry = setTimeout(() => (pick(), draw()), RETRY_MS)
    else if (tour) tours.start(tour) // draws through `show` above, once its first step's element is there
    else if (next) {
      shown = true
      shownIds.add(next.id)
      if ('cta' in next) {
        current = { prompt: next }
        track(EVENTS.promptShown, { prompt: next.id, variant: VARIANT })
      } else {
        current = { survey: next }
        track(EVENTS.surveyShown, { survey: next.id })
      }
    }
    explain(tour)
  }

  const close = (): void => {
    current = undefined
    draw()
    explain(undefined)
  }

  const done = (checklist: DeliveredChecklist): number => checklist.items.filter((item) => item.done).length

  const actions: Actions = {
    openedChecklist: (checklist) => void opens(checklist.id, done(checklist)),
    dismissChecklist(checklist) {
      if (!checklist.dismissed) track(EVENTS.checklistDismissed, { checklist: checklist.id })
      checklist.dismissed = true
    },
    clickPrompt(prompt) {
      track(EVENTS.promptClicked, { prompt: prompt.id, variant: VARIANT })
      if (prompt.cta.event) track(prompt.cta.event, { prompt: prompt.id })
      close()
    },
    dismissPrompt(prompt) {
      track(EVENTS.promptDismissed, { prompt: prompt.id, variant: VARIANT })
      close()
    },
    answerSurvey(survey, score, comment) {
      track(EVENTS.surveyAnswered, { survey: survey.id, score, comment })
      close()
    },
    dismissSurvey: close,
    nextTourStep: () => tours.next(),
    previousTourStep: () => tours.back(),
    dismissTour: () => tours.dismiss(),
  }

  /** Optimistic ticks: the item is done the moment its event is tracked, before any reload. */
  const tick = (event: WireEvent): boolean => {
    if (event.type !== 'track') return false
    let changed = false
    for (const checklist of content?.checklists ?? []) {
      if (checklist.completed) continue
      for (const item of checklist.items) {
        if (item.done || item.event !== event.event) continue
        item.done = changed = true
        ticked.add(`${checklist.id}/${item.id}`)
        // After the triggering event is queued, so the stored order is cause then effect.
        queueMicrotask(() => track(EVENTS.checklistItemCompleted, { checklist: checklist.id, item: item.id }))
      }
      if (changed && checklist.items.every((item) => item.done)) {
        checklist.completed = true
        queueMicrotask(() => track(EVENTS.checklistCompleted, { checklist: checklist.id }))
      }
    }
    return changed
  }

  const receive = (raw: DeliveredContent): void => {
    const next = validContent(raw)
    // A refetch may not know yet what was ticked here a moment ago.
    for (const checklist of next.checklists) {
      for (const item of checklist.items) if (ticked.has(`${checklist.id}/${item.id}`)) item.done = true
    }
    content = next
    t = translator(next.messages, next.locale)
    pick()
    draw()
  }

  return {
    name: 'ui',
    setup(goyo, logger) {
      client = goyo
      log = logger
      const off = goyo.on('content', receive)
      return () => {
        off()
        clearTimeout(retry)
        tours.stop()
        typing.stop()
        if (mounted) render(null, mounted.root)
        mounted?.cleanup()
      }
    },
    onEvent(event) {
      if (marking) event.context.preview = true
      // A page view is a new page (a route change in a single-page app): the one-per-page rule
      // starts again, and a URL-bound prompt or tour step may now be for it. A tracked event may
      // tick an item.
      if (event.type === 'page') queueMicrotask(() => {
        const now = doc.location.pathname + doc.location.search
        if (now !== page) (page = now), (shown = false)
        tours.navigated()
        pick()
        draw()
      })
      else if (tick(event)) queueMicrotask(draw)
      return event
    },
  }
}
