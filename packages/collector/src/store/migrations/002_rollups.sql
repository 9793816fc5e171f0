-- Rollups that ingest keeps up to date, so that reports and the customer-success engine never scan
-- raw events. A "user key" is the userId, or 'anon:' + anonymousId for visitors not identified yet.
-- account_id is '' for events without an account (a key column cannot be NULL).
-- kind/name say what was done: ('event', track name), ('feature', feature), ('milestone', name),
-- ('page', path), or for Goyo's own object events (kind = event name, name = prompt/checklist/... id).

CREATE TABLE usage_daily (
  day date NOT NULL,
  account_id text NOT NULL,
  user_key text NOT NULL,
  kind text NOT NULL,
  name text NOT NULL,
  count integer NOT NULL,
  -- Account first: the engine reads one account's days, and the key serves that too.
  PRIMARY KEY (account_id, day, user_key, kind, name)
);
CREATE INDEX usage_daily_name ON usage_daily (kind, name, day);

-- First and last time each user did each thing, and how often: time to value, checklist progress,
-- prompt caps and conversions read this.
CREATE TABLE user_firsts (
  user_key text NOT NULL,
  kind text NOT NULL,
  name text NOT NULL,
  account_id text NOT NULL,
  first_at timestamptz NOT NULL,
  last_at timestamptz NOT NULL,
  count integer NOT NULL,
  PRIMARY KEY (user_key, kind, name)
);
CREATE INDEX user_firsts_account ON user_firsts (account_id, kind, name);
CREATE INDEX user_firsts_name ON user_firsts (kind, name, first_at);

-- Per account: users and events per day, for active users, DAU/MAU and last seen.
CREATE TABLE account_days (
  account_id text NOT NULL,
  day date NOT NULL,
  events integer NOT NULL,
  PRIMARY KEY (account_id, day)
);
