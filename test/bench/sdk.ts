/**
 * `npm run bench:sdk`: the main-thread cost of one `track()` call in headless Chromium, for Goyo's
 * goyo.js next to @segment/analytics-next and posthog-js (issue 3: median ≤ 10 µs and at least
 * 5× cheaper than posthog-js).
 *
 * - PostHog drops events from headless browsers as bots; `opt_out_useragent_filter` makes it do
 *   its normal work, or the comparison would time an early return.
 * - One server on 127.0.0.1 serves the page, the three libraries and a stub ingest API that
 *   answers 200 to everything, so nothing leaves the machine. Segment gets its settings inline
 *   (no CDN fetch); PostHog has flags, surveys, recording, autocapture and external scripts off.
 * - The page is cross-origin isolated (COOP/COEP), which gives `performance.now()` 5 µs
 *   resolution instead of 100 µs. Even so a single call is shorter than one tick, so each sample
 *   times a group of GROUP calls and divides: 10,000 calls = 10,000 / GROUP samples.
 * - Calls run in chunks with a macrotask between chunks, so each library's deferred work
 *   (persistence, batching, network) runs as it would in a real page, but outside the timed call.
 *
 * Prints a markdown table and writes it to test/bench/results/sdk.md.
 * Environment: BENCH_CALLS (10000), BENCH_GROUP (10).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildSdk, launchChromium, browserAvailable, CHROMIUM_PATH } from '../_util/browser'

const CALLS = Number(process.env.BENCH_CALLS ?? 10_000)
const GROUP = Number(process.env.BENCH_GROUP ?? 10)
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

const FILES: Record<string, string> = {
  '/goyo.js': 'packages/sdk/dist/goyo.js',
  '/posthog.js': 'node_modules/posthog-js/dist/array.full.no-external.js',
}
const SEGMENT_DIR = 'node_modules/@segment/analytics-next/dist/umd/'

/** How each library is loaded and what one `track()` call is. */
const LIBRARIES = [
  {
    name: 'goyo.js',
    head: (api: string) => `<script src="/goyo.js" data-write-key="wk_bench" data-api-host="${api}" data-page-views="false"></script>`,
    ready: 'window.goyo && window.goyo.__ext',
    track: (i: number) => (window as any).goyo.track('Bench Event', { i, plan: 'pro' }),
  },
  {
    name: '@segment/analytics-next',
    head: (api: string) => `<script src="/segment/index.js"></script><script>
      window.analytics = null;
      AnalyticsNext.AnalyticsBrowser.load(
        { writeKey: 'wk_bench', cdnSettings: { integrations: { 'Segment.io': { apiKey: 'wk_bench', apiHost: '${api.replace(/^https?:\/\//, '')}/v1', protocol: 'http' } } } },
        { initialPageview: false }
      ).then(([a]) => { window.analytics = a })
    </script>`,
    ready: 'window.analytics',
    track: (i: number) => void (window as any).analytics.track('Bench Event', { i, plan: 'pro' }),
  },
  {
    name: 'posthog-js',
    head: (api: string) => `<script src="/posthog.js"></script><script>
      posthog.init('phc_bench', {
        api_host: '${api}', autocapture: false, capture_pageview: false, capture_pageleave: false,
        disable_session_recording: true, disable_surveys: true, advanced_disable_flags: true,
        advanced_disable_decide: true, disable_external_dependency_loading: true, request_batching: true,
        opt_out_useragent_filter: true, // HeadlessChrome is a bot to PostHog: without this, capture() returns at once
      })
    </script>`,
    ready: 'window.posthog && window.posthog.__loaded',
    track: (i: number) => (window as any).posthog.capture('Bench Event', { i, plan: 'pro' }),
  },
]

let ingestRequests = 0

