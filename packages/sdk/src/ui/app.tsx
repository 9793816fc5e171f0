import type { DeliveredChecklist, DeliveredPrompt, DeliveredSurvey } from '../types'
import { Checklist } from './checklist/checklist'
import { Prompt } from './prompt/prompt'
import { Nps } from './survey/nps'

/** What is on screen now; the plugin decides it, this only draws it. */
export interface View {
  checklist: DeliveredChecklist | undefined
  /** At most one prompt or survey at a time, so nothing ever opens over another Goyo modal. */
  current: { prompt: DeliveredPrompt } | { survey: DeliveredSurvey } | undefined
}

export interface Actions {
  dismissChecklist(checklist: DeliveredChecklist): void
  clickPrompt(prompt: DeliveredPrompt): void
  dismissPrompt(prompt: DeliveredPrompt): void
  answerSurvey(survey: DeliveredSurvey, score: number, comment: string): void
  dismissSurvey(survey: DeliveredSurvey): void
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
    </>
  )
}
