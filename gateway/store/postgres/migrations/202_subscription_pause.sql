-- A paused subscription delivers nothing until resumed. The pause lives in columns of its own,
-- not in `body`, so that replacing a subscription (a registry reload, a secret rotation) never
-- sets or clears it; `paused_by` is the owner or the ministry, which decides who may resume.

ALTER TABLE delivery_subscriptions ADD COLUMN paused_by text;
ALTER TABLE delivery_subscriptions ADD COLUMN paused_at timestamptz;
ALTER TABLE delivery_subscriptions ADD COLUMN paused_reason text;
ALTER TABLE delivery_subscriptions ADD CONSTRAINT delivery_subscriptions_pause_whole
  CHECK ((paused_by IS NULL) = (paused_at IS NULL) AND (paused_by IS NULL) = (paused_reason IS NULL));
