// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createFeatureMatcher, watchClicks } from './features'

afterEach(() => {
  document.body.innerHTML = ''
})

function click(el: Element): void {
  el.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }))
}

describe('feature matching', () => {
  it('matches data-goyo-feature on the element or an ancestor', () => {
    document.body.innerHTML = `<div data-goyo-feature="invoices.create"><button><span id="t">New</span></button></div>`
    const matcher = createFeatureMatcher({}, document)
    expect(matcher.match(document.getElementById('t')!)).toEqual(['invoices.create'])
  })

  it('matches configured selectors, nearest first, each feature once', () => {
    document.body.innerHTML = `
      <section class="reports" data-goyo-feature="reports">
        <button id="export" class="btn"><i id="icon"></i></button>
      </section>`
    const matcher = createFeatureMatcher(
      { 'reports.export': { selectors: ['#export', '.btn'] }, 'reports.view': { selectors: ['.reports'] } },
      document,
    )
    expect(matcher.match(document.getElementById('icon')!)).toEqual(['reports.export', 'reports', 'reports.view'])
  })

  it('matches nothing outside features', () => {
    document.body.innerHTML = `<p id="p">text</p>`
    expect(createFeatureMatcher({ x: { selectors: ['#other'] } }, document).match(document.getElementById('p')!)).toEqual([])
  })

  it('skips and reports an invalid selector without breaking the other features', () => {
    document.body.innerHTML = `<button id="ok"></button>`
    const onInvalid = vi.fn()
    const matcher = createFeatureMatcher({ bad: { selectors: ['##nope'] }, good: { selectors: ['#ok'] } }, document, onInvalid)
    expect(onInvalid).toHaveBeenCalledWith('bad', '##nope')
    expect(matcher.match(document.getElementById('ok')!)).toEqual(['good'])
  })

  it('one delegated listener reports features on click, even when the app stops propagation', () => {
    document.body.innerHTML = `<button id="b" data-goyo-feature="f"><input id="i" value="secret"></button>`
    document.getElementById('b')!.addEventListener('click', (e) => e.stopPropagation())
    const seen: string[] = []
    const addSpy = vi.spyOn(document, 'addEventListener')
    const stop = watchClicks(document, () => createFeatureMatcher({}, document), (f) => seen.push(f))
    expect(addSpy).toHaveBeenCalledTimes(1)
    click(document.getElementById('i')!)
    expect(seen).toEqual(['f']) // the feature name only: never the input's value
    stop()
    click(document.getElementById('i')!)
    expect(seen).toEqual(['f'])
  })

  it('keeps per-click cost small with many features (one combined closest())', () => {
    // 500 features, a deep DOM, clicks on elements that match none of them: the common case.
    const features: Record<string, { selectors: string[] }> = {}
    for (let i = 0; i < 500; i++) features[`f${i}`] = { selectors: [`#feature-${i}`, `[data-x="${i}"]`] }
    let html = '<button id="feature-250">hit</button>'
    for (let depth = 0; depth < 30; depth++) html = `<div class="level-${depth}">${html}</div>`
    document.body.innerHTML = `${html}<div id="miss">${'<span>'.repeat(30)}<b id="leaf">x</b>${'</span>'.repeat(30)}</div>`
    const matcher = createFeatureMatcher(features, document)
    const leaf = document.getElementById('leaf')!
    const hit = document.getElementById('feature-250')!
    const clicks = 200
    const start = performance.now()
    for (let i = 0; i < clicks; i++) matcher.match(leaf)
    const missMs = (performance.now() - start) / clicks
    const hitStart = performance.now()
    for (let i = 0; i < clicks; i++) expect(matcher.match(hit)).toEqual(['f250'])
    const hitMs = (performance.now() - hitStart) / clicks
    console.info(`feature matching, 500 features: ${(missMs * 1000).toFixed(0)} µs per miss, ${(hitMs * 1000).toFixed(0)} µs per hit (happy-dom)`)
    // happy-dom's selector engine is far slower than a browser's; these bounds still catch an
    // accidental per-feature querySelectorAll or a walk that grows with the page.
    expect(missMs).toBeLessThan(20)
    expect(hitMs).toBeLessThan(50)
  })
})
