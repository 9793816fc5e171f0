import { hash } from '../tour/memory'

/**
 * Whether a checklist's panel should open by itself now: the first time this user sees it in this
 * browser, and again each time more of its items are done than when it last opened itself (an
 * item was just completed, here or elsewhere). Otherwise it stays on its launcher until the user
 * opens it, so it never covers the page on every visit. Remembered in `localStorage` (content, and
 * so the UI, only exists once consent is granted) under a digest of the user id, per checklist;
 * storage that is missing or refuses leaves a memory copy for the page.
 *
 * @example
 * const opens = checklistOpenings(() => client.user.userId ?? client.user.anonymousId)
 * opens('getting-started', 2) // true the first time, then false until a third item is done
 */
export function checklistOpenings(who: () => string, storage: () => Storage | undefined = () => localStorage): (checklistId: string, done: number) => boolean {
  const local = new Map<string, number>()
  return (checklistId, done) => {
    const key = `goyo_cl:${hash(who())}:${checklistId}`
    let stored = local.get(key)
    try {
      stored ??= Number(storage()?.getItem(key) ?? NaN)
    } catch {
      // Storage refused: the memory copy decides.
    }
    if (stored !== undefined && !Number.isNaN(stored) && done <= stored) return false
    local.set(key, done)
    try {
      storage()?.setItem(key, String(done))
    } catch {
      // The memory copy holds it for this page.
    }
    return true
  }
}
