/**
 * The one place the SDK touches environment globals. Everything is possibly undefined so that
 * importing the SDK during server-side rendering, in a worker or in an odd embed never crashes;
 * callers must check before use.
 *
 * @internal
 */

/** `window`, or undefined outside a browser page. */
export const win: (Window & typeof globalThis) | undefined = typeof window !== 'undefined' ? window : undefined

/** `document`, or undefined outside a browser page. */
export const doc: Document | undefined = typeof document !== 'undefined' ? document : undefined

/** `navigator`; Node 21+ has one too, which is harmless. */
export const nav: Navigator | undefined = typeof navigator !== 'undefined' ? navigator : undefined

/**
 * `localStorage`, or undefined when absent or blocked (reading it throws when the user blocks
 * site data). Writes may still fail (quota): every caller writes inside a try.
 */
export function getLocalStorage(): Storage | undefined {
  try {
    return win?.localStorage
  } catch {
    return undefined
  }
}
