import type { DeliveredChecklist, DeliveredPrompt, DeliveredSurvey } from '../types'
import { Checklist } from './checklist/checklist'
import { Prompt } from './prompt/prompt'
import { Nps } from './survey/nps'
import type { ShownStep } from './tour/runner'
import { Tour } from './tour/tour'

/** What is on screen now; the plugin decides it, this only draws it. */
export interface View {
  checklist: DeliveredChecklist | undefined
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

/** The widgets in the shadow root. */
export function App({ view, actions }: { view: View; actions: Actions }) {
  const { checklist, current } = view
  return (
    <>
      {checklist && <Checklist key={checklist.id} checklist={checklist} onDismiss={() => actions.dismissChecklist(checklist)} />}
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
