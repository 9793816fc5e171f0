/**
 * The collector alone, for the ingest benchmark: `test/bench/ingest.ts` starts this file in a
 * child process so that the collector's CPU time and memory are not mixed with the load
 * generator's.
 *
 * Usage: `node --import tsx test/bench/ingest-server.ts postgres <url>` or `... pglite <dir>`.
 *
 * Protocol, one JSON line each way:
 * - stdout, once listening: `{ "ready": true, "url", "writeKey", "secretKey" }`.
 * - stdin `stats` → stdout `{ "stats": true, "maxRssKb", "cpuMs" }` (CPU time used so far, user + system).
 * - BENCH_HEAP_SNAPSHOT_MB: writes a heap snapshot (into the working folder) the first time the
 *   V8 heap in use passes that many MB.
 * - stdin `stop` (or stdin closing, or SIGTERM) → stops the server, closes the store, prints
 *   `{ "stopped": true, "maxRssKb" }` and exits.
 */
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { writeHeapSnapshot } from 'node:v8'
import { createCollector } from '../../packages/collector/src/collector'
import { generateKey } from '../../packages/collector/src/keys'
import { serve, type RunningServer } from '../../packages/collector/src/node'
import { openStore } from '../../packages/collector/src/store/open'

const [kind, location] = process.argv.slice(2)
if ((kind !== 'postgres' && kind !== 'pglite') || !location) {
  console.error('usage: ingest-server.ts postgres <database-url> | pglite <data-dir>')
  process.exit(2)
}

const send = (message: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(message)}\n`)
/**
 * Peak RSS in KB, PGlite's WASM memory included. On Linux this is VmHWM: `resourceUsage().maxRSS`
 * keeps the high-water mark of the process before exec, which here is a fork of the benchmark
 * with all its prepared batches, and would report the parent's size instead of the collector's.
 */
function maxRssKb(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))
    if (match) return Number(match[1])
  } catch {
    // Not Linux: maxRSS is the best there is.
  }
  return process.resourceUsage().maxRSS
}
/**
 * Where the memory is, sampled every 100 ms: the peak of each part of `process.memoryUsage()` (MB).
 * `rss` minus the V8 heap and external memory is code, PGlite's WebAssembly memory and native buffers.
 */
const peaks = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }
const snapshotAtMb = Number(process.env.BENCH_HEAP_SNAPSHOT_MB ?? 0)
const sampler = setInterval(() => {
  const usage = process.memoryUsage()
  if (snapshotAtMb > 0 && usage.heapUsed / 1048576 >= snapshotAtMb && peaks.heapUsed < snapshotAtMb) {
    // Once, the first time the heap passes the mark: what holds it (open in Chrome's DevTools).
    console.error(`heap snapshot: ${writeHeapSnapshot()}`)
  }
  for (const key of Object.keys(peaks) as Array<keyof typeof peaks>) peaks[key] = Math.max(peaks[key], Math.round(usage[key] / 1048576))
}, 100)
sampler.unref()
const cpuMs = () => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

const store = await openStore(kind === 'postgres' ? { databaseUrl: location } : { dataDir: location })
const keys = { writeKey: generateKey('wk'), secretKey: generateKey('sk') }
const collector = createCollector({ store, keys, rateLimit: false, log: () => {} })
const running: RunningServer = await serve(collector, { port: 0, host: '127.0.0.1' })

let stopping = false
async function stop(code = 0): Promise<void> {
  if (stopping) return
  stopping = true
  try {
    await running.stop()
  } catch (error) {
    console.error(error)
    code = 1
  }
  send({ stopped: true, maxRssKb: maxRssKb(), peaksMb: peaks })
  // A normal exit (not a kill) so that `--cpu-prof` can write its profile.
  process.exit(code)
}

createInterface({ input: process.stdin })
  .on('line', (line) => {
    const command = line.trim()
    if (command === 'stats') send({ stats: true, maxRssKb: maxRssKb(), cpuMs: cpuMs() })
    else if (command === 'stop') void stop()
  })
  // The benchmark went away without saying stop: do not outlive it.
  .on('close', () => void stop())
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())

send({ ready: true, url: running.url, writeKey: keys.writeKey, secretKey: keys.secretKey })
