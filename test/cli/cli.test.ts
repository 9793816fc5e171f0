import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

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
})
