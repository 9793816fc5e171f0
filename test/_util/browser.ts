/**
 * Real-browser test support: finds Chromium, builds the script-tag bundle, and serves test pages
 * from their own origin. Without Chromium the browser suites skip locally, but fail loudly in CI
 * (`CI` or `GOYO_REQUIRE_BROWSER=1`), so a missing browser can never turn them green by absence.
 */
import { existsSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type Browser } from 'playwright-core'
import { rollup, type RollupOptions } from 'rollup'
import { describe, it } from 'vitest'

/** Where the system Chromium lives (apt's `chromium`); `GOYO_CHROMIUM` overrides it. */
export const CHROMIUM_PATH = process.env.GOYO_CHROMIUM ?? '/usr/bin/chromium'
export const browserRequired = !!(process.env.GOYO_REQUIRE_BROWSER || process.env.CI)
export const browserAvailable = existsSync(CHROMIUM_PATH)

/**
 * `describe` for suites that need Chromium: runs them when it is installed, skips them locally
 * when it is not, and fails when it is missing but required.
 */
export function describeBrowser(name: string, fn: () => void): void {
  if (browserAvailable) describe(name, fn)
  else if (browserRequired) {
    describe(name, () => {
      it('needs Chromium', () => {
        throw new Error(`Chromium not found at ${CHROMIUM_PATH}; install it (apt-get install chromium) or set GOYO_CHROMIUM`)
      })
    })
  } else describe.skip(`${name} (no Chromium at ${CHROMIUM_PATH})`, fn)
}

/** Launches headless Chromium; no sandbox (containers), no GPU, no background traffic. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  })
}

let built: Promise<void> | undefined

/** Builds packages/sdk/dist/goyo.js from source once per test process, so tests run on the real bundle. */
export function buildSdk(): Promise<void> {
  return (built ??= (async () => {
    const configUrl = pathToFileURL(resolve(import.meta.dirname, '../../rollup.config.mjs')).href
    const { iife } = (await import(configUrl)) as { iife: RollupOptions & { output: { file: string; format: 'iife' } } }
    const bundle = await rollup({ ...iife, onwarn: () => {} })
    await bundle.write(iife.output)
    await bundle.close()
  })())
}

/** A tiny HTTP server for test pages: another origin than the collector, like a customer's app. */
export async function servePages(pages: Record<string, string>): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    const html = pages[path]
    if (html === undefined) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html)
  })
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections()
        server.close(() => done())
      }),
  }
}

/** The README snippet: stubs that queue calls until goyo.js arrives. */
export const SNIPPET = `window.goyo=window.goyo||{q:[]};["identify","group","track","page","milestone","consent","reset","on"].forEach(function(m){window.goyo[m]=window.goyo[m]||function(){window.goyo.q.push([m].concat([].slice.call(arguments)))}});`

/** Polls `check` until it returns a value, or fails after `timeoutMs` (tests stay bounded). */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}
