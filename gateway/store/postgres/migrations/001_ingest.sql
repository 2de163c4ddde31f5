-- Ingest concern: which system owns each record id, which versions were claimed with which
-- content, their receipts, and batch results by Idempotency-Key (mirrors the SQLite store).

CREATE TABLE ingest_records (
  record_id   text PRIMARY KEY,
  owner       text NOT NULL,
  max_version integer NOT NULL
);

CREATE TABLE ingest_versions (
  record_id    text NOT NULL,
  version      integer NOT NULL,
  content_hash text NOT NULL,
  event_id     text NOT NULL,
  receipt      json,
  claimed_at   timestamptz NOT NULL DEFAULT now(),
  -- Which gateway process claimed the version (see ingest_claim).
  claimed_by   text,
  PRIMARY KEY (record_id, version)
);

CREATE TABLE ingest_batches (
  system_id       text NOT NULL,
  idempotency_key text NOT NULL,
  request_hash    text NOT NULL,
  status          integer NOT NULL,
  body            text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (system_id, idempotency_key)
);

-- Claims and confirmations of one record id are serialised by a transaction-level advisory lock,
-- so concurrent pushes of the same record from several gateway processes decide consistently.
-- One call is one round trip and one transaction. `p_claimer` names the gateway process: a process
-- orders its own appends (one produce request in flight, in claim order), so an unconfirmed older
-- version holds up only claims made by other processes, and a batch carrying several versions of
-- one record does not wait on itself.
CREATE FUNCTION ingest_claim(p_record_id text, p_version integer, p_hash text, p_event_id text, p_system text, p_hold_ms integer, p_claimer text)
RETURNS TABLE (kind text, owner text, existing_hash text, receipt json, current_version integer)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  r ingest_records%ROWTYPE;
  v ingest_versions%ROWTYPE;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('pxg-ingest:' || p_record_id, 0));
  SELECT * INTO r FROM ingest_records WHERE record_id = p_record_id;
  IF FOUND AND r.owner <> p_system THEN
    RETURN QUERY SELECT 'foreign'::text, r.owner, NULL::text, NULL::json, NULL::integer;
    RETURN;
  END IF;
  SELECT * INTO v FROM ingest_versions WHERE record_id = p_record_id AND version = p_version;
  IF FOUND THEN
    IF v.content_hash <> p_hash THEN
      RETURN QUERY SELECT 'conflict'::text, NULL::text, v.content_hash, NULL::json, NULL::integer;
    ELSIF v.receipt IS NOT NULL THEN
      RETURN QUERY SELECT 'duplicate'::text, NULL::text, NULL::text, v.receipt, NULL::integer;
    ELSIF p_version < r.max_version THEN
      -- Never confirmed, and a newer version was accepted since: appending it now would put it
      -- after the newer one in the log.
      RETURN QUERY SELECT 'stale'::text, NULL::text, NULL::text, NULL::json, r.max_version;
    ELSE
      -- Same content claimed before but never confirmed (the earlier attempt failed): append again.
      UPDATE ingest_versions SET claimed_at = clock_timestamp(), claimed_by = p_claimer
        WHERE record_id = p_record_id AND version = p_version;
      RETURN QUERY SELECT 'claimed'::text, NULL::text, NULL::text, NULL::json, NULL::integer;
    END IF;
    RETURN;
  END IF;
  IF r.record_id IS NOT NULL AND p_version < r.max_version THEN
    RETURN QUERY SELECT 'stale'::text, NULL::text, NULL::text, NULL::json, r.max_version;
    RETURN;
  END IF;
  -- An older version is being appended by another process right now (claimed, not yet confirmed,
  -- recently): this one waits, so that the versions of a record reach the log in version order
  -- whichever gateway process took them. A claim older than p_hold_ms is taken as abandoned (its
  -- append failed or its process died) and no longer holds anything up.
  IF EXISTS (SELECT 1 FROM ingest_versions
             WHERE record_id = p_record_id AND version < p_version AND receipt IS NULL
               AND claimed_by IS DISTINCT FROM p_claimer
               AND claimed_at > clock_timestamp() - make_interval(secs => p_hold_ms / 1000.0)) THEN
    RETURN QUERY SELECT 'pending'::text, NULL::text, NULL::text, NULL::json, NULL::integer;
    RETURN;
  END IF;
  INSERT INTO ingest_records AS t (record_id, owner, max_version) VALUES (p_record_id, p_system, p_version)
    ON CONFLICT (record_id) DO UPDATE SET max_version = GREATEST(t.max_version, EXCLUDED.max_version);
  INSERT INTO ingest_versions (record_id, version, content_hash, event_id, claimed_at, claimed_by)
    VALUES (p_record_id, p_version, p_hash, p_event_id, clock_timestamp(), p_claimer);
  RETURN QUERY SELECT 'claimed'::text, NULL::text, NULL::text, NULL::json, NULL::integer;
END;
$$;

-- Stores a receipt; the projector may confirm a version whose claim row is missing, so both rows
-- are (re)created. The first receipt of a version wins.
CREATE FUNCTION ingest_confirm(p_receipt json)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  p_record_id text := p_receipt->>'recordId';
  p_version integer := (p_receipt->>'version')::integer;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('pxg-ingest:' || p_record_id, 0));
  INSERT INTO ingest_records AS t (record_id, owner, max_version) VALUES (p_record_id, p_receipt->>'sourceSystem', p_version)
    ON CONFLICT (record_id) DO UPDATE SET max_version = GREATEST(t.max_version, EXCLUDED.max_version);
  INSERT INTO ingest_versions AS t (record_id, version, content_hash, event_id, receipt)
    VALUES (p_record_id, p_version, p_receipt->>'contentHash', p_receipt->>'eventId', p_receipt)
    ON CONFLICT (record_id, version) DO UPDATE SET receipt = EXCLUDED.receipt
    WHERE t.receipt IS NULL AND t.content_hash = EXCLUDED.content_hash;
END;
$$;
