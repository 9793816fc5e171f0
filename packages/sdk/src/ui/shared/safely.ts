/**
 * Wraps a callback that runs outside the client's guarded methods (a timer, a scroll listener, an
 * animation frame), so that a bug in it is logged instead of reaching the host page as an
 * uncaught error.
 *
 * @example
 * setTimeout(safely(() => reposition()), 100)
 */
export const safely =
  <A extends unknown[]>(fn: (...args: A) => void) =>
  (...args: A): void => {
    try {
      fn(...args)
    } catch (error) {
      console.warn('[goyo]', error)
    }
  }
