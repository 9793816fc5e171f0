-- The write path splits in two (issue 18): a request's transaction only appends its events to
-- the log; a fold applies the rollups from the log afterwards, in large coalesced batches, exactly
-- once (store/fold.ts explains why the scheme below is sound).

-- The transaction that stored each event. Transaction ids are assigned in order but not committed
-- in order, so the fold never trusts "greater than the last one folded" alone (see fold_state).
-- Rows stored before this migration keep NULL: their rollups were applied when they were stored.
-- bigint rather than xid8: the 64-bit id fits, and bigint has the BRIN operator class xid8 lacks.
ALTER TABLE events ADD COLUMN xid bigint;
ALTER TABLE events ALTER COLUMN xid SET DEFAULT pg_current_xact_id()::text::bigint;
-- Ids grow with insertion order, so a BRIN index finds the unfolded tail for almost nothing at
-- write time (a btree would cost every insert).
CREATE INDEX events_xid ON events USING brin (xid) WITH (pages_per_range = 8, autosummarize = on);

-- One row: every transaction below `below` is folded (or never stored events), and so are the
-- transactions in `above`, which committed while an older one was still running.
CREATE TABLE fold_state (
  id integer PRIMARY KEY CHECK (id = 1),
  below bigint NOT NULL,
  above bigint[] NOT NULL DEFAULT '{}'
);
-- Every transaction up to this one applied its own rollups.
INSERT INTO fold_state (id, below) VALUES (1, pg_current_xact_id()::text::bigint + 1);

-- The account each user ('u:' || userId) or anonymous visitor ('a:' || anonymousId) last joined
-- with a group call. Ingest reads it to give an event without context.groupId its account, and
-- writes it for group calls, so the log carries each event's account without waiting for a fold.
CREATE TABLE group_links (
  id text PRIMARY KEY,
  account_id text NOT NULL
);
INSERT INTO group_links (id, account_id)
  SELECT 'u:' || user_id, account_id FROM users WHERE account_id IS NOT NULL
  UNION ALL
  SELECT 'a:' || anonymous_id, account_id FROM identities WHERE account_id IS NOT NULL;

-- When an anonymous id is linked to a user, its rows move to the user's key: these find them.
CREATE INDEX usage_daily_anonymous ON usage_daily (user_key) WHERE user_key LIKE 'anon:%';
CREATE INDEX timeline_anonymous ON timeline (user_key) WHERE user_key LIKE 'anon:%';
