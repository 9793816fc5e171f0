import pg from 'pg'
import type { SqlClient, SqlExecutor } from './sql'

/** Connection settings for a PostgreSQL server; the defaults suit a collector replica. */
export interface PostgresOptions {
  connectionString: string
  /** Connections in the pool. Ingest groups concurrent requests, so a few are enough. */
  max?: number
  /** How long to wait for a connection before answering 503 (ms). */
  connectionTimeoutMillis?: number
  /** How long one statement may run before it is abandoned (ms). */
  queryTimeoutMillis?: number
}

// timestamptz and bigint come back as strings by default; the store wants numbers and Dates.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value))
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value))

/** Opens a pool to a PostgreSQL server. Failing connections surface as errors on each query. */
export async function openPostgres(options: PostgresOptions): Promise<SqlClient> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 8,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 3000,
    query_timeout: options.queryTimeoutMillis ?? 15_000,
    idleTimeoutMillis: 30_000,
    // A server restart kills idle connections; the pool must not crash the process for it.
    allowExitOnIdle: false,
  })
  pool.on('error', () => {
    // Idle clients that die are dropped by the pool; the next query reconnects.
  })
  const executor = (target: Pick<pg.Pool | pg.PoolClient, 'query'>): SqlExecutor => ({
    async query<Row>(text: string, params?: unknown[]) {
      const result = await target.query(text, params as unknown[])
      return result.rows as Row[]
    },
    async exec(script: string) {
      // Without parameters node-postgres uses the simple protocol, which allows several statements.
      await target.query(script)
    },
  })
  return {
    dialect: 'postgres',
    ...executor(pool),
    async transaction(fn) {
      const client = await pool.connect()
      let broken = false
      // A checked-out client has no listener of the pool's: a server that dies mid-transaction
      // would emit an unhandled 'error' and end the process. The failing query rejects anyway.
      const onError = () => {
        broken = true
      }
      client.on('error', onError)
      try {
        await client.query('BEGIN')
        const value = await fn(executor(client))
        await client.query('COMMIT')
        return value
      } catch (error) {
        try {
          await client.query('ROLLBACK')
        } catch {
          broken = true
        }
        throw error
      } finally {
        client.off('error', onError)
        // A connection that could not even roll back is destroyed, not returned to the pool.
        client.release(broken)
      }
    },
    async close() {
      await pool.end()
    },
  }
}
