import { EVENTS } from '@goyo/schema'

/** In-product contacts that go into the account's timeline (its communication history). */
export const TIMELINE_EVENTS: ReadonlySet<string> = new Set<string>([
  EVENTS.promptShown,
  EVENTS.promptClicked,
  EVENTS.promptDismissed,
  EVENTS.promptConverted,
  EVENTS.surveyShown,
  EVENTS.surveyAnswered,
  EVENTS.checklistCompleted,
  EVENTS.checklistDismissed,
  EVENTS.milestoneReached,
  EVENTS.tourCompleted,
])

/** The timeline's title for such an event: its name, and the object it is about when it names one. */
export const timelineTitle = (event: string, object: string | undefined) => (object ? `${event}: ${object}` : event)
