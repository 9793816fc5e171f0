-- Settings of this workspace, such as its generated keys.
CREATE TABLE goyo_settings (
  key text PRIMARY KEY,
  value text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Raw events, append-only. The messageId is the idempotency key: a retried event is stored once.
CREATE TABLE events (
  seq bigserial NOT NULL,
  message_id text NOT NULL PRIMARY KEY,
  type text NOT NULL,
  event text,
  name text,
  user_id text,
  anonymous_id text,
  account_id text,
  "timestamp" timestamptz NOT NULL,
  original_timestamp timestamptz,
  sent_at timestamptz,
  received_at timestamptz NOT NULL,
  payload jsonb NOT NULL
);
-- Reports read the rollups (migration 002), not this table, so it carries few indexes: each one
-- costs every insert. user_id and anonymous_id serve erasure; timestamp serves the overview.
CREATE INDEX events_user ON events (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX events_anonymous ON events (anonymous_id) WHERE anonymous_id IS NOT NULL;
CREATE INDEX events_time ON events ("timestamp");
CREATE INDEX events_seq ON events (seq);

-- Identified users, their traits merged from every identify call.
-- traits_at is the client time of the newest traits merged in: older traits that arrive late
-- fill gaps but never overwrite newer values.
CREATE TABLE users (
  user_id text PRIMARY KEY,
  traits jsonb NOT NULL DEFAULT '{}',
  traits_at timestamptz,
  account_id text,
  first_seen timestamptz NOT NULL,
  last_seen timestamptz NOT NULL
);

-- Anonymous ids; user_id links one to the user it turned out to be (identify or alias).
CREATE TABLE identities (
  anonymous_id text PRIMARY KEY,
  user_id text,
  account_id text,
  first_seen timestamptz NOT NULL,
  last_seen timestamptz NOT NULL
);
CREATE INDEX identities_user ON identities (user_id);

-- Accounts (Segment groups), their traits merged from every group call.
CREATE TABLE accounts (
  account_id text PRIMARY KEY,
  traits jsonb NOT NULL DEFAULT '{}',
  traits_at timestamptz,
  first_seen timestamptz NOT NULL,
  last_seen timestamptz NOT NULL
);

-- Which identified users belong to which account, and when each was last seen there.
CREATE TABLE account_users (
  account_id text NOT NULL,
  user_id text NOT NULL,
  first_seen timestamptz NOT NULL,
  last_seen timestamptz NOT NULL,
  PRIMARY KEY (account_id, user_id)
);
