import { lockDataDir } from './data-lock'
import { hasCluster, initializeCluster } from './pglite-init'
import { startPgliteThread, type PgliteThread, type ThreadTransaction } from './pglite-thread'
import type { SqlClient, SqlExecutor } from './sql'

/**
 * Opens the embedded store: PostgreSQL compiled to WebAssembly, on a thread of this process
 * (store/pglite-thread.ts), so that its statements run beside HTTP parsing and the fold's
 * JavaScript instead of between them.
 * @param dataDir a folder for the data, or undefined for an in-memory database (tests).
 */
export async function openPglite(dataDir?: string): Promise<SqlClient> {
  // PostgreSQL's default 128 MB of shared buffers is sized for a server; in-process it doubles the
  // collector's memory for little gain on an embedded workload.
  const postgresqlconf = ['shared_buffers=32MB']
  const unlock = dataDir ? lockDataDir(dataDir) : () => {}
  let thread: PgliteThread
  try {
    // A fresh folder gets its cluster from a child process: initdb in this one would keep ~800 MB.
    if (dataDir && !hasCluster(dataDir)) await initializeCluster(dataDir)
    thread = await startPgliteThread({ dataDir, postgresqlconf })
  } catch (error) {
    unlock()
    throw error
  }
  const executor = (tx?: ThreadTransaction): SqlExecutor => ({
    async query<Row>(text: string, params?: unknown[]) {
      return (await thread.call({ op: 'query', text, params, tx })).rows as Row[]
    },
    async exec(script: string) {
      await thread.call({ op: 'exec', script, tx })
    },
  })
  return {
    dialect: 'pglite',
    ...executor(),
    async transaction(fn) {
      const begun = await thread.call({ op: 'begin' })
      const tx = { id: begun.tx!, generation: begun.generation! }
      let value
      try {
        value = await fn(executor(tx))
      } catch (error) {
        // The thread rolls back; if it is gone, so is the transaction.
        await thread.call({ op: 'end', tx, commit: false }).catch(() => {})
        throw error
      }
      await thread.call({ op: 'end', tx, commit: true })
      return value
    },
    async close() {
      await thread.close()
      unlock()
    },
  }
}
