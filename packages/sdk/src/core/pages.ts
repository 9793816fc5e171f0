/** The part of `window` route detection uses; injectable so tests can drive it. */
export interface RouteWindow {
  location: Location
  history: History
  addEventListener: Window['addEventListener']
  removeEventListener: Window['removeEventListener']
  setTimeout: Window['setTimeout']
  navigation?: EventTarget
}

/**
 * What makes two URLs the same page: path and query. A fragment counts only when it looks like a
 * hash route (`#/settings`, `#!/settings`); an in-page anchor (`#pricing`) is not a new page.
 *
 * @example
 * pageKey(new URL('https://a.test/x?y=1#top')) // 'https://a.test/x?y=1'
 */
export function pageKey(location: Pick<Location, 'origin' | 'pathname' | 'search' | 'hash'>): string {
  const hash = /^#!?\//.test(location.hash) ? location.hash : ''
  return location.origin + location.pathname + location.search + hash
}

/**
 * Calls `onChange(previousUrl)` once per SPA navigation. Where the Navigation API exists its
 * `currententrychange` sees every same-document navigation, so history is left untouched;
 * elsewhere `pushState`/`replaceState` are wrapped and `popstate` listened to.
 * Checks run in a task after the change: routers often `pushState` then `replaceState` in one
 * go, and set `document.title` just after, so one navigation yields exactly one page view with
 * the new title. No polling.
 *
 * @example
 * const stop = watchRoutes(window, (previousUrl) => client.page())
 */
export function watchRoutes(win: RouteWindow, onChange: (previousUrl: string) => void): () => void {
  let last = pageKey(win.location)
  let lastUrl = win.location.href
  let queued = false
  const check = (): void => {
    queued = false
    const key = pageKey(win.location)
    const previous = lastUrl
    lastUrl = win.location.href
    if (key === last) return
    last = key
    onChange(previous)
  }
  const schedule = (): void => {
    if (queued) return
    queued = true
    win.setTimeout(check, 0)
  }

  if (win.navigation) {
    win.navigation.addEventListener('currententrychange', schedule)
    return () => win.navigation?.removeEventListener('currententrychange', schedule)
  }

  const { history } = win
  const wrap = (method: 'pushState' | 'replaceState'): (() => void) => {
    const original = history[method]
    let active = true
    const wrapped = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args)
      if (active) schedule()
      return result
    }
    history[method] = wrapped
    return () => {
      active = false
      // Restore only if nobody wrapped on top of us; otherwise we would unhook them too.
      if (history[method] === wrapped) history[method] = original
    }
  }
  const unwrapPush = wrap('pushState')
  const unwrapReplace = wrap('replaceState')
  // popstate also fires for fragment navigations (`location.hash = '#/x'`, HTML spec), so no hashchange.
  win.addEventListener('popstate', schedule)
  return () => {
    unwrapPush()
    unwrapReplace()
    win.removeEventListener('popstate', schedule)
  }
}
