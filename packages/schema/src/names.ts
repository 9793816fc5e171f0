/**
 * Goyo's own events, named in Segment's "Object Action" style so they read well in any warehouse.
 * Every part of Goyo refers to these constants, so no event name is typed twice.
 */
export const EVENTS = {
  featureUsed: 'Feature Used',
  milestoneReached: 'Milestone Reached',
  checklistItemCompleted: 'Checklist Item Completed',
  checklistCompleted: 'Checklist Completed',
  checklistDismissed: 'Checklist Dismissed',
  promptShown: 'Prompt Shown',
  promptClicked: 'Prompt Clicked',
  promptDismissed: 'Prompt Dismissed',
  promptConverted: 'Prompt Converted',
  tourStepViewed: 'Tour Step Viewed',
  tourCompleted: 'Tour Completed',
  tourDismissed: 'Tour Dismissed',
  surveyShown: 'Survey Shown',
  surveyAnswered: 'Survey Answered',
  eventsDropped: 'Events Dropped',
} as const

/** One of Goyo's reserved event names. */
export type ReservedEventName = (typeof EVENTS)[keyof typeof EVENTS]

/** The Segment event types, in the order of the spec. */
export const EVENT_TYPES = ['track', 'identify', 'group', 'page', 'screen', 'alias'] as const

/** A Segment event type. */
export type EventType = (typeof EVENT_TYPES)[number]
