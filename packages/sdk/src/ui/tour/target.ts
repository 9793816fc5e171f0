import { safely } from '../shared/safely'

/** How often a step's selector is tried again while waiting for its element. */
const POLL_MS = 100

/**
 * The element a step points at: the first match of `selector` that is rendered (an element with
 * `display: none`, or inside a closed menu, has nothing to point at). `null` when nothing
 * matches, and also for a selector that is not valid CSS: content is data, never a crash.
 *
 * @example
 * findTarget(document, '#new-invoice') // <a id="new-invoice"> or null
 */
export function findTarget(doc: Document, selector: string): Element | null {
  try {
    const found = doc.querySelector(selector)
    return found && found.getClientRects().length > 0 ? found : null
  } catch {
    return null
  }
}

/**
 * Waits up to `timeoutMs` for {@link findTarget} to find the element (a single-page app may still
 * be rendering it), then calls `done` with it, or with `null` when it never came. Polling a
 * selector a few times a second is cheaper than observing every mutation of a busy page.
 * Returns a function that stops waiting without calling `done`.
 *
 * @example
 * const stop = waitForTarget(document, '#invoice-lines', 3000, (el) => (el ? show(el) : skip()))
 */
export function waitForTarget(doc: Document, selector: string, timeoutMs: number, done: (target: Element | null) => void): () => void {
  const deadline = Date.now() + timeoutMs
  const timer = setInterval(
    safely(() => {
      const target = findTarget(doc, selector)
      if (!target && Date.now() < deadline) return
      clearInterval(timer)
      done(target)
    }),
    POLL_MS,
  )
  return () => clearInterval(timer)
}
