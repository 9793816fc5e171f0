/** How long after the last keystroke in a field the user counts as still typing. */
export const TYPING_QUIET_MS = 1500

/**
 * Whether the user is typing in a field of the page: focus is in an input, textarea, select or
 * contenteditable element and a key went down there recently. A prompt waits until this is false
 * (they paused, or left the field).
 *
 * @example
 * const typing = watchTyping(document)
 * if (!typing.active()) show()
 */
export function watchTyping(doc: Document, now: () => number = Date.now): { active(): boolean; stop(): void } {
  let lastKey = -Infinity
  const onKey = (): void => void (lastKey = now())
  doc.addEventListener('keydown', onKey, true)
  return {
    active() {
      const el = doc.activeElement as HTMLElement | null
      const field = !!el && (/^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) || el.isContentEditable)
      return field && now() - lastKey < TYPING_QUIET_MS
    },
    stop: () => doc.removeEventListener('keydown', onKey, true),
  }
}
