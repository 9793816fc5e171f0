import pg from 'pg'

/** Whether the test worker that created a database (its pid is in the name) still runs. */
function creatorAlive(datname: string): boolean {
  const pid = Number(/^goyo_test_(\d+)_/.exec(datname)?.[1])
  if (!pid) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Drops the databases the PostgreSQL suite created (one per test worker, named goyo_test_*),
 * after the run and also before it, in case an earlier run was killed. A database whose worker
 * is still running belongs to another test run on the same server and is left alone.
 */
async function dropTestDatabases(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL
  if (!url) return
  const client = new pg.Client({ connectionString: url })
  try {
    await client.connect()
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'goyo\\_test\\_%'")
    for (const { datname } of rows.filter((row) => !creatorAlive(row.datname))) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`)
  } catch {
    // A missing server is reported by the suites that need it, with a clearer message.
  } finally {
    await client.end().catch(() => {})
  }
}

export async function setup(): Promise<() => Promise<void>> {
  await dropTestDatabases()
  return dropTestDatabases
}
