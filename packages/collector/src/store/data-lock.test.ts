import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DataDirInUseError, lockDataDir } from './data-lock'

const HAS_PROCFS = existsSync('/proc/self/stat')

/** A process that takes the lock on `dir` the way a collector does, and then waits. */
async function holder(dir: string): Promise<ChildProcess> {
  const module = new URL('./data-lock.ts', import.meta.url).pathname
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', `import(${JSON.stringify(module)}).then((m) => { m.lockDataDir(${JSON.stringify(dir)}); console.log('locked'); setTimeout(() => {}, 30000) })`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve())
    child.once('exit', (code) => reject(new Error(`the holder exited with ${code}`)))
  })
  return child
}

const stop = async (child: ChildProcess) => {
  child.kill()
  if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve))
}

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

  it('refuses a folder a live collector holds, and takes it over once that one died', async () => {
    const dir = fresh()
    const other = await holder(dir)
    try {
      expect(() => lockDataDir(dir)).toThrow(DataDirInUseError)
      expect(JSON.parse(readFileSync(join(dir, 'goyo.lock'), 'utf8'))).toMatchObject({ pid: other.pid })
    } finally {
      await stop(other)
    }
    // The holder died without releasing (as after SIGKILL): the lock is taken over.
    const release = lockDataDir(dir)
    expect(existsSync(join(dir, 'goyo.lock'))).toBe(true)
    release()
    expect(existsSync(join(dir, 'goyo.lock'))).toBe(false)
  })

  // Issue 19, finding 9: after a crash the pid in the lock belonged to an unrelated process, and
  // the collector refused to start for good.
  it.runIf(HAS_PROCFS)('takes over a lock whose pid now belongs to an unrelated process', async () => {
    const dir = fresh()
    const unrelated = spawn('sleep', ['30'])
    try {
      await new Promise((resolve) => unrelated.once('spawn', resolve))
      // An old-style lock (a bare pid) naming a process that is not Node.
      writeFileSync(join(dir, 'goyo.lock'), String(unrelated.pid))
      lockDataDir(dir)()
      // A lock naming a live Node process that started at another time than the one recorded.
      writeFileSync(join(dir, 'goyo.lock'), JSON.stringify({ pid: process.ppid, started: 1, dataDir: dir }))
      lockDataDir(dir)()
    } finally {
      await stop(unrelated)
    }
  })
})