async function serve(): Promise<{ url: string; close(): void }> {
  let pageHead = ''
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    // COOP/COEP: cross-origin isolation for 5 µs timers; CORP lets the isolated page load our files.
    const headers = {
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
      'cross-origin-resource-policy': 'same-origin',
      'cache-control': 'no-store',
    }
    try {
      if (path.startsWith('/page/')) {
        const lib = LIBRARIES[Number(path.slice(6))]!
        pageHead = lib.head(`http://${req.headers.host}`)
        res.writeHead(200, { ...headers, 'content-type': 'text/html' }).end(`<!doctype html><html><head><title>bench</title>${pageHead}</head><body></body></html>`)
      } else if (FILES[path] || path.startsWith('/segment/')) {
        const file = FILES[path] ?? SEGMENT_DIR + path.slice('/segment/'.length)
        res.writeHead(200, { ...headers, 'content-type': 'text/javascript' }).end(await readFile(join(root, file)))
      } else {
        // The stub ingest API for all three libraries: drain the body, say yes.
        ingestRequests++
        req.resume()
        req.on('end', () => res.writeHead(200, { ...headers, 'content-type': 'application/json' }).end('{"status":1,"success":true}'))
      }
    } catch {
      res.writeHead(404, headers).end()
    }
  })
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() }
}

/** Runs in the page: warm-up, then CALLS timed calls in groups; returns per-call µs samples. */
async function measureInPage([source, calls, group]: [string, number, number]): Promise<{ samples: number[]; isolated: boolean }> {
  const track = new Function('i', `return (${source})(i)`) as (i: number) => void
  for (let i = 0; i < 500; i++) track(i) // warm-up: JIT, lazy init
  await new Promise((r) => setTimeout(r, 200))
  const samples: number[] = []
  let i = 0
  while (i < calls) {
    for (let chunk = 0; chunk < 100 && i < calls; chunk += group) {
      const t0 = performance.now()
      for (let g = 0; g < group; g++) track(i++)
      samples.push(((performance.now() - t0) * 1000) / group)
    }
    await new Promise((r) => setTimeout(r, 0)) // let deferred work run, untimed
  }
  return { samples, isolated: crossOriginIsolated }
}

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!

async function main(): Promise<void> {
  if (!browserAvailable) throw new Error(`bench:sdk needs Chromium at ${CHROMIUM_PATH}`)
  await buildSdk()
  const server = await serve()
  const browser = await launchChromium()
  const rows: Array<{ name: string; median: number; p99: number; requests: number }> = []
  try {
    for (const [index, lib] of LIBRARIES.entries()) {
      ingestRequests = 0
      const page = await (await browser.newContext()).newPage()
      await page.goto(`${server.url}/page/${index}`)
      await page.waitForFunction(lib.ready, undefined, { timeout: 15_000 })
      const { samples, isolated } = await page.evaluate(measureInPage, [lib.track.toString(), CALLS, GROUP] as [string, number, number])
      if (!isolated) console.warn('page is not cross-origin isolated: timer resolution is 100 µs')
      samples.sort((a, b) => a - b)
      await page.waitForTimeout(2000) // let batches go out, to check each library really sent
      rows.push({ name: lib.name, median: quantile(samples, 0.5), p99: quantile(samples, 0.99), requests: ingestRequests })
      await page.context().close()
    }
  } finally {
    await browser.close()
    server.close()
  }
  const posthog = rows.find((r) => r.name === 'posthog-js')!
  const goyo = rows.find((r) => r.name === 'goyo.js')!
  const table = [
    `track() on the main thread, headless Chromium, ${CALLS} calls (timed in groups of ${GROUP})`,
    '',
    '| library | median µs | p99 µs | median vs goyo.js | requests to the stub API |',
    '|---|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.name} | ${r.median.toFixed(1)} | ${r.p99.toFixed(1)} | ${(r.median / goyo.median).toFixed(1)}× | ${r.requests} |`),
    '',
    `Goals: goyo.js median ≤ 10 µs (${goyo.median <= 10 ? 'met' : 'NOT met'}); ≥ 5× cheaper than posthog-js (${posthog.median / goyo.median >= 5 ? 'met' : 'NOT met'}, ${(posthog.median / goyo.median).toFixed(1)}×).`,
  ].join('\n')
  console.log(table)
  await mkdir(join(root, 'test/bench/results'), { recursive: true })
  await writeFile(join(root, 'test/bench/results/sdk.md'), `${table}\n`)
}

await main()
