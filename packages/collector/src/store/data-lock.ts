import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs'
import { join } from 'node:path'

/** The embedded store's folder is used by another live process. */
export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError'
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Takes the embedded store's folder for this process. PGlite is one process's database: a second
 * process opening the same folder (a `goyo-collector keys` next to a running collector, say) would
 * abort or corrupt it, so it gets a clear error instead. A lock left by a process that died
 * (SIGKILL, a crash) is taken over.
 * @returns a function that releases the lock.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true })
  const path = join(dataDir, 'goyo.lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx')
      writeSync(fd, String(process.pid))
      closeSync(fd)
      return () => rmSync(path, { force: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const owner = Number(readFileSync(path, 'utf8'))
      if (Number.isInteger(owner) && owner !== process.pid && alive(owner)) {
        throw new DataDirInUseError(`the embedded store in ${dataDir} is in use by process ${owner}; stop it first, or use PostgreSQL for several processes`)
      }
      rmSync(path, { force: true })
    }
  }
  throw new DataDirInUseError(`could not lock ${dataDir}`)
}
