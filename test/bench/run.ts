/**
 * `npm run bench`: runs the benchmarks of the other issues (bench:sdk, bench:ingest,
 * bench:reports), each as a child process (a missing or failing one is noted, not fatal), measures
 * SDK bytes against the alternatives and the collector's peak RSS, and writes ONE markdown table
 * with the date and the machine to test/bench/RESULTS.md.
 *
 * Environment: BENCH_SKIP (comma list of sdk,ingest,reports to skip and reuse the last results
 * file instead), BENCH_STEP_TIMEOUT_S (per benchmark, default 600).
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { loadEvent, postBatch, rssMb, startCollectorProcess } from '../_util/processes'

const root = fileURLToPath(new URL('../../', import.meta.url))
const results = join(root, 'test/bench/results')
const SKIP = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean))
const KEEP_MARKER = '<!-- Everything below this line is kept'
const STEP_TIMEOUT_MS = Number(process.env.BENCH_STEP_TIMEOUT_S ?? 600) * 1000

type Row = [area: string, measure: string, goyo: string, reference: string, note: string]
const rows: Row[] = []
const notes: string[] = []

/** Runs `npm run <script>` with a time limit; resolves with how it ended. */
function runScript(script: string): Promise<{ ok: boolean; why?: string; seconds: number }> {
  const started = Date.now()
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], detached: true })
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGTERM')
      } catch {}
    }, STEP_TIMEOUT_MS)
    child.once('error', (error) => {
      clearTimeout(timer)
      resolve({ ok: false, why: error.message, seconds: (Date.now() - started) / 1000 })
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      resolve({ ok: code === 0, why: code === 0 ? undefined : `exited with ${code ?? signal}`, seconds: (Date.now() - started) / 1000 })
    })
  })
}

/** Markdown table rows of a results file: header names to cells. */
async function tableOf(file: string): Promise<Array<Record<string, string>>> {
  const text = await readFile(join(results, file), 'utf8').catch(() => '')
  const lines = text.split('\n').filter((line) => line.startsWith('|'))
  if (lines.length < 2) return []
  const cells = (line: string) => line.slice(1, -1).split('|').map((cell) => cell.trim())
  const header = cells(lines[0]!)
  return lines.slice(2).map((line) => Object.fromEntries(cells(line).map((cell, i) => [header[i] ?? String(i), cell])))
}

async function step(name: 'sdk' | 'ingest' | 'reports'): Promise<void> {
  const script = `bench:${name}`
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  if (!pkg.scripts[script]) {
    notes.push(`${script}: no such script yet; its rows are missing.`)
    return
  }
  if (SKIP.has(name)) {
    notes.push(`${script}: skipped (BENCH_SKIP); rows from the last results/${name}.md.`)
    return
  }
  console.error(`\n=== npm run ${script}`)
  const outcome = await runScript(script)
  if (!outcome.ok) notes.push(`${script}: ${outcome.why} after ${outcome.seconds.toFixed(0)} s; rows from the last results/${name}.md if any.`)
  else notes.push(`${script}: ran in ${outcome.seconds.toFixed(0)} s.`)
}

const gz = (bytes: Buffer) => gzipSync(bytes, { level: 9 }).length
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

/** gzip size of files (summed); null when one is missing. */
async function gzSize(...files: string[]): Promise<number | null> {
  let total = 0
  for (const file of files) {
    const path = join(root, file)
    if (!existsSync(path)) return null
    total += gz(await readFile(path))
  }
  return total
}

async function sdkBytes(): Promise<void> {
  const core = await gzSize('packages/sdk/dist/goyo.js')
  const ui = await gzSize('packages/sdk/dist/goyo-ui.js')
  if (core === null) {
    notes.push('packages/sdk/dist/goyo.js is missing: run `npm run build` first.')
    return
  }
  const others: Array<[string, string[]]> = [
    ['@segment/analytics-next (umd/standalone.js)', ['node_modules/@segment/analytics-next/dist/umd/standalone.js']],
    ['posthog-js (dist/array.js)', ['node_modules/posthog-js/dist/array.js']],
    ['Shepherd (shepherd.mjs + css)', ['node_modules/shepherd.js/dist/js/shepherd.mjs', 'node_modules/shepherd.js/dist/css/shepherd.css']],
    ['Driver.js (iife + css)', ['node_modules/driver.js/dist/driver.js.iife.js', 'node_modules/driver.js/dist/driver.css']],
  ]
  rows.push(['SDK bytes (gzip -9)', 'goyo.js (core, every page)', kb(core), '', 'budget 7 KB'])
  rows.push(['SDK bytes (gzip -9)', 'goyo-ui.js (lazy UI chunk)', ui === null ? 'not built yet' : kb(ui), '', ui === null ? 'the UI chunk has not landed' : 'loaded only when content shows'])
  for (const [name, files] of others) {
    const size = await gzSize(...files)
    rows.push(['SDK bytes (gzip -9)', name, '', size === null ? 'not installed' : kb(size), size === null ? '' : `${(size / core).toFixed(1)}× goyo.js`])
  }
}

