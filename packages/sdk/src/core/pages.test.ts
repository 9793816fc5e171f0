// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { pageKey, watchRoutes, type RouteWindow } from './pages'

const tick = () => new Promise((r) => setTimeout(r, 5))
let stops: Array<() => void> = []
afterEach(() => {
  stops.forEach((stop) => stop())
  stops = []
  history.replaceState(null, '', '/')
})

function watch(win: RouteWindow = window as unknown as RouteWindow): string[] {
  const previous: string[] = []
  stops.push(watchRoutes(win, (url) => previous.push(url)))
  return previous
}

describe('pageKey', () => {
  it('ignores in-page anchors but not hash routes', () => {
    const at = (href: string) => pageKey(new URL(href))
    expect(at('https://a.test/x?y=1#pricing')).toBe(at('https://a.test/x?y=1'))
    expect(at('https://a.test/#/settings')).not.toBe(at('https://a.test/#/billing'))
    expect(at('https://a.test/#!/settings')).toBe('https://a.test/#!/settings')
  })
})

describe('route detection (history fallback)', () => {
  it('reports one page view per pushState, with the previous URL', async () => {
    const changes = watch()
    const before = location.href
    history.pushState(null, '', '/invoices')
    await tick()
    expect(changes).toEqual([before])
  })

  it('counts a pushState followed at once by replaceState as one navigation', async () => {
    const changes = watch()
    history.pushState(null, '', '/a')
    history.replaceState(null, '', '/a?tab=1')
    await tick()
    expect(changes).toHaveLength(1)
  })

  it('ignores same-URL and anchor-only changes', async () => {
    const changes = watch()
    history.replaceState({ scroll: 1 }, '', location.href)
    history.pushState(null, '', '#section-2')
    await tick()
    expect(changes).toEqual([])
  })

  it('reports back/forward (popstate)', async () => {
    history.pushState(null, '', '/one')
    const changes = watch()
    history.replaceState(null, '', '/two') // counts
    await tick()
    history.replaceState(null, '', '/three')
    window.dispatchEvent(new PopStateEvent('popstate'))
    await tick()
    expect(changes).toHaveLength(2)
  })

  it('restores history on teardown unless someone wrapped it after us', async () => {
    const original = history.pushState
    const stop = watchRoutes(window as unknown as RouteWindow, () => {})
    expect(history.pushState).not.toBe(original)
    stop()
    expect(history.pushState).toBe(original)
  })

  it('does not unhook a later wrapper, and stops reporting', async () => {
    const changes: string[] = []
    const stop = watchRoutes(window as unknown as RouteWindow, (u) => changes.push(u))
    const ours = history.pushState
    const theirs = function (this: History, ...args: Parameters<History['pushState']>) {
      return ours.apply(this, args)
    }
    history.pushState = theirs
    stop()
    expect(history.pushState).toBe(theirs)
    history.pushState(null, '', '/after-stop')
    await tick()
    expect(changes).toEqual([])
    history.pushState = Object.getPrototypeOf(history).pushState
  })
})

describe('route detection (Navigation API)', () => {
  it('listens to currententrychange and leaves history alone', async () => {
    const navigation = new EventTarget()
    const url = { href: 'https://a.test/one', origin: 'https://a.test', pathname: '/one', search: '', hash: '' }
    const original = history.pushState
    const fake = {
      location: url,
      history,
      navigation,
      addEventListener: () => {},
      removeEventListener: () => {},
      setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
    } as unknown as RouteWindow
    const changes = watch(fake)
    expect(history.pushState).toBe(original)
    Object.assign(url, { href: 'https://a.test/two', pathname: '/two' })
    navigation.dispatchEvent(new Event('currententrychange'))
    navigation.dispatchEvent(new Event('currententrychange'))
    await tick()
    expect(changes).toEqual(['https://a.test/one'])
  })
})
