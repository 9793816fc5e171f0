import { EVENTS } from '../../lib/schema'
import type { DeliveredTour, DeliveredTourStep } from '../../types'
import { safely } from '../shared/safely'
import type { TourMemory } from './memory'
import { findTarget, waitForTarget } from './target'

/** How long a step waits for its element (a single-page app may still be rendering it) before it is skipped. */
export const STEP_WAIT_MS = 3000

/** The step on screen. */
export interface ShownStep {
  tour: DeliveredTour
  index: number
  /** The element it points at; `null`: a centred step; `undefined`: still waiting for the element (nothing drawn yet). */
  target: Element | null | undefined
}

export interface TourRunnerOptions {
  doc: Document
  /** Whether the current page matches path patterns (the rule of prompts' `urls`; no patterns: every page). */
  onPage(urls: string[] | undefined): boolean
  track(event: string, properties: Record<string, unknown>): void
  /** Draws a step, or (undefined) takes the tour off screen: it ended, paused for another page, or found nothing to show. */
  show(step: ShownStep | undefined): void
  memory: TourMemory
  /** A step was skipped because its element did not appear in time (for `debug` logs). */
  missing?(tour: DeliveredTour, step: DeliveredTourStep): void
  /** Default {@link STEP_WAIT_MS}. */
  waitMs?: number
}

/** Runs one tour at a time; the UI plugin decides when, this decides which step. */
export interface TourRunner {
  /**
   * The tour to show on this page now. A tour already under way (this tab) comes first and alone:
   * it resumes when its step is for this page, and no other tour starts meanwhile. Otherwise, if
   * `startNew`, the highest-priority tour for this page that is not finished.
   */
  candidate(tours: DeliveredTour[], startNew: boolean): DeliveredTour | undefined
  start(tour: DeliveredTour): void
  /** Next step; past the last one (Done) the tour is completed. */
  next(): void
  back(): void
  dismiss(): void
  /**
   * A new page (single-page-app navigation): tours that found nothing to point at may try again,
   * and a step whose element or page went away leaves the screen (the tour pauses there).
   */
  navigated(): void
  stop(): void
}

/**
 * The tour state machine, without any drawing. A step whose `url` is not this page pauses the tour
 * there (it resumes on a matching page); a step whose element does not appear within `waitMs` is
 * skipped (going back, one that is not there now is skipped at once). A tour that could show
 * none of its steps here ends quietly: no event, and it may try again after a navigation.
 * Events: `Tour Step Viewed {tour, step}` per step drawn, `Tour Completed {tour}`,
 * `Tour Dismissed {tour, step}`; completed and dismissed tours are remembered as finished.
 *
 * @example
 * const tours = createTourRunner({ doc: document, onPage, track, show: (step) => render(step), memory })
 * const tour = tours.candidate(content.tours, true)
 * if (tour) tours.start(tour)
 */
export function createTourRunner({ doc, onPage, track, show, memory, missing, waitMs = STEP_WAIT_MS }: TourRunnerOptions): TourRunner {
  let tour: DeliveredTour | undefined
  let index = 0
  let viewed = false // a step of this tour was drawn on this page: running out of steps then means completed
  let shownTarget: Element | null | undefined // of the step on screen; undefined while waiting for it
  let cancel = (): void => {}
  const abandoned = new Set<string>()

  const stepOnPage = (step: DeliveredTourStep | undefined): boolean => !!step && (!step.url || onPage([step.url]))
  const resumeAt = (t: DeliveredTour): number => (memory.at(t.id) < t.steps.length ? memory.at(t.id) : 0)

  const end = (): void => {
    cancel()
    tour = undefined
    show(undefined)
  }

  const finish = (event: string, properties: Record<string, unknown>): void => {
    if (!tour) return
    track(event, { tour: tour.id, ...properties })
    memory.finish(tour.id)
    end()
  }

  const display = (t: DeliveredTour, i: number, target: Element | null): void => {
    index = i
    viewed = true
    shownTarget = target
    memory.save(t.id, i)
    show({ tour: t, index: i, target })
    track(EVENTS.tourStepViewed, { tour: t.id, step: t.steps[i]!.id })
  }

  /** Shows step `i`, or the nearest one from there in direction `dir` that can show on this page. */
  const go = (i: number, dir: 1 | -1): void => {
    cancel()
    const t = tour
    if (!t) return
    const step = t.steps[i]
    if (!step) {
      // Going back with nothing earlier to show: the current step simply stays.
      if (dir < 0) return
      if (viewed) return finish(EVENTS.tourCompleted, {})
      abandoned.add(t.id)
      return end()
    }
    if (!stepOnPage(step)) {
      if (dir < 0) return go(i - 1, dir)
      memory.save(t.id, i) // carries on from here on a page that matches
      return end()
    }
    if (!step.selector) return display(t, i, null)
    const target = findTarget(doc, step.selector)
    if (target) return display(t, i, target)
    if (dir < 0) return go(i - 1, dir)
    shownTarget = undefined
    show({ tour: t, index: i, target: undefined })
    cancel = waitForTarget(doc, step.selector, waitMs, (found) => (found ? display(t, i, found) : (missing?.(t, step), go(i + 1, 1))))
  }

  return {
    candidate(tours, startNew) {
      const open = [...tours].sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0)).filter((t) => !memory.finished(t.id) && !abandoned.has(t.id))
      const underway = open.find((t) => resumeAt(t) > 0)
      if (underway) return stepOnPage(underway.steps[resumeAt(underway)]) ? underway : undefined
      return startNew ? open.find((t) => onPage(t.urls) && stepOnPage(t.steps[0])) : undefined
    },
    // Called from clicks and key presses of the page's own event dispatch: a bug must not reach the page.
    start: safely((t: DeliveredTour) => {
      cancel()
      tour = t
      viewed = false
      go(resumeAt(t), 1)
    }),
    next: safely(() => go(index + 1, 1)),
    back: safely(() => go(index - 1, -1)),
    dismiss: safely(() => finish(EVENTS.tourDismissed, { step: tour?.steps[index]?.id })),
    navigated: safely(() => {
      abandoned.clear()
      const step = tour?.steps[index]
      if (!tour || !step || shownTarget === undefined) return
      // The page changed under the step (the user may have followed the very link it pointed at).
      // Its element gone, or its URL no longer this page, it leaves too, and the tour carries on
      // from this step where it can show again.
      const gone = shownTarget && !shownTarget.isConnected && !findTarget(doc, step.selector!)
      if (gone || !stepOnPage(step)) {
        memory.save(tour.id, index)
        end()
      }
    }),
    stop: () => cancel(),
  }
}
