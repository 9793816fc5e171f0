/**
 * Regenerates packages/sdk/mangle.json, the property-name cache of the minified bundles
 * (`_private` member -> short name). Run after adding or removing `_` members:
 *   node packages/sdk/scripts/update-mangle-cache.mjs
 * Names already in the cache keep their short form, so diffs stay small and both IIFE bundles
 * agree on every name.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { rollup } from 'rollup'
import { minify } from 'terser'

const configUrl = new URL('../../../rollup.config.mjs', import.meta.url)
const cacheFile = new URL('../mangle.json', import.meta.url)
const { minified, terserOptions } = await import(configUrl.href)
const nameCache = JSON.parse(readFileSync(cacheFile, 'utf8'))
for (const config of minified) {
  const bundle = await rollup({ ...config, plugins: config.plugins.filter((p) => p.name !== 'terser'), onwarn() {} })
  const { output } = await bundle.generate(config.output)
  await bundle.close()
  await minify(output[0].code, { ...terserOptions, nameCache })
}
// Only property names are pinned; top-level variable names are free to change per build.
delete nameCache.vars
writeFileSync(cacheFile, JSON.stringify(nameCache, null, 2) + '\n')
console.log(`mangle.json: ${Object.keys(nameCache.props?.props ?? {}).length} names`)
