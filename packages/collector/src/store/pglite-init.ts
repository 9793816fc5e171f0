import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'

const INITDB_SCRIPT = new URL('./pglite-initdb.mjs', import.meta.url)
const STAGING_PREFIX = '.initdb-'

/** Whether `dataDir` already holds a PostgreSQL cluster (its `PG_VERSION`). */
export const hasCluster = (dataDir: string) => existsSync(join(dataDir, 'PG_VERSION'))

/**
 * Creates the PostgreSQL cluster of a fresh embedded-store folder in a child process.
 *
 * Why (issue 19, finding 13): PGlite runs initdb inside the process that opens the folder. It
 * starts a second PostgreSQL instance for it (a 128 MB WebAssembly heap that grows to ~190 MB),
 * snapshots that heap (another 128 MB), dumps the new cluster as a tar and unpacks it, so a first
 * start peaked at ~850 MB, and V8 kept most of it mapped: the collector idled at ~780 MB until it
 * was restarted. In a child, all of it is returned to the system when the child exits, and the
 * collector opens an existing cluster exactly as on a restart.
 *
 * The cluster is made in a staging folder inside `dataDir` and moved in entry by entry,
 * `PG_VERSION` last, so a start that is killed half-way leaves no folder that looks initialised.
 */
export async function initializeCluster(dataDir: string): Promise<void> {
  for (const entry of readdirSync(dataDir)) {
    if (entry.startsWith(STAGING_PREFIX)) rmSync(join(dataDir, entry), { recursive: true, force: true })
  }
  const staging = mkdtempSync(join(dataDir, STAGING_PREFIX))
  try {
    await runInitdb(staging)
    const entries = readdirSync(staging).sort((a, b) => Number(a === 'PG_VERSION') - Number(b === 'PG_VERSION'))
    for (const entry of entries) renameSync(join(staging, entry), join(dataDir, entry))
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
}

function runInitdb(folder: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [INITDB_SCRIPT.pathname, folder], { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 10_000) stderr += chunk.toString()
    })
    child.once('error', reject)
    child.once('exit', (code, signal) => {
      if (code === 0) resolve()
      else reject(new Error(`could not initialise the embedded store in ${folder} (initdb ${signal ?? `exit ${code}`}): ${stderr.trim().slice(-2000)}`))
    })
  })
}
