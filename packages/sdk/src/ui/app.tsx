import { useState } from 'preact/hooks'
import type { DeliveredChecklist, DeliveredPrompt, DeliveredSurvey } from '../types'
import { Checklist } from './checklist/checklist'
import { Prompt } from './prompt/prompt'
import { Nps } from './survey/nps'
import type { Translate } from './text'
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
  /** The user opened the checklist's panel: its first opening by itself is used up. */
  openedChecklist(checklist: DeliveredChecklist): void
  clickPrompt(prompt: DeliveredPrompt): void
  dismissPrompt(prompt: DeliveredPrompt): void
  answerSurvey(survey: DeliveredSurvey, score: number, comment: string): void
  dismissSurvey(survey: DeliveredSurvey): void
  nextTourStep(): void
  previousTourStep(): void
  dismissTour(): void
}

/**
 * The widgets in the shadow root. Two Goyo surfaces never overlap: while a slideout or survey card
 * is on screen the checklist keeps only its launcher (the card sits above it, see styles.ts);
 * when the user opens the checklist from its launcher meanwhile, the card steps aside until the
 * panel closes. A modal or a tour step, which may sit anywhere, has the screen to itself. A
 * banner is in the page's flow at its top and leaves the corners alone.
 */
export function App({ view, actions, t }: { view: View; actions: Actions; t: Translate }) {
  const { checklist, current, opening } = view
  const [listFirst, setListFirst] = useState(false)
  const alone = current && ('tour' in current || ('prompt' in current && current.prompt.kind === 'modal'))
  const card = !!current && ('survey' in current || ('prompt' in current && current.prompt.kind === 'slideout'))
  const stepAside = card && listFirst && !!checklist
  return (
    <>
      {checklist && !alone && (
        <Checklist
          key={checklist.id}
          checklist={checklist}
          opening={opening}
          collapsed={card && !listFirst}
          onToggle={(open) => {
            setListFirst(open)
            if (open) actions.openedChecklist(checklist)
          }}
          onDismiss={() => actions.dismissChecklist(checklist)}
          t={t}
        />
      )}
      {!stepAside && current && 'prompt' in current && (
        <Prompt
          key={current.prompt.id}
          prompt={current.prompt}
          onClick={() => actions.clickPrompt(current.prompt)}
          onDismiss={() => actions.dismissPrompt(current.prompt)}
          t={t}
        />
      )}
      {!stepAside && current && 'survey' in current && (
        <Nps
          key={current.survey.id}
          survey={current.survey}
          onAnswer={(score, comment) => actions.answerSurvey(current.survey, score, comment)}
          onDismiss={() => actions.dismissSurvey(current.survey)}
          t={t}
        />
      )}
      {current && 'tour' in current && (
        <Tour key={current.tour.tour.id} step={current.tour} onNext={actions.nextTourStep} onBack={actions.previousTourStep} onDismiss={actions.dismissTour} t={t} />
      )}
    </>
  )
}
