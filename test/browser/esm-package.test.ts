/**
 * The ESM package as a customer gets it (issue 17: `@goyo/sdk` was not installable): `npm pack` in
 * packages/sdk yields a tarball with ESM, types, the widgets' script and a README; it installs into
 * a fresh folder with no registry (the package has no runtime dependencies), type-checks, bundles
 * with Rollup, and the bundled page runs in Chromium, loading the widgets from its own origin
 * through `uiUrl`.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import nodeResolve from '@rollup/plugin-node-resolve'
import { contentSchema } from '@goyo/schema'
import { rollup, type RollupOptions } from 'rollup'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { staticContent } from '../../packages/collector/src/content/source'
import { describeBrowser, eventually, launchChromium } from '../_util/browser'
import { startTestCollector, type TestCollector } from '../_util/collector'

const run = promisify(execFile)
const REPO = resolve(import.meta.dirname, '../..')
const SDK = join(REPO, 'packages/sdk')

const content = contentSchema.parse({
  checklists: [{ id: 'esm', title: 'Bundled with Rollup', items: [{ id: 'works', title: 'It works', doneWhen: { event: 'ESM Works' } }] }],
})

let dir: string
let tarball: string
let packed: string[]
let collector: TestCollector | undefined
let site: Server | undefined

/** Builds every SDK output (`npm run build` does the same), so the package is today's code. */
async function buildSdk(): Promise<void> {
  const { default: configs } = (await import(pathToFileURL(join(REPO, 'rollup.config.mjs')).href)) as { default: Array<RollupOptions & { output: { file: string } }> }
  for (const config of configs) {
    const bundle = await rollup({ ...config, onwarn: () => {} })
    await bundle.write(config.output)
    await bundle.close()
  }
}

describeBrowser('the packed ESM SDK, installed and bundled (Chromium)', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'goyo-esm-'))
    await buildSdk()
    const { stdout } = await run('npm', ['pack', '--pack-destination', dir, '--json'], { cwd: SDK })
    const [info] = JSON.parse(stdout.slice(stdout.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>
    tarball = join(dir, info!.filename)
    packed = info!.files.map((file) => file.path).sort()
    const app = join(dir, 'app')
    await run('mkdir', ['-p', app])
    await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'customer-app', private: true, type: 'module' }))
    // No registry: the tarball has no dependencies to fetch.
    await run('npm', ['install', tarball, '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: app })
  }, 180_000)

  afterAll(async () => {
    await collector?.stop()
    await new Promise<void>((done) => (site ? (site.closeAllConnections(), site.close(() => done())) : done()))
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('packs ESM, types, the widgets’ script and a README, and nothing else', () => {
    expect(packed).toEqual(['README.md', 'dist/goyo-ui.js', 'dist/goyo.js', 'dist/index.d.ts', 'dist/index.mjs', 'package.json'])
  })

  it('installs with no runtime dependencies, and its types check in a TypeScript project', async () => {
    const app = join(dir, 'app')
    const manifest = JSON.parse(await readFile(join(app, 'node_modules/@goyo/sdk/package.json'), 'utf8'))
    expect(manifest.dependencies ?? {}).toEqual({})
    expect(await readFile(join(app, 'node_modules/@goyo/sdk/README.md'), 'utf8')).toContain('uiUrl')
    await writeFile(
      join(app, 'check.ts'),
      `import { createGoyo, type GoyoOptions } from '@goyo/sdk'
const options: GoyoOptions = { writeKey: 'wk', uiUrl: '/assets/goyo-ui.js', debug: true }
const goyo = createGoyo(options)
goyo.track('Typed', { ok: true })
// @ts-expect-error track needs an event name
goyo.track()
`,
    )
    await writeFile(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'esnext', moduleResolution: 'bundler', target: 'es2021', lib: ['es2021', 'dom'], skipLibCheck: false }, files: ['check.ts'] }))
    await run(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', app])
  }, 60_000)

  it('bundles with Rollup and runs in Chromium, loading the widgets from uiUrl', async () => {
    const app = join(dir, 'app')
    collector = await startTestCollector({ content: staticContent(content), engine: false })
    await writeFile(
      join(app, 'main.js'),
      `import { createGoyo } from '@goyo/sdk'
const goyo = createGoyo({ writeKey: ${JSON.stringify(collector.writeKey)}, apiHost: ${JSON.stringify(collector.url)}, uiUrl: '/assets/goyo-ui.js' })
goyo.identify('esm-user')
window.customerGoyo = goyo
`,
    )
    const bundle = await rollup({ input: join(app, 'main.js'), plugins: [nodeResolve({ browser: true })], onwarn: () => {} })
    const { output } = await bundle.generate({ format: 'iife' })
    await bundle.close()
    const code = output[0].code
    const widgets = await readFile(join(app, 'node_modules/@goyo/sdk/dist/goyo-ui.js'))
    site = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname
      if (path === '/bundle.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(code)
      if (path === '/assets/goyo-ui.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(widgets)
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html lang="en"><head><title>Customer app</title><script src="/bundle.js"></script></head><body><main>App</main></body></html>')
    })
    await new Promise<void>((ready) => site!.listen(0, '127.0.0.1', ready))
    const browser = await launchChromium()
    try {
      const page = await browser.newPage()
      const scripts: string[] = []
      page.on('request', (request) => {
        if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname)
      })
      const problems: string[] = []
      page.on('pageerror', (error) => problems.push(error.message))
      await page.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`)
      const launcher = page.locator('#goyo-root .launcher')
      await launcher.waitFor({ timeout: 15_000 })
      expect(await launcher.getAttribute('aria-label')).toBe('Bundled with Rollup: 0 of 1 done')
      await page.evaluate(() => (window as unknown as { customerGoyo: { track(event: string): void; flush(): Promise<void> } }).customerGoyo.track('ESM Works'))
      await expect.poll(() => launcher.getAttribute('aria-label')).toBe('Bundled with Rollup: 1 of 1 done')
      await page.evaluate(() => (window as unknown as { customerGoyo: { flush(): Promise<void> } }).customerGoyo.flush())
      await eventually(async () => (await collector!.storedEvents()).some((e) => e.event === 'ESM Works' && e.userId === 'esm-user'), 10_000, 'ESM Works stored')
      expect(scripts).toEqual(['/bundle.js', '/assets/goyo-ui.js']) // nothing from the collector's /sdk/
      expect(problems).toEqual([])
    } finally {
      await browser.close()
    }
  }, 60_000)
})
