/**
 * The few things the store needs from a PostgreSQL driver. PGlite and node-postgres each get a
 * thin adapter, so every query and migration is written once and runs on both.
 */
export interface SqlExecutor {
  /** Runs one parameterised statement and returns its rows. */
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>
}

export interface SqlClient extends SqlExecutor {
  /** Runs `fn` inside BEGIN/COMMIT; any throw rolls the whole transaction back. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>
  close(): Promise<void>
  /** Which driver this is, for logs and for the few places where the two differ. */
  readonly dialect: 'pglite' | 'postgres'
}
