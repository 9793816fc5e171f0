/** What a tour's stored value means: the step to resume at, or finished. */
const FINISHED = 'done'

/** A short digest of the user id (djb2), so that the id itself is never written to storage. */
export const hash = (text: string): string => {
  let h = 5381
  for (let i = 0; i < text.length; i++) h = (h * 33) ^ text.charCodeAt(i)
  return (h >>> 0).toString(36)
}

/** Where each tour stands for this user in this browser tab. */
export interface TourMemory {
  /** The step to resume at: 0 for a tour not started. */
  at(tourId: string): number
  /** Completed or dismissed: it does not show again. */
  finished(tourId: string): boolean
  save(tourId: string, step: number): void
  finish(tourId: string): void
}

/**
 * Tour progress, kept in memory and mirrored to `sessionStorage` so that a tour carries on across
 * full page loads of a multi-page app, and a tour just completed or dismissed does not come back
 * on a reload that beats its event to the collector (which then leaves it out of the content for
 * good, on every device). Per tab and per user (`who`, read at each call, so a login in the same
 * tab starts clean; only a digest of it is stored, and `sessionStorage` is gone with the tab).
 * Storage that is missing or refuses (private mode, quota) leaves the memory copy.
 *
 * @example
 * const memory = tourMemory(() => client.user.userId ?? client.user.anonymousId)
 * memory.save('invoice-tour', 2)
 */
export function tourMemory(who: () => string, storage: () => Storage | undefined = () => sessionStorage): TourMemory {
  const local = new Map<string, string>()
  const key = (tourId: string): string => `goyo_tour:${hash(who())}:${tourId}`
  const read = (tourId: string): string | null => {
    const k = key(tourId)
    try {
      return local.get(k) ?? storage()?.getItem(k) ?? null
    } catch {
      return local.get(k) ?? null
    }
  }
  const write = (tourId: string, value: string): void => {
    const k = key(tourId)
    local.set(k, value)
    try {
      storage()?.setItem(k, value)
    } catch {
      // The memory copy still holds it for this page.
    }
  }
  return {
    at: (tourId) => Math.max(0, Number(read(tourId)) | 0), // NaN (finished, or tampered with) | 0 is 0
    finished: (tourId) => read(tourId) === FINISHED,
    save: (tourId, step) => write(tourId, String(step)),
    finish: (tourId) => write(tourId, FINISHED),
  }
}
