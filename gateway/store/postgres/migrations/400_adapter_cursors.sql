-- Adapters: the cursor of each pulled system's feed (pull mode), a revision for compare-and-set
-- between gateway processes, and the outcome of the last poll.
CREATE TABLE adapter_cursors (
  system_id    text PRIMARY KEY,
  cursor       text,
  revision     integer NOT NULL,
  polled_at_ms bigint,
  last_error   text
);
