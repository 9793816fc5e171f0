import type { FeatureDefinition } from '../types'
import { urlPattern } from '../lib/url-pattern'

/** The attribute that tags an element as a feature without any configuration. */
export const FEATURE_ATTR = 'data-goyo-feature'

/** Finds the features a click belongs to. See {@link createFeatureMatcher}. */
export interface FeatureMatcher {
  /** Feature names of the element and its ancestors, nearest first, each once. */
  match(target: Element): string[]
  /** Features with a URL pattern matching this path (a page view of it is a use). */
  _path(path: string): string[]
}

/**
 * Compiles the feature definitions once. Per click, one native `closest()` with a single combined
 * selector walks the ancestors, so the cost does not grow with the number of features until an
 * element actually matches; only then is each feature's own selector checked against that one
 * element. Invalid selectors are reported and skipped instead of breaking every other feature.
 *
 * @example
 * const matcher = createFeatureMatcher({ 'invoices.create': { selectors: ['#new-invoice'] } }, document)
 * matcher.match(clickedElement) // ['invoices.create']
 */
export function createFeatureMatcher(
  features: Record<string, FeatureDefinition>,
  probe: Pick<ParentNode, 'querySelector'> | undefined,
  onInvalid: (feature: string, selector: string) => void = () => {},
): FeatureMatcher {
  const bySelector: Array<[name: string, selector: string]> = []
  const byUrl: Array<[name: string, pattern: RegExp]> = []
  for (const [name, definition] of Object.entries(features ?? {})) {
    for (const url of definition?.urls ?? []) byUrl.push([name, urlPattern(url)])
    const valid: string[] = []
    for (const selector of definition?.selectors ?? []) {
      try {
        probe?.querySelector(selector) // throws a SyntaxError for an invalid selector
        valid.push(selector)
      } catch {
        onInvalid(name, selector)
      }
    }
    if (valid.length) bySelector.push([name, valid.join(',')])
  }
  const combined = [`[${FEATURE_ATTR}]`, ...bySelector.map(([, selector]) => selector)].join(',')
  return {
    match(target) {
      const found: string[] = []
      const add = (name: string | null): void => {
        if (name && !found.includes(name)) found.push(name)
      }
      for (let el: Element | null | undefined = target.closest(combined); el; el = el.parentElement?.closest(combined)) {
        add(el.getAttribute(FEATURE_ATTR))
        for (const [name, selector] of bySelector) if (el.matches(selector)) add(name)
      }
      return found
    },
    // A feature whose several patterns match one path is still one use.
    _path: (path) => [...new Set(byUrl.filter(([, pattern]) => pattern.test(path)).map(([name]) => name))],
  }
}

/**
 * Listens to clicks with one delegated, passive, capturing listener on the document (capturing, so
 * that a `stopPropagation()` in the app cannot hide a click). Only the element is inspected,
 * never its text or value.
 *
 * @example
 * const stop = watchClicks(document, () => matcher, (feature) => client.track('Feature Used', { feature }))
 */
export function watchClicks(
  root: Pick<Document, 'addEventListener' | 'removeEventListener'>,
  matcher: () => FeatureMatcher,
  onFeature: (feature: string) => void,
): () => void {
  const onClick = (event: Event): void => {
    // composedPath()[0] is the real target inside open shadow roots; `target` is retargeted to the host.
    const target = (event.composedPath?.()[0] ?? event.target) as Element | null
    if (!target || typeof target.closest !== 'function') return
    for (const feature of matcher().match(target)) onFeature(feature)
  }
  const options = { capture: true, passive: true }
  root.addEventListener('click', onClick, options)
  return () => root.removeEventListener('click', onClick, options)
}
