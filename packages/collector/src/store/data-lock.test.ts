import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DataDirInUseError, lockDataDir } from './data-lock'

describe('lockDataDir', () => {
  const dirs: string[] = []
  const fresh = () => {
    const dir = mkdtempSync(join(tmpdir(), 'goyo-lock-'))
    dirs.push(dir)
    return dir
  }
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  it('refuses a folder another live process holds, and frees it on release', async () => {
    const dir = fresh()
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'])
    try {
      writeFileSync(join(dir, 'goyo.lock'), String(other.pid))
      expect(() => lockDataDir(dir)).toThrow(DataDirInUseError)
    } finally {
      other.kill()
      await new Promise((resolve) => other.once('exit', resolve))
    }
    // The holder died without releasing (as after SIGKILL): the lock is taken over.
    const release = lockDataDir(dir)
    expect(existsSync(join(dir, 'goyo.lock'))).toBe(true)
    release()
    expect(existsSync(join(dir, 'goyo.lock'))).toBe(false)
  })
})
