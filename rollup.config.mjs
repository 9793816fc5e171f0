// Builds the browser SDK (packages/sdk/dist):
//   goyo.js     classic-script IIFE for the script tag, everything bundled, minified
//   index.mjs   ESM for bundlers; preact (and idb, if ever imported) stay external so host bundlers dedupe them
//   index.d.ts  bundled declarations
//   goyo-ui.js  the lazy UI chunk (Preact + widgets), classic-script IIFE, minified
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import nodeResolve from '@rollup/plugin-node-resolve'
import replace from '@rollup/plugin-replace'
import terser from '@rollup/plugin-terser'
import esbuild from 'rollup-plugin-esbuild'
import { dts } from 'rollup-plugin-dts'

const sdk = (path) => fileURLToPath(new URL(`./packages/sdk/${path}`, import.meta.url))
const { version } = JSON.parse(readFileSync(sdk('package.json'), 'utf8'))

/** The SDK runs in browsers: a `node:` import would break every customer page, so it fails the build. */
export function noNodeImports() {
  return {
    name: 'goyo-no-node-imports',
    resolveId(source, importer) {
      if (source.startsWith('node:')) this.error(`"${source}" imported by ${importer}: the browser SDK must not import node: modules`)
      return null
    },
  }
}

/** The committed property-name cache (packages/sdk/mangle.json); a fresh copy per build, terser mutates it. */
function loadNameCache() {
  return JSON.parse(readFileSync(sdk('mangle.json'), 'utf8'))
}

/** Minifier options of the IIFE bundles (shared with scripts/update-mangle-cache.mjs). */
export const terserOptions = {
  ecma: 2020,
  toplevel: true,
  // unsafe_arrows/unsafe_methods: the SDK never relies on `this` in arrows or on `new` of methods.
  compress: { passes: 3, pure_getters: true, unsafe: true, unsafe_arrows: true, unsafe_methods: true },
  // Private members are named `_x` (STYLE.md 3.3) so they can be shortened. `__ext` (two
  // underscores) is the public slot between the two bundles and is left alone. The name cache
  // keeps each private name's short form stable across builds and identical in goyo.js and
  // goyo-ui.js; the UI chunk never reads a core object's private member, so they cannot drift.
  mangle: { properties: { regex: /^_[^_]/ } },
  // wrap_func_args: no parentheses around function arguments (a V8 lazy-parse hint) saves ~30 B gz.
  format: { comments: false, wrap_func_args: false },
}

/** Shared plugin list; `minify` only for the script-tag bundle. */
function plugins({ minify }) {
  return [
    noNodeImports(),
    replace({ preventAssignment: true, values: { __GOYO_VERSION__: JSON.stringify(version) } }),
    nodeResolve({ browser: true, extensions: ['.ts', '.tsx', '.mjs', '.js'] }),
    // es2021: `?.`, `??` and `??=` stay native (Chrome 85, Safari 14, Firefox 79), saving bytes.
    esbuild({ target: 'es2021', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }),
    minify && terser({ ...terserOptions, nameCache: loadNameCache() }),
  ].filter(Boolean)
}

/**
 * The SDK imports only constants (event names, limits) from @goyo/schema. Its index also
 * re-exports zod schemas, built at module top level, which Rollup must assume have side effects
 * unless told otherwise; the schema package and zod are pure, so saying so keeps zod out of the
 * bundle (test/size/size.test.ts asserts that).
 */
const treeshake = {
  propertyReadSideEffects: false,
  moduleSideEffects: (id) => !/[\\/](packages[\\/]schema|node_modules[\\/]zod)[\\/]/.test(id),
}

/** The script-tag bundle; exported separately so the size test can build it in memory. */
export const iife = {
  input: sdk('src/global.ts'),
  treeshake,
  plugins: plugins({ minify: true }),
  output: { file: sdk('dist/goyo.js'), format: 'iife', sourcemap: false },
}

/**
 * The lazy UI chunk: Preact, hooks and the widgets, registering the `ui` plugin through
 * `window.goyo.__ext`. Loaded by goyo.js only when there is something to show.
 */
export const ui = {
  input: sdk('src/ui.ts'),
  treeshake,
  plugins: plugins({ minify: true }),
  output: { file: sdk('dist/goyo-ui.js'), format: 'iife', sourcemap: false },
}

/** The minified bundles (the size test and the name-cache script build these). */
export const minified = [iife, ui]

export default [
  iife,
  ui,
  {
    input: sdk('src/index.ts'),
    treeshake,
    external: [/^idb(\/|$)/, /^preact(\/|$)/],
    plugins: plugins({ minify: false }),
    output: { file: sdk('dist/index.mjs'), format: 'es', sourcemap: true },
  },
  {
    input: sdk('src/index.ts'),
    plugins: [dts({ tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) })],
    output: { file: sdk('dist/index.d.ts'), format: 'es' },
  },
]
