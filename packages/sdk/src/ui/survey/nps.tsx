import { useState } from 'preact/hooks'
import type { DeliveredSurvey } from '../../types'
import { Aside } from '../prompt/prompt'
import type { Translate } from '../text'

export interface NpsProps {
  survey: DeliveredSurvey
  onAnswer(score: number, comment: string): void
  onDismiss(): void
  t: Translate
}

const SCORES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]

/**
 * The one-question NPS survey: a 0–10 scale of buttons (a labelled group; each says its number
 * and whether it is chosen), then an optional comment and Send. Non-modal, like a slideout.
 */
export function Nps({ survey, onAnswer, onDismiss, t }: NpsProps) {
  const [score, setScore] = useState<number | null>(null)
  const [comment, setComment] = useState('')
  const id = `goyo-survey-${survey.id}`
  return (
    <Aside id={id} kind="slideout">
      <button type="button" class="x" aria-label={t('survey.dismiss', { title: survey.question })} onClick={onDismiss}>
        ×
      </button>
      <h2 id={`${id}-title`}>{survey.question}</h2>
      <div class="scale" role="radiogroup" aria-labelledby={`${id}-title`} aria-describedby={`${id}-ends`}>
        {SCORES.map((n) => (
          <button key={n} type="button" role="radio" aria-checked={score === n} onClick={() => setScore(n)}>
            {n}
          </button>
        ))}
      </div>
      <div class="ends" id={`${id}-ends`}>
        <span>{t('survey.scaleLow', { score: 0 })}</span>
        <span>{t('survey.scaleHigh', { score: 10 })}</span>
      </div>
      {score !== null && (
        <form
          onSubmit={(event) => {
            event.preventDefault()
            onAnswer(score, comment.trim())
          }}
        >
          <label for={`${id}-comment`}>{survey.commentPrompt ?? t('survey.comment')}</label>
          <textarea id={`${id}-comment`} value={comment} onInput={(event) => setComment(event.currentTarget.value)} />
          <button type="submit" class="btn">
            {t('survey.send')}
          </button>
        </form>
      )}
    </Aside>
  )
}
