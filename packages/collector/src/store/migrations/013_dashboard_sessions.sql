-- Dashboard sign-ins, so that signing out revokes a session on every replica (issue 19, finding 8).
-- The cookie carries the id with an HMAC signature; a session is valid only while its row exists
-- and has not expired. Sign-out deletes the row, "sign out everywhere" deletes them all.
CREATE TABLE dashboard_sessions (
  id text PRIMARY KEY,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX dashboard_sessions_expires ON dashboard_sessions (expires_at);
