import type { Catalog } from '@goyo/schema'

/** The widgets' words in English, the catalog every other one falls back to. */
export const en: Catalog = {
  'checklist.launcher': '{done} of {count}',
  'checklist.launcherLabel': '{title}: {done} of {count} done',
  'checklist.dismiss': 'Dismiss {title}',
  'checklist.itemDone': '(done)',
  'checklist.itemNotDone': '(not done)',
  'checklist.completed': 'All done!',
  'prompt.dismiss': 'Dismiss',
  'survey.dismiss': 'Dismiss survey',
  'survey.scaleLow': '{score}: Not likely',
  'survey.scaleHigh': '{score}: Very likely',
  'survey.comment': 'Anything to add? (optional)',
  'survey.send': 'Send',
  'tour.dismiss': 'Dismiss {title}',
  'tour.progress': 'Step {step} of {count}',
  'tour.back': 'Back',
  'tour.next': 'Next',
  'tour.done': 'Done',
}
