-- Secrets every gateway process sharing this schema must agree on, chosen by the first process to
-- start (e.g. the key of the dashboard's short-lived stream tokens).
CREATE TABLE monitor_secrets (
  name   text PRIMARY KEY,
  secret text NOT NULL
);
