import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { normalizeEvents } from '../../packages/collector/src/ingest/normalize'
import { openStore } from '../../packages/collector/src/store/open'
import type { Event } from '../../packages/schema/src/index'

const BIN = new URL('../../packages/collector/bin/goyo-collector.js', import.meta.url).pathname

interface Started {
  child: ChildProcess
  url: string
  stderr: () => string
  exited: Promise<number | null>
}

/** Starts `goyo-collector start` and waits for its "listening on" line. */
async function start(args: string[], env: Record<string, string> = {}): Promise<Started> {
  const child = spawn(process.execPath, [BIN, 'start', '--port', '0', '--host', '127.0.0.1', ...args], {
    env: { ...process.env, ...env, PORT: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening" line within 60 s:\n${stderr}`)), 60_000)
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      const match = /listening on (http:\/\/\S+)/.exec(stderr)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    })
    exited.then((code) => reject(new Error(`exited with ${code} before listening:\n${stderr}`)))
  })
  return { child, url, stderr: () => stderr, exited }
}

function run(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk))
    child.once('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

const send = (url: string, writeKey: string, messageId: string) =>
  fetch(`${url}/v1/batch`, {
    method: 'POST',
    headers: { authorization: `Basic ${btoa(`${writeKey}:`)}` },
    body: JSON.stringify({ batch: [{ type: 'track', event: 'Feature Used', userId: 'u1', messageId }] }),
  })

describe('goyo-collector', () => {
  let dataDir: string
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'goyo-cli-'))
  })
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true })
  })

  it('generates keys on the first start, reuses them later, and stops cleanly on SIGTERM', { timeout: 90_000 }, async () => {
    const first = await start(['--data', dataDir])
    const writeKey = /write key:\s+(\S+)/.exec(first.stderr())?.[1]
    const secretKey = /secret key:\s+(\S+)/.exec(first.stderr())?.[1]
    expect(writeKey).toMatch(/^wk_/)
    expect(secretKey).toMatch(/^sk_/)

    // A request in flight when SIGTERM arrives still completes and is kept.
    const inFlight = send(first.url, writeKey!, 'm-1')
    await new Promise((resolve) => setTimeout(resolve, 5))
    first.child.kill('SIGTERM')
    expect((await inFlight).status).toBe(200)
    expect(await first.exited).toBe(0)

    const second = await start(['--data', dataDir])
    expect(second.stderr()).not.toContain('Generated')
    expect((await send(second.url, writeKey!, 'm-2')).status).toBe(200)
    const overview = await fetch(`${second.url}/v1/reports/overview`, { headers: { authorization: `Bearer ${secretKey}` } })
    expect((await overview.json()).events).toBe(2)
    second.child.kill('SIGTERM')
    expect(await second.exited).toBe(0)

    const keys = await run(['keys', '--data', dataDir])
    expect(keys.stdout).toContain(writeKey)
    const migrate = await run(['migrate', '--data', dataDir])
    expect(migrate.code).toBe(0)
    expect(migrate.stdout).toContain('nothing to apply')
  })

  it('takes keys from the environment', { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'goyo-cli-env-'))
    const started = await start(['--data', dir], { GOYO_WRITE_KEY: 'wk_from_env', GOYO_SECRET_KEY: 'sk_from_env' })
    try {
      expect(started.stderr()).not.toContain('Generated')
      expect((await send(started.url, 'wk_from_env', 'e-1')).status).toBe(200)
      expect((await send(started.url, 'wk_other', 'e-2')).status).toBe(401)
    } finally {
      started.child.kill('SIGTERM')
      await started.exited
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('explains a wrong command line and exits with 2', async () => {
    const unknown = await run(['frobnicate'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('unknown command: frobnicate')
    expect(unknown.stderr).toContain('Usage: goyo-collector')
    const both = await run(['migrate', '--data', 'x', '--database-url', 'postgres://localhost/x'])
    expect(both.code).toBe(2)
    expect(both.stderr).toContain('either --data or --database-url')
    const badPort = await run(['start', '--port', 'eighty'])
    expect(badPort.code).toBe(2)
  })

  it('exits with an error when PostgreSQL cannot be reached', { timeout: 30_000 }, async () => {
    const result = await run(['migrate', '--database-url', 'postgres://nobody@127.0.0.1:1/none'])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/goyo-collector: .*(unavailable|ECONNREFUSED|connect)/i)
  })

  // Issue 19, finding 12: with --content, the content file's watcher kept a refused start alive.
  it('exits non-zero at once when the start is refused, whatever options it had', { timeout: 90_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'goyo-cli-refused-'))
    const content = new URL('../../demo/goyo.content.json', import.meta.url).pathname
    const holder = await start(['--data', dir])
    try {
      const startedAt = Date.now()
      const refused = await run(['start', '--port', '0', '--host', '127.0.0.1', '--data', dir, '--content', content])
      expect(refused.code).toBe(1)
      expect(refused.stderr).toMatch(/in use by process/)
      expect(Date.now() - startedAt).toBeLessThan(20_000)
      const badOption = await run(['start', '--port', '0', '--data', dir, '--content', content, '--database-url', 'postgres://x@127.0.0.1:1/x'])
      expect(badOption.code).toBe(2)
    } finally {
      holder.child.kill('SIGTERM')
      await holder.exited
      await rm(dir, { recursive: true, force: true })
    }
  })

  // Issue 16: the workspace time zone.
  it('refuses a GOYO_TIMEZONE that is not an IANA name, before opening anything', { timeout: 30_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'goyo-cli-tz-'))
    try {
      const refused = await run(['start', '--port', '0', '--data', dir], { GOYO_TIMEZONE: 'Asia/Tokio' })
      expect(refused.code).toBe(2)
      expect(refused.stderr).toContain('GOYO_TIMEZONE: "Asia/Tokio" is not an IANA time zone name such as Asia/Tokyo')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('rebuilds the rollups in GOYO_TIMEZONE with plain progress lines, and reports refuse another zone', { timeout: 120_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'goyo-cli-rebuild-'))
    try {
      // Three events, each on its own transaction, folded in UTC.
      const store = await openStore({ dataDir: dir })
      for (const [i, timestamp] of ['2026-02-28T14:00:00Z', '2026-03-01T16:00:00Z', '2026-03-01T17:00:00Z'].entries()) {
        const event = { type: 'track', event: 'Feature Used', userId: `u${i}`, messageId: `tz-${i}`, timestamp, properties: { feature: 'invoices' } }
        await store.appendEvents(normalizeEvents([event as Event], [event], {}, new Date('2026-03-02T00:00:00Z')))
      }
      await store.close()

      const rebuilt = await run(['rebuild', '--data', dir], { GOYO_TIMEZONE: 'Asia/Tokyo' })
      expect(rebuilt.code, rebuilt.stderr).toBe(0)
      // No terminal: a line per tenth, never a carriage return.
      expect(rebuilt.stderr).toContain('rebuilding: 0 % (0 of 3 events)')
      expect(rebuilt.stderr).toContain('rebuilding: 100 % (3 of 3 events)')
      expect(rebuilt.stderr).not.toContain('\r')
      expect(rebuilt.stdout).toMatch(/rebuilt the rollups in Asia\/Tokyo from 3 events/)

      const elsewhere = await run(['report', 'stickiness', '--data', dir, '--from', '2026-03-02', '--to', '2026-03-02'], { GOYO_TIMEZONE: 'UTC' })
      expect(elsewhere.code).toBe(1)
      expect(elsewhere.stderr).toContain('the rollups are cut in Asia/Tokyo but GOYO_TIMEZONE is UTC')

      const tokyo = await run(['report', 'stickiness', '--data', dir, '--from', '2026-02-28', '--to', '2026-03-02', '--format', 'json'], { GOYO_TIMEZONE: 'Asia/Tokyo' })
      expect(tokyo.code, tokyo.stderr).toBe(0)
      expect(JSON.parse(tokyo.stdout).users.series.map((d: { day: string; dau: number }) => [d.day, d.dau]))
        .toEqual([['2026-02-28', 1], ['2026-03-01', 0], ['2026-03-02', 2]])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
