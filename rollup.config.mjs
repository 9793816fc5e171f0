// Builds the browser SDK (packages/sdk/dist):
//   goyo.js     classic-script IIFE for the script tag, everything bundled, minified
//   index.mjs   ESM for bundlers; preact (and idb, if ever imported) stay external so host bundlers dedupe them
//   index.d.ts  bundled declarations
// The lazy UI chunk (goyo-ui.js) joins this list with the onboarding issue.
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

/** Shared plugin list; `minify` only for the script-tag bundle. */
function plugins({ minify }) {
  return [
    noNodeImports(),
    replace({ preventAssignment: true, values: { __GOYO_VERSION__: JSON.stringify(version) } }),
    nodeResolve({ browser: true, extensions: ['.ts', '.tsx', '.mjs', '.js'] }),
    // es2021: `?.`, `??` and `??=` stay native (Chrome 85, Safari 14, Firefox 79), saving bytes.
    esbuild({ target: 'es2021', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }),
    minify &&
      terser({
        ecma: 2020,
        toplevel: true,
        // unsafe_arrows/unsafe_methods: the SDK never relies on `this` in arrows or on `new` of methods.
        compress: { passes: 3, pure_getters: true, unsafe_arrows: true, unsafe_methods: true },
        format: { comments: false },
      }),
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

export default [
  iife,
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
