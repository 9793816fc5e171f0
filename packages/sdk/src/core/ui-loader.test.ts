// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createUiLoader } from './ui-loader'
import type { Plugin } from '../types'

afterEach(() => {
  vi.restoreAllMocks()
  delete (window as { goyo?: unknown }).goyo
})

/** Captures injected scripts instead of letting happy-dom fetch them. */
function captureScripts(): HTMLScriptElement[] {
  const scripts: HTMLScriptElement[] = []
  vi.spyOn(document.head, 'appendChild').mockImplementation((node) => {
    scripts.push(node as HTMLScriptElement)
    return node
  })
  return scripts
}

describe('lazy UI loader', () => {
  it('injects goyo-ui.js once, and resolves true when the chunk registers through window.goyo.__ext', async () => {
    const scripts = captureScripts()
    const registered: Plugin[] = []
    const load = createUiLoader('https://c.test/sdk/goyo-ui.js', (p) => registered.push(p), () => registered.length > 0, () => {})
    const first = load()
    const second = load()
    expect(scripts).toHaveLength(1)
    expect(scripts[0]!.src).toBe('https://c.test/sdk/goyo-ui.js')
    // What goyo-ui.js does when it runs:
    ;(window as unknown as { goyo: { __ext: { use(p: Plugin): void } } }).goyo.__ext.use({ name: 'ui' })
    scripts[0]!.onload!(new Event('load'))
    expect(await first).toBe(true)
    expect(await second).toBe(true)
    expect(await load()).toBe(true) // already loaded: no new script
    expect(scripts).toHaveLength(1)
  })

  it('logs and resolves false (never throws) when the chunk fails to load, and retries next time', async () => {
    const scripts = captureScripts()
    const log = vi.fn()
    const load = createUiLoader('https://c.test/sdk/goyo-ui.js', () => {}, () => false, log)
    const attempt = load()
    scripts[0]!.onerror!(new Event('error'))
    await expect(attempt).resolves.toBe(false)
    expect(log).toHaveBeenCalledWith('could not load https://c.test/sdk/goyo-ui.js')
    void load()
    expect(scripts).toHaveLength(2)
  })

  it('resolves false when the script loads but registers nothing', async () => {
    const scripts = captureScripts()
    const log = vi.fn()
    const attempt = createUiLoader('/x.js', () => {}, () => false, log)()
    scripts[0]!.onload!(new Event('load'))
    await expect(attempt).resolves.toBe(false)
    expect(log).toHaveBeenCalled()
  })

  it('resolves false when the DOM refuses the script', async () => {
    vi.spyOn(document.head, 'appendChild').mockImplementation(() => {
      throw new Error('CSP')
    })
    const log = vi.fn()
    await expect(createUiLoader('/x.js', () => {}, () => false, log)()).resolves.toBe(false)
    expect(log).toHaveBeenCalled()
  })
})
