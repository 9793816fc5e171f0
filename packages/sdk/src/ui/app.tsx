import type { DeliveredChecklist, DeliveredPrompt, DeliveredSurvey } from '../types'
import { Checklist } from './checklist/checklist'
import { Prompt } from './prompt/prompt'
import { Nps } from './survey/nps'
import type { ShownStep } from './tour/runner'
import { Tour } from './tour/tour'

/** What is on screen now; the plugin decides it, this only draws it. */
export interface View {
  checklist: DeliveredChecklist | undefined
  /** The checklist's panel opens by itself now (first sight, or an item was just done). */
  opening: boolean
  /** At most one prompt, survey or tour at a time, so nothing ever opens over another Goyo dialog. */
  current: { prompt: DeliveredPrompt } | { survey: DeliveredSurvey } | { tour: ShownStep } | undefined
}

export interface Actions {
  dismissChecklist(checklist: DeliveredChecklist): void
  clickPrompt(prompt: DeliveredPrompt): void
  dismissPrompt(prompt: DeliveredPrompt): void
  answerSurvey(survey: DeliveredSurvey, score: number, comment: string): void
  dismissSurvey(survey: DeliveredSurvey): void
  nextTourStep(): void
  previousTourStep(): void
  dismissTour(): void
}

/**
 * The widgets in the shadow root. Two Goyo surfaces never overlap: while a prompt or survey is on
 * screen the checklist keeps only its launcher (the card sits above it, see styles.ts), and a
 * modal or a tour step, which may sit anywhere, has the screen to itself.
 */
export function App({ view, actions }: { view: View; actions: Actions }) {
  const { checklist, current, opening } = view
  const alone = current && ('tour' in current || ('prompt' in current && current.prompt.kind === 'modal'))
  return (
    <>
      {checklist && !alone && (
        <Checklist key={checklist.id} checklist={checklist} opening={opening} collapsed={!!current} onDismiss={() => actions.dismissChecklist(checklist)} />
      )}
      {current && 'prompt' in current && (
        <Prompt
          key={current.prompt.id}
          prompt={current.prompt}
          onClick={() => actions.clickPrompt(current.prompt)}
          onDismiss={() => actions.dismissPrompt(current.prompt)}
        />
      )}
      {current && 'survey' in current && (
        <Nps
          key={current.survey.id}
          survey={current.survey}
          onAnswer={(score, comment) => actions.answerSurvey(current.survey, score, comment)}
          onDismiss={() => actions.dismissSurvey(current.survey)}
        />
      )}
      {current && 'tour' in current && (
        <Tour key={current.tour.tour.id} step={current.tour} onNext={actions.nextTourStep} onBack={actions.previousTourStep} onDismiss={actions.dismissTour} />
      )}
    </>
  )
}
