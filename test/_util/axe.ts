import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

/** The page's axe-core, once injected. */
type AxeWindow = { axe: { run(context: unknown, options: unknown): Promise<Record<'violations' | 'passes', Array<{ id: string; impact: string; nodes: Array<{ target: unknown[] }> }>>> } }

/**
 * Serious or critical axe-core violations in `#goyo-root`, as `id (nodes)`. axe walks the open
 * shadow root from the host; if it did not (no node of a shadow root among its passes), that is
 * reported as a problem too, so the check can never pass by looking at nothing.
 */
export async function axeProblems(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8') })
  return page.evaluate(async () => {
    const result = await (window as unknown as AxeWindow).axe.run(document.getElementById('goyo-root'), {})
    // A node inside a shadow root has a nested target (host selector, then inner selector).
    const sawShadow = result.passes.some((rule) => rule.nodes.some((node) => Array.isArray(node.target[0])))
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.length})`)
    return sawShadow ? bad : ['axe did not look inside the shadow root']
  })
}
