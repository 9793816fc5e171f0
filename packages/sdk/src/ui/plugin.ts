import { h, render } from 'preact'
import { EVENTS } from '../lib/schema'
import { urlPattern } from '../lib/url-pattern'
import type { DeliveredContent, Goyo, Plugin, WireEvent } from '../types'
import { App, type Actions, type View } from './app'
import { mount, type Mounted } from './mount'
import { tourMemory } from './tour/memory'
import { createTourRunner } from './tour/runner'
import { watchTyping } from './typing'
import { validContent, type ValidContent } from './validate'

/** How often a prompt or tour held back (typing) checks again. */
const RETRY_MS = 500

const VARIANT = 'treated'

/**
 * The `ui` plugin the chunk registers: it receives the content through the client's `content`
 * event, decides what to show on this page (the checklist; at most one tour, prompt or survey per
 * page load, on matching URLs only, never while the user types), ticks checklist items the
 * moment their event is tracked, and sends the widgets' events through the client. Tours come
 * before prompts and surveys (show the user how before offering more), and a tour already under
 * way carries on when the user reaches its next step's page.
 *
 * @example
 * window.goyo.__ext.use(createUiPlugin())
 */
export function createUiPlugin(doc: Document = document): Plugin {
  let client: Goyo
  let mounted: Mounted | undefined
  let content: ValidContent | undefined
  let current: View['current']
  let shown = false // one tour, prompt or survey per page load: never a second one after the first closes
  let retry: ReturnType<typeof setTimeout> | undefined
  const ticked = new Set<string>() // `checklist/item` ticked here before the server knew
  const typing = watchTyping(doc)

  const track = (event: string, properties: Record<string, unknown>): void => client.track(event, properties)

  const onPage = (urls: string[] | undefined): boolean => !urls?.length || urls.some((url) => urlPattern(url).test(doc.location.pathname))

  const tours = createTourRunner({
    doc,
    onPage,
    track,
    memory: tourMemory(() => client.user.userId ?? client.user.anonymousId),
    show(step) {
      // A tour counts as shown from its first step drawn: one that found nothing to point at leaves room for a prompt.
      if (step?.target !== undefined) shown = true
      current = step && { tour: step }
      if (!step) pick() // may start something else (a tour that found nothing to point at showed nothing)
      draw()
    },
  })

  const draw = (): void => {
    if (!content) return
    const checklist = content.checklists.find((c) => !c.completed || c.items.some((item) => ticked.has(`${c.id}/${item.id}`)))
    const view: View = { checklist, current }
    // The host element appears only once there is something to show (a URL-bound survey may not be for this page).
    if (!mounted && !checklist && !current) return
    mounted ??= mount(doc)
    mounted.theme(content.theme)
    render(h(App, { view, actions }), mounted.root)
  }

  const pick = (): void => {
    clearTimeout(retry)
    if (!content || current) return
    // A tour under way resumes even after something was shown on this page: it is the same tour.
    const tour = tours.candidate(content.tours, !shown)
    const next = shown ? undefined : (content.prompts.find((p) => onPage(p.urls)) ?? content.surveys.find((s) => onPage(s.urls)))
    if (!tour && !next) return
    if (typing.active()) {
      retry = setTimeout(pick, RETRY_MS)
      return
    }
    if (tour) return tours.start(tour) // draws through `show` above, once its first step's element is there
    if (!next) return
    shown = true
    if ('cta' in next) {
      current = { prompt: next }
      track(EVENTS.promptShown, { prompt: next.id, variant: VARIANT })
    } else {
      current = { survey: next }
      track(EVENTS.surveyShown, { survey: next.id })
    }
  }

  const close = (): void => {
    current = undefined
    draw()
  }

  const actions: Actions = {
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
    pick()
    draw()
  }

  return {
    name: 'ui',
    setup(goyo) {
      client = goyo
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
      // A page view may make a URL-bound prompt or tour step eligible, and a tracked event may tick an item.
      if (event.type === 'page') queueMicrotask(() => (tours.navigated(), pick(), draw()))
      else if (tick(event)) queueMicrotask(draw)
      return event
    },
  }
}
