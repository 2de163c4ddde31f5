-- A version claimed before and not yet confirmed (its first append failed, or another process is
-- appending it right now) may be claimed again, and appended again: consumers de-duplicate by
-- event id. Until now such a reclaim went ahead even while an older version of the record was
-- still being appended by another process, so the copy could reach the log before that older
-- version (process a appends versions 1 and 2; a retry of version 2 at process b overtakes
-- version 1). A reclaim now waits for older versions exactly as a new claim does. Both functions
-- are replaced whole; only the order of the decisions changed.

CREATE OR REPLACE FUNCTION ingest_claim(p_record_id text, p_version integer, p_hash text, p_event_id text, p_system text, p_hold_ms integer, p_claimer text)
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
    ELSIF EXISTS (SELECT 1 FROM ingest_versions
                  WHERE record_id = p_record_id AND version < p_version AND receipt IS NULL
                    AND claimed_by IS DISTINCT FROM p_claimer
                    AND claimed_at > clock_timestamp() - make_interval(secs => p_hold_ms / 1000.0)) THEN
      -- Claimed before and not yet confirmed, while an older version is still being appended by
      -- another process: appended again now, this copy could reach the log before the older one.
      RETURN QUERY SELECT 'pending'::text, NULL::text, NULL::text, NULL::json, NULL::integer;
    ELSE
      -- Same content claimed before but never confirmed (the earlier attempt failed, or another
      -- process is appending it right now): append again.
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

CREATE OR REPLACE FUNCTION ingest_claim_many(p_record_ids text[], p_versions integer[], p_hashes text[], p_event_ids text[], p_systems text[], p_hold_ms integer, p_claimer text)
RETURNS TABLE (n integer, kind text, owner text, existing_hash text, receipt json, current_version integer)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  i integer;
  c record;
  blocked boolean := false;
BEGIN
  PERFORM pg_advisory_xact_lock(l.k)
    FROM (SELECT DISTINCT hashtextextended('pxg-ingest:' || id, 0) AS k FROM unnest(p_record_ids) AS id ORDER BY 1) AS l;
  IF (SELECT count(DISTINCT id) FROM unnest(p_record_ids) AS id) = coalesce(array_length(p_record_ids, 1), 0) THEN
    -- The same decisions as ingest_claim, one statement for all versions (read after the locks are held).
    RETURN QUERY
    WITH decided AS MATERIALIZED (
      SELECT i.n, i.record_id, i.version, i.hash, i.event_id, i.system,
             r.owner AS current_owner, r.max_version, v.content_hash AS stored_hash, v.receipt AS stored_receipt,
             CASE
               WHEN r.record_id IS NOT NULL AND r.owner <> i.system THEN 'foreign'
               WHEN v.record_id IS NOT NULL AND v.content_hash <> i.hash THEN 'conflict'
               WHEN v.record_id IS NOT NULL AND v.receipt IS NOT NULL THEN 'duplicate'
               WHEN r.record_id IS NOT NULL AND i.version < r.max_version THEN 'stale'
               -- A new version, or one claimed before and not confirmed, waits while an older
               -- version is being appended by another process.
               WHEN EXISTS (SELECT 1 FROM ingest_versions o
                            WHERE o.record_id = i.record_id AND o.version < i.version AND o.receipt IS NULL
                              AND o.claimed_by IS DISTINCT FROM p_claimer
                              AND o.claimed_at > clock_timestamp() - make_interval(secs => p_hold_ms / 1000.0)) THEN 'pending'
               WHEN v.record_id IS NOT NULL THEN 'reclaim'
               ELSE 'new'
             END AS decision
      FROM unnest(p_record_ids, p_versions, p_hashes, p_event_ids, p_systems) WITH ORDINALITY AS i (record_id, version, hash, event_id, system, n)
      LEFT JOIN ingest_records r ON r.record_id = i.record_id
      LEFT JOIN ingest_versions v ON v.record_id = i.record_id AND v.version = i.version
    ),
    -- After a version that must wait, the later ones are not decided yet (the caller asks again, in order).
    cut AS MATERIALIZED (
      SELECT d.*, d.n >= coalesce((SELECT min(w.n) FROM decided w WHERE w.decision = 'pending'), 9223372036854775807) AS blocked FROM decided d
    ),
    new_records AS (
      INSERT INTO ingest_records AS t (record_id, owner, max_version)
        SELECT c.record_id, c.system, c.version FROM cut c WHERE NOT c.blocked AND c.decision = 'new'
        ON CONFLICT (record_id) DO UPDATE SET max_version = GREATEST(t.max_version, EXCLUDED.max_version)
    ),
    new_versions AS (
      INSERT INTO ingest_versions (record_id, version, content_hash, event_id, claimed_at, claimed_by)
        SELECT c.record_id, c.version, c.hash, c.event_id, clock_timestamp(), p_claimer FROM cut c WHERE NOT c.blocked AND c.decision = 'new'
    ),
    -- Same content claimed before but never confirmed (the earlier attempt failed): append again.
    reclaimed AS (
      UPDATE ingest_versions t SET claimed_at = clock_timestamp(), claimed_by = p_claimer
        FROM cut c WHERE NOT c.blocked AND c.decision = 'reclaim' AND t.record_id = c.record_id AND t.version = c.version
    )
    SELECT c.n::integer,
           CASE WHEN c.blocked THEN 'pending' WHEN c.decision IN ('new', 'reclaim') THEN 'claimed' ELSE c.decision END,
           CASE WHEN NOT c.blocked AND c.decision = 'foreign' THEN c.current_owner END,
           CASE WHEN NOT c.blocked AND c.decision = 'conflict' THEN c.stored_hash END,
           CASE WHEN NOT c.blocked AND c.decision = 'duplicate' THEN c.stored_receipt END,
           CASE WHEN NOT c.blocked AND c.decision = 'stale' THEN c.max_version END
    FROM cut c ORDER BY c.n;
    RETURN;
  END IF;
  FOR i IN 1 .. coalesce(array_length(p_record_ids, 1), 0) LOOP
    n := i;
    IF blocked THEN
      kind := 'pending'; owner := NULL; existing_hash := NULL; receipt := NULL; current_version := NULL;
    ELSE
      SELECT * INTO c FROM ingest_claim(p_record_ids[i], p_versions[i], p_hashes[i], p_event_ids[i], p_systems[i], p_hold_ms, p_claimer);
      kind := c.kind; owner := c.owner; existing_hash := c.existing_hash; receipt := c.receipt; current_version := c.current_version;
      blocked := c.kind = 'pending';
    END IF;
    RETURN NEXT;
  END LOOP;
END;
$$;
