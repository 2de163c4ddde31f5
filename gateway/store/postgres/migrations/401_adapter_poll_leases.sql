-- Adapters: which gateway process polls each pulled system right now (a lease with an expiry), so
-- that several processes do not fetch the same pages. Correctness does not depend on it: cursor
-- moves are compare-and-set and ingest is idempotent.
CREATE TABLE adapter_poll_leases (
  system_id     text PRIMARY KEY,
  holder        text NOT NULL,
  expires_at_ms bigint NOT NULL
);
