import type { SqlExecutor } from './sql'

/**
 * The dashboard's sessions on the server side (migration 013). The signed cookie says which
 * session it is; these rows say whether it still counts, so a sign-out holds on every replica.
 */

/** Records a new session and forgets the expired ones. */
export async function recordSession(sql: SqlExecutor, id: string, createdAt: Date, expiresAt: Date): Promise<void> {
  await sql.query('DELETE FROM dashboard_sessions WHERE expires_at <= $1', [createdAt])
  await sql.query('INSERT INTO dashboard_sessions (id, created_at, expires_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING', [id, createdAt, expiresAt])
}

/** Whether the session exists and has not expired. */
export async function sessionIsLive(sql: SqlExecutor, id: string, now: Date): Promise<boolean> {
  const rows = await sql.query('SELECT 1 FROM dashboard_sessions WHERE id = $1 AND expires_at > $2', [id, now])
  return rows.length > 0
}

/** Ends one session (sign-out). */
export async function revokeSession(sql: SqlExecutor, id: string): Promise<void> {
  await sql.query('DELETE FROM dashboard_sessions WHERE id = $1', [id])
}

/** Ends every session (sign out everywhere). @returns how many were ended. */
export async function revokeAllSessions(sql: SqlExecutor): Promise<number> {
  const rows = await sql.query('DELETE FROM dashboard_sessions RETURNING id')
  return rows.length
}
