/** Writes one problem to the console, prefixed; a no-op unless debug is on. */
export type Logger = (message: string, detail?: unknown) => void

/**
 * Creates the logger. It reads `console` lazily because tests and some embeds replace it.
 *
 * @example
 * const log = createLogger(() => config._debug)
 * log('queue full, dropped 12 events')
 */
export function createLogger(enabled: () => boolean): Logger {
  return (message, detail) => {
    if (enabled() && typeof console !== 'undefined') console.warn(`[goyo] ${message}`, ...(detail === undefined ? [] : [detail]))
  }
}
