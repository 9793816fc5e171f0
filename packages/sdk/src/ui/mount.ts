import { CSS } from './styles'

/** The host element's id: the one element Goyo adds to the page (see DESIGN.md). */
export const ROOT_ID = 'goyo-root'

/** Where the widgets render, and how to theme and remove them. */
export interface Mounted {
  root: ShadowRoot
  /** Sets the `--goyo-*` custom properties on the host, through a stylesheet rule (no inline style). */
  theme(vars: Record<string, string>): void
  /**
   * Says the widgets' language on the host (`lang`), for screen readers' voices, fonts and
   * line breaking; none leaves the page's.
   */
  lang(locale: string | undefined): void
  cleanup(): void
}

/**
 * Finds or creates `<div id="goyo-root">` as the body's first child (a banner then sits in the
 * page's flow at its top; every other widget is fixed and does not care) and attaches an open shadow root (open so that
 * assistive tech, axe and the page's tests can look inside). Styles go in through constructable
 * stylesheets: no `<style>` element, no `style` attribute, so a strict `style-src 'self'`
 * Content-Security-Policy holds.
 *
 * @example
 * const { root, theme, cleanup } = mount(document)
 * theme({ '--goyo-accent': '#4f46e5' })
 */
export function mount(doc: Document): Mounted {
  const host = doc.getElementById(ROOT_ID) ?? doc.body.insertBefore(Object.assign(doc.createElement('div'), { id: ROOT_ID }), doc.body.firstChild)
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' })
  const base = new CSSStyleSheet()
  const vars = new CSSStyleSheet()
  base.replaceSync(CSS)
  root.adoptedStyleSheets = [base, vars]
  return {
    root,
    theme(values) {
      // validContent() let through only `--goyo-*` names and values without `;{}<>\`.
      vars.replaceSync(`:host{${Object.entries(values).map(([name, value]) => `${name}:${value}`).join(';')}}`)
    },
    lang: (locale) => (locale ? host.setAttribute('lang', locale) : host.removeAttribute('lang')),
    cleanup: () => host.remove(),
  }
}
