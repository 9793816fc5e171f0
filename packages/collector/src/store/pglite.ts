import { PGlite } from '@electric-sql/pglite'
import { lockDataDir } from './data-lock'
import { hasCluster, initializeCluster } from './pglite-init'
import type { SqlClient, SqlExecutor } from './sql'

/**
 * Opens the embedded store: PostgreSQL compiled to WebAssembly, in this process.
 * @param dataDir a folder for the data, or undefined for an in-memory database (tests).
 */
export async function openPglite(dataDir?: string): Promise<SqlClient> {
  // PostgreSQL's default 128 MB of shared buffers is sized for a server; in-process it doubles the
  // collector's memory for little gain on an embedded workload.
  const postgresqlconf = ['shared_buffers=32MB']
  const unlock = dataDir ? lockDataDir(dataDir) : () => {}
  let db: PGlite
  try {
    // A fresh folder gets its cluster from a child process: initdb in this one would keep ~800 MB.
    if (dataDir && !hasCluster(dataDir)) await initializeCluster(dataDir)
    db = dataDir ? await PGlite.create({ dataDir, postgresqlconf }) : await PGlite.create({ postgresqlconf })
  } catch (error) {
    unlock()
    throw error
  }
  const executor = (target: Pick<PGlite, 'query' | 'exec'>): SqlExecutor => ({
    async query<Row>(text: string, params?: unknown[]) {
      const result = await target.query<Row>(text, params)
      return result.rows
    },
    async exec(script: string) {
      await target.exec(script)
    },
  })
  return {
    dialect: 'pglite',
    ...executor(db),
    transaction: (fn) => db.transaction((tx) => fn(executor(tx))),
    async close() {
      if (!db.closed) await db.close()
      unlock()
    },
  }
}
