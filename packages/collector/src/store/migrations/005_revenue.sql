-- Each account's commercial facts over time, for revenue reports (MRR bridge, churn, NRR, LTV).
-- One row per group call that carries mrr, arr, plan, products or seats, and per commercial track
-- event (Subscription Started, Plan Changed, Subscription Cancelled). Rows are placed by the
-- event's own timestamp, so traits that arrive out of order still land in the right month.
CREATE TABLE account_revenue_history (
  message_id text PRIMARY KEY,
  account_id text NOT NULL,
  at timestamptz NOT NULL,
  source text NOT NULL,
  mrr double precision,
  arr double precision,
  plan text,
  products jsonb,
  seats double precision
);
CREATE INDEX account_revenue_history_account ON account_revenue_history (account_id, at);
CREATE INDEX account_revenue_history_at ON account_revenue_history (at);
