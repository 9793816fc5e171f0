/**
 * Byte budget of the script-tag bundle, in the style of zod's bundle-size test. Every customer
 * page downloads goyo.js, so growth is a product decision, not an accident: this test builds the
 * bundle in memory from source (so it also runs on a clean clone) and fails past the ceiling.
 *
 * History: 2026-11, first build was 8.8 kB gz; the idb library's proxies (~600 B gz) were replaced
 * by raw IndexedDB calls and the transport was tightened to fit 7 kB.
 */
import { gzipSync } from 'node:zlib'
import { pathToFileURL } from 'node:url'
import { resolve } from 'node:path'
import { rollup, type RollupOptions } from 'rollup'
import { beforeAll, describe, expect, it } from 'vitest'

/** Gzipped ceiling of dist/goyo.js. Raise it only deliberately, in the same commit as the growth. */
const GOYO_JS_MAX_GZIP = 7168

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

beforeAll(async () => {
  const configUrl = pathToFileURL(resolve(import.meta.dirname, '../../rollup.config.mjs')).href
  const { iife } = (await import(configUrl)) as { iife: RollupOptions & { output: { format: 'iife' } } }
  const bundle = await rollup({ ...iife, onwarn: () => {} })
  const { output } = await bundle.generate(iife.output)
  await bundle.close()
  code = output[0].code
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
