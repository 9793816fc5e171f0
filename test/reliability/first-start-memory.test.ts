/**
 * Issue 19, finding 13: the first start on a fresh embedded folder peaked at 846 MB and idled
 * around 780 MB until a restart, because PGlite ran initdb inside the collector (a second
 * PostgreSQL instance, a snapshot of its heap, the new cluster as a tar). initdb now runs in a
 * child process that exits; the collector itself stays under 400 MB and opens the new cluster as
 * a restart does. Memory is read from /proc (Linux), the collector's own, not its child's.
 */
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const BIN = new URL('../../packages/collector/bin/goyo-collector.js', import.meta.url).pathname
const kb = (status: string, field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN)

describe.runIf(existsSync('/proc/self/status'))('first start on a fresh embedded folder', () => {
  it('keeps the collector under 400 MB and leaves a folder that looks like any other', { timeout: 90_000 }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'goyo-first-start-'))
    const child = spawn(process.execPath, [BIN, 'start', '--port', '0', '--host', '127.0.0.1', '--data', dataDir], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, PORT: '' } })
    try {
      let stderr = ''
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "listening" line within 60 s:\n${stderr}`)), 60_000)
        child.stderr!.on('data', (chunk: Buffer) => {
          stderr += chunk.toString()
          if (stderr.includes('listening on')) {
            clearTimeout(timer)
            resolve()
          }
        })
        child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${stderr}`)))
      })
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8')
      console.log(`first start: peak ${Math.round(kb(status, 'VmHWM') / 1024)} MB, now ${Math.round(kb(status, 'VmRSS') / 1024)} MB`)
      expect(kb(status, 'VmHWM') / 1024).toBeLessThan(400)
      expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true)
      expect(readdirSync(dataDir).filter((entry) => entry.startsWith('.initdb-'))).toEqual([])
    } finally {
      child.kill('SIGTERM')
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve))
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})
