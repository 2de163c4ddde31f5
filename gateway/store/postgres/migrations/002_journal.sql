-- Journal concern: the log deduplicated by event id, in projection order. `seq` is assigned by
-- the projector under the row lock of journal_head, so seqs commit in increasing order with no
-- hole: a feed reader that has seen seq N never later sees a smaller seq appear.

CREATE TABLE journal (
  seq          bigint PRIMARY KEY,
  event_id     text NOT NULL UNIQUE,
  record_id    text NOT NULL,
  version      integer NOT NULL,
  process_key  text NOT NULL,
  record_date  text NOT NULL,
  log_position text NOT NULL,
  envelope     json NOT NULL,
  projected_at timestamptz NOT NULL DEFAULT now()
);

-- Envelopes (a few KB of JSON each) are compressed when stored: with lz4, several times cheaper
-- than the default pglz on every insert and read. A server built without lz4 keeps pglz.
DO $$
BEGIN
  ALTER TABLE journal ALTER COLUMN envelope SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  NULL;
END;
$$;

CREATE INDEX journal_record ON journal (record_id, version, seq);
CREATE INDEX journal_process ON journal (process_key, record_id, version DESC, seq);

-- The single row holding the highest seq written.
CREATE TABLE journal_head (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  seq      bigint NOT NULL
);
INSERT INTO journal_head (seq) VALUES (0);
