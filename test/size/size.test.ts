/**
 * Byte budget of the script-tag bundle, in the style of zod's bundle-size test. Every customer
 * page downloads goyo.js, so growth is a product decision, not an accident: this test builds the
 * bundle in memory from source (so it also runs on a clean clone) and fails past the ceiling.
 *
 * History: 2026-11, first build was 8.8 kB gz; the idb library's proxies (~600 B gz) were replaced
 * by raw IndexedDB calls and the transport was tightened to fit 7 kB.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { pathToFileURL } from 'node:url'
import { resolve } from 'node:path'
import { rollup, type RollupOptions } from 'rollup'
import { beforeAll, describe, expect, it } from 'vitest'

/** Gzipped ceiling of dist/goyo.js. Raise it only deliberately, in the same commit as the growth. */
const GOYO_JS_MAX_GZIP = 7168

/**
 * Gzipped ceiling of dist/goyo-ui.js, the lazy chunk (Preact + hooks + widgets + CSS), loaded only
 * when there is something to show. Same rule: raise deliberately, in the same commit.
 */
const GOYO_UI_JS_MAX_GZIP = 16384

/** Identifiers that betray Preact or zod inside the core bundle (both belong in the lazy UI chunk). */
const MUST_NOT_APPEAR = [
  // Preact: its name, and mangled internals that survive minification (vnode children, hooks state)
  'preact',
  'dangerouslySetInnerHTML',
  '__k',
  '__H',
  // zod
  'zod',
  'ZodError',
  '$ZodType',
  'safeParse',
  // Node built-ins would break every page
  'node:',
]

let code = ''
let uiCode = ''

type IifeConfig = RollupOptions & { output: { format: 'iife' } }

async function build(config: IifeConfig): Promise<string> {
  const bundle = await rollup({ ...config, onwarn: () => {} })
  const { output } = await bundle.generate(config.output)
  await bundle.close()
  return output[0].code
}

beforeAll(async () => {
  const configUrl = pathToFileURL(resolve(import.meta.dirname, '../../rollup.config.mjs')).href
  const { iife, ui } = (await import(configUrl)) as { iife: IifeConfig; ui: IifeConfig }
  ;[code, uiCode] = await Promise.all([build(iife), build(ui)])
}, 120_000)

describe('goyo.js (script-tag bundle)', () => {
  it(`is at most ${GOYO_JS_MAX_GZIP} bytes gzipped`, () => {
    const gz = gzipSync(code, { level: 9 }).length
    console.info(`goyo.js: ${code.length} B minified, ${gz} B gzipped (budget ${GOYO_JS_MAX_GZIP})`)
    expect(
      gz,
      `goyo.js is ${gz} B gzipped, over its ${GOYO_JS_MAX_GZIP} B budget. Find what grew (ANALYZE the bundle); ` +
        'raise GOYO_JS_MAX_GZIP only deliberately, in the same commit, with a comment saying why.',
    ).toBeLessThanOrEqual(GOYO_JS_MAX_GZIP)
  })

  it.each(MUST_NOT_APPEAR)('does not contain %s', (identifier) => {
    expect(code.length).toBeGreaterThan(1000) // a failed build must not pass vacuously
    expect(code.includes(identifier), `${identifier} found in goyo.js: Preact and zod belong in the lazy UI chunk`).toBe(false)
  })

  it('is a classic script that installs window.goyo', () => {
    expect(code.startsWith('!function(){') || code.startsWith('(function(){')).toBe(true)
    expect(code).toContain('data-write-key')
    expect(code).not.toMatch(/\bimport\s*[({]|\bexport\s/)
  })
})

describe('goyo-ui.js (lazy UI chunk)', () => {
  it(`is at most ${GOYO_UI_JS_MAX_GZIP} bytes gzipped`, () => {
    const gz = gzipSync(uiCode, { level: 9 }).length
    console.info(`goyo-ui.js: ${uiCode.length} B minified, ${gz} B gzipped (budget ${GOYO_UI_JS_MAX_GZIP})`)
    expect(
      gz,
      `goyo-ui.js is ${gz} B gzipped, over its ${GOYO_UI_JS_MAX_GZIP} B budget. Raise GOYO_UI_JS_MAX_GZIP only deliberately, in the same commit.`,
    ).toBeLessThanOrEqual(GOYO_UI_JS_MAX_GZIP)
  })

  // The strict-CSP page (script-src 'self'; style-src 'self') allows no eval; zod stays out (hand-written guard).
  it.each(['new Function', 'eval(', 'zod', 'node:'])('does not use %s', (identifier) => {
    expect(uiCode.length).toBeGreaterThan(1000)
    expect(uiCode.includes(identifier), `${identifier} found in goyo-ui.js`).toBe(false)
  })

  // Content is text. Preact's renderer itself knows the dangerouslySetInnerHTML prop, so the check
  // is on our widget sources: none of them may turn a string into markup or set an inline style.
  it('widget sources never set innerHTML, dangerouslySetInnerHTML or a style attribute', () => {
    const dir = resolve(import.meta.dirname, '../../packages/sdk/src/ui')
    const sources = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.tsx?$/.test(file) && !file.includes('.test.'))
      .map((file) => readFileSync(resolve(dir, file), 'utf8'))
    expect(sources.length).toBeGreaterThan(5)
    for (const source of sources) expect(source).not.toMatch(/innerHTML|dangerouslySetInnerHTML|\bstyle=|\.style\b|setAttribute\(\s*['"]style/)
  })

  it('is a classic script that registers through window.goyo.__ext and styles through adoptedStyleSheets', () => {
    expect(uiCode.startsWith('!function(){') || uiCode.startsWith('(function(){')).toBe(true)
    expect(uiCode).toContain('__ext')
    expect(uiCode).toContain('adoptedStyleSheets')
    expect(uiCode).not.toMatch(/\bimport\s*[({]|\bexport\s/)
  })
})
