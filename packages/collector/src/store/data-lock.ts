import { closeSync, mkdirSync, openSync, readFileSync, realpathSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'

/** The embedded store's folder is used by another live process. */
export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError'
}

/** Who holds the lock: written into `goyo.lock` by the holder. */
interface Holder {
  pid: number
  /** When the holder process started, in the kernel's clock ticks since boot (Linux); null elsewhere. */
  started: number | null
  dataDir: string
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
 * A process's start time from `/proc/<pid>/stat` (field 22), or null where there is no procfs.
 * With the pid it names one process for good: a pid reused after a crash has another start time.
 */
function startTimeOf(pid: number | 'self'): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) may hold spaces and parentheses; the fields after it do not.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const started = Number(fields[19])
    return Number.isFinite(started) ? started : null
  } catch {
    return null
  }
}

function readHolder(path: string): Holder | null {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return null
  }
  try {
    const parsed = JSON.parse(text) as Partial<Holder>
    if (Number.isInteger(parsed.pid)) return { pid: parsed.pid!, started: typeof parsed.started === 'number' ? parsed.started : null, dataDir: String(parsed.dataDir ?? '') }
  } catch {
    // Locks written before the holder's identity was recorded hold only a pid.
  }
  const pid = Number(text.trim())
  return Number.isInteger(pid) && pid > 0 ? { pid, started: null, dataDir: '' } : null
}

/**
 * Whether the process named in the lock is still the collector that took it. A live pid is not
 * enough (issue 19, finding 9): after a crash or reboot the pid may belong to an unrelated process,
 * and the folder would stay locked forever. Where procfs tells process start times, the holder
 * must be the very process that wrote the lock; a lock without a start time (an older collector)
 * counts only while its pid runs Node.
 */
function holderIsLive(holder: Holder): boolean {
  if (holder.pid === process.pid || !alive(holder.pid)) return false
  const started = startTimeOf(holder.pid)
  if (started === null) return true // no procfs: a live pid is all there is to go on
  if (holder.started !== null) return started === holder.started
  try {
    return /node/i.test(readFileSync(`/proc/${holder.pid}/cmdline`, 'utf8'))
  } catch {
    return true
  }
}

/**
 * Takes the embedded store's folder for this process. PGlite is one process's database: a second
 * process opening the same folder (a `goyo-collector keys` next to a running collector, say) would
 * abort or corrupt it, so it gets a clear error instead. A lock left by a process that died
 * (SIGKILL, a crash), or whose pid now belongs to another process, is taken over.
 * @returns a function that releases the lock.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true })
  const path = join(dataDir, 'goyo.lock')
  const me: Holder = { pid: process.pid, started: startTimeOf('self'), dataDir: realpathSync(dataDir) }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx')
      writeSync(fd, JSON.stringify(me))
      closeSync(fd)
      return () => rmSync(path, { force: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = readHolder(path)
      if (holder && holderIsLive(holder)) {
        throw new DataDirInUseError(`the embedded store in ${dataDir} is in use by process ${holder.pid}; stop it first, or use PostgreSQL for several processes`)
      }
      rmSync(path, { force: true })
    }
  }
  throw new DataDirInUseError(`could not lock ${dataDir}`)
}
