import { createServer, request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Content } from '@goyo/schema'
import type { Browser } from 'playwright-core'
import { rollup, type RollupOptions } from 'rollup'
import { staticContent } from '../../packages/collector/src/content/source'
import { launchChromium, SNIPPET } from './browser'
import { startTestCollector, type TestCollector } from './collector'

/** Builds goyo.js and goyo-ui.js from the sources as `npm run build` does, so browser tests run today's code. */
export async function buildBundles(): Promise<void> {
  const configUrl = pathToFileURL(resolve(import.meta.dirname, '../../rollup.config.mjs')).href
  const { minified } = (await import(configUrl)) as { minified: Array<RollupOptions & { output: { file: string; format: 'iife' } }> }
  for (const config of minified) {
    const bundle = await rollup({ ...config, onwarn: () => {} })
    await bundle.write(config.output)
    await bundle.close()
  }
}

/** What a customer's page is made of. */
export interface CustomerPage {
  /** The customer's own script, run right after the snippet (it identifies the user, say). */
  app: string
  /** The page's body. */
  body: string
  /** More attributes of the goyo.js script tag, e.g. `data-debug`. */
  scriptAttributes?: string
}

/**
 * A customer's app in front of a collector: every path serves the same page with the snippet and
 * the script tag. Under `/csp/` the page is strict (`script-src 'self'; style-src 'self'`), so it
 * loads the snippet from `/csp/app.js` and the SDK from its own origin: `/sdk/*` and `/v1/*` are
 * proxied to the collector.
 */
export async function serveCustomerApp(collector: { url: string; writeKey: string }, page: CustomerPage): Promise<{ url: string; close(): Promise<void> }> {
  const target = new URL(collector.url)
  const head = (strict: boolean) =>
    strict
      ? `<script src="/csp/app.js"></script><script async src="/sdk/goyo.js" data-write-key="${collector.writeKey}" ${page.scriptAttributes ?? ''}></script>`
      : `<script>${SNIPPET}${page.app}</script><script async src="${collector.url}/sdk/goyo.js" data-write-key="${collector.writeKey}" ${page.scriptAttributes ?? ''}></script>`
  const html = (strict: boolean) => `<!doctype html><html lang="en"><head><title>Ledgerly</title>${head(strict)}</head><body>${page.body}</body></html>`
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if (path.startsWith('/sdk/') || path.startsWith('/v1/')) {
      const proxied = httpRequest({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      })
      req.pipe(proxied)
      return
    }
    if (path === '/csp/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(SNIPPET + page.app)
      return
    }
    const strict = path.startsWith('/csp/')
    res
      .writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        ...(strict ? { 'content-security-policy': "script-src 'self'; style-src 'self'" } : {}),
      })
      .end(html(strict))
  })
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((done) => (server.closeAllConnections(), server.close(() => done()))),
  }
}

/** Everything a browser suite runs against: the collector, the customer's app in front of it, Chromium. */
export interface CustomerApp {
  collector: TestCollector
  site: { url: string; close(): Promise<void> }
  browser: Browser
  stop(): Promise<void>
}

/**
 * Builds the bundles, starts a collector with `content` (engine off: the suites seed what they
 * need), serves `page` in front of it and launches Chromium. What started is stopped again if a
 * later step fails.
 *
 * @example
 * let app: CustomerApp
 * beforeAll(async () => void (app = await startCustomerApp(content, { app: 'goyo.identify("u1")', body: '<main></main>' })), 120_000)
 * afterAll(() => app?.stop())
 */
export async function startCustomerApp(content: Content, page: CustomerPage): Promise<CustomerApp> {
  await buildBundles()
  const started: Array<() => Promise<unknown>> = []
  const stop = async () => {
    for (const close of started.splice(0).reverse()) await close()
  }
  try {
    const collector = await startTestCollector({ content: staticContent(content), engine: false })
    started.push(() => collector.stop())
    const site = await serveCustomerApp(collector, page)
    started.push(() => site.close())
    const browser = await launchChromium()
    started.push(() => browser.close())
    return { collector, site, browser, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