async function sdkRows(): Promise<void> {
  const table = await tableOf('sdk.md')
  const goyo = table.find((row) => row.library === 'goyo.js')
  if (!goyo) return notes.push('results/sdk.md has no goyo.js row.') as unknown as void
  for (const row of table) {
    if (row === goyo) continue
    rows.push(['track() main-thread cost, Chromium', `median (p99) µs vs ${row.library}`, `${goyo['median µs']} (${goyo['p99 µs']})`, `${row['median µs']} (${row['p99 µs']})`, `${row.library} costs ${row['median vs goyo.js']} goyo.js's median`])
  }
}

async function ingestRows(): Promise<void> {
  const table = await tableOf('ingest.md')
  for (const row of table) {
    const store = row.store ?? ''
    const raw = row['raw INSERT events/s']
    rows.push(['ingest over HTTP, 100-event batches', `events/s on ${store}`, row['events/s via HTTP'] ?? '', raw && raw !== '—' ? `raw INSERT ${raw}` : '', row.ratio && row.ratio !== '—' ? `ratio ${row.ratio} (goal ≥ 0.5)` : 'goal ≥ 10,000/s, aim 20,000/s'])
  }
  for (const row of table) {
    if (row['collector peak RSS (MB)']) rows.push(['collector peak RSS', `during bench:ingest on ${row.store}`, `${row['collector peak RSS (MB)']} MB`, '', 'goal < 200 MB'])
  }
}

async function reportRows(): Promise<void> {
  const table = await tableOf('reports.md')
  for (const row of table) {
    if (/raw/.test(row.report ?? '')) continue
    const raw = table.find((r) => r.events === row.events && r.report === `${row.report} from raw events`)
    rows.push(['report latency (PostgreSQL)', `${row.report} at ${row.events} events, p50 ms`, row['p50 (ms)'] ?? '', raw ? `raw query ${raw['p50 (ms)']}` : '', raw?.note ?? row.note ?? ''])
  }
  if (!table.some((row) => row.events === '10M')) notes.push('bench:reports has no 10M-event rows in its last results.')
}

/** Starts the collector on an embedded store, loads it briefly, and reads its peak RSS (VmHWM). */
async function collectorPeakRss(): Promise<void> {
  const dir = await mkdtemp(join(os.tmpdir(), 'goyo-bench-rss-'))
  try {
    for (const phase of ['first start (initdb)', 'restart, 20,000 events']) {
      const collector = await startCollectorProcess(['--data', dir])
      try {
        if (phase.startsWith('restart')) {
          for (let b = 0; b < 200; b += 4) {
            await Promise.all([0, 1, 2, 3].map((k) => postBatch(collector.url, Array.from({ length: 100 }, (_, i) => loadEvent(`rss-${b + k}-${i}`, k, i)))))
          }
        }
        const status = await readFile(`/proc/${collector.pid}/status`, 'utf8').catch(() => '')
        const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]) / 1024
        rows.push(['collector peak RSS', `embedded store, ${phase}`, Number.isFinite(hwm) ? `${hwm.toFixed(0)} MB` : `${rssMb(collector.pid)?.toFixed(0) ?? '?'} MB (now)`, '', 'goal < 200 MB'])
      } finally {
        await collector.stop()
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  const started = new Date()
  for (const name of ['sdk', 'ingest', 'reports'] as const) await step(name)
  await sdkBytes()
  await sdkRows()
  await ingestRows()
  await reportRows()
  await collectorPeakRss().catch((error) => notes.push(`collector peak RSS: ${(error as Error).message}`))

  const cpus = os.cpus()
  const machine = `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GB memory, ${os.platform()} ${os.release()}, Node ${process.version}`
  const escape = (cell: string) => cell.replace(/\|/g, '\\|')
  const text = [
    '# Goyo benchmarks',
    '',
    `${started.toISOString().slice(0, 16).replace('T', ' ')} UTC · ${machine}. Written by \`npm run bench\` (test/bench/run.ts); details in test/bench/results/.`,
    '',
    '| area | measure | Goyo | compared with | note |',
    '|---|---|---:|---:|---|',
    ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
    '',
    ...notes.map((note) => `- ${note}`),
    '',
  ].join('\n')
  // Sections written by hand below the marker (profiles, before/after notes) survive a new run.
  const previous = await readFile(join(root, 'test/bench/RESULTS.md'), 'utf8').catch(() => '')
  const kept = previous.indexOf(KEEP_MARKER)
  await writeFile(join(root, 'test/bench/RESULTS.md'), kept === -1 ? text : `${text}\n${previous.slice(kept)}`)
  process.stdout.write(`\n${text}`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
