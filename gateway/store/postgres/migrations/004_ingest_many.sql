-- Claims and confirmations of many versions in one round trip and one transaction (a batch, or
-- several concurrent pushes). Each version is decided exactly as ingest_claim / ingest_confirm
-- decide it, in the given order. The advisory locks of every record id involved are taken first,
-- in lock-key order, so that two calls touching the same records never deadlock.
--
-- When every record id occurs once in a call (the usual batch), no version's decision depends on
-- another's, so all are decided and written by set-based statements; a call carrying several
-- versions of one record goes version by version through ingest_claim / ingest_confirm.

CREATE FUNCTION ingest_claim_many(p_record_ids text[], p_versions integer[], p_hashes text[], p_event_ids text[], p_systems text[], p_hold_ms integer, p_claimer text)
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
               WHEN v.record_id IS NOT NULL AND i.version < r.max_version THEN 'stale'
               WHEN v.record_id IS NOT NULL THEN 'reclaim'
               WHEN r.record_id IS NOT NULL AND i.version < r.max_version THEN 'stale'
               WHEN EXISTS (SELECT 1 FROM ingest_versions o
                            WHERE o.record_id = i.record_id AND o.version < i.version AND o.receipt IS NULL
                              AND o.claimed_by IS DISTINCT FROM p_claimer
                              AND o.claimed_at > clock_timestamp() - make_interval(secs => p_hold_ms / 1000.0)) THEN 'pending'
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

-- The receipts travel as one JSON array; their record id, version, source system, content hash
-- and event id also as arrays, so that no receipt is parsed for its fields.
-- Answers, per receipt in order, whether its version now has a receipt, and that receipt when it is
-- not the one given (an earlier confirmation won: its receipt is the one to hand out).
CREATE FUNCTION ingest_confirm_many(p_record_ids text[], p_versions integer[], p_systems text[], p_hashes text[], p_event_ids text[], p_receipts json)
RETURNS TABLE (n integer, stored boolean, other json)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  r json;
BEGIN
  PERFORM pg_advisory_xact_lock(l.k)
    FROM (SELECT DISTINCT hashtextextended('pxg-ingest:' || id, 0) AS k FROM unnest(p_record_ids) AS id ORDER BY 1) AS l;
  IF (SELECT count(DISTINCT (id, v)) FROM unnest(p_record_ids, p_versions) AS u (id, v)) <> coalesce(array_length(p_record_ids, 1), 0) THEN
    -- Several receipts of one version: one by one, so that the first that applies wins.
    FOR r IN SELECT e FROM json_array_elements(p_receipts) AS e LOOP
      PERFORM ingest_confirm(r);
    END LOOP;
  ELSE
  -- As ingest_confirm for each receipt: the first receipt of a record names its owner.
  INSERT INTO ingest_records AS t (record_id, owner, max_version)
    SELECT DISTINCT ON (u.record_id) u.record_id, u.system, max(u.version) OVER (PARTITION BY u.record_id)
    FROM unnest(p_record_ids, p_systems, p_versions) WITH ORDINALITY AS u (record_id, system, version, n)
    ORDER BY u.record_id, u.n
    ON CONFLICT (record_id) DO UPDATE SET max_version = GREATEST(t.max_version, EXCLUDED.max_version);
  INSERT INTO ingest_versions AS t (record_id, version, content_hash, event_id, receipt)
    SELECT u.record_id, u.version, u.hash, u.event_id, e.receipt
    FROM unnest(p_record_ids, p_versions, p_hashes, p_event_ids) WITH ORDINALITY AS u (record_id, version, hash, event_id, n)
    JOIN json_array_elements(p_receipts) WITH ORDINALITY AS e (receipt, n) USING (n)
    ON CONFLICT (record_id, version) DO UPDATE SET receipt = EXCLUDED.receipt
    WHERE t.receipt IS NULL AND t.content_hash = EXCLUDED.content_hash;
  END IF;
  -- A later statement of the function: it sees the rows written above.
  RETURN QUERY
    SELECT u.n::integer, v.receipt IS NOT NULL, CASE WHEN v.receipt::text = e.receipt::text THEN NULL ELSE v.receipt END
    FROM unnest(p_record_ids, p_versions) WITH ORDINALITY AS u (record_id, version, n)
    JOIN json_array_elements(p_receipts) WITH ORDINALITY AS e (receipt, n) USING (n)
    LEFT JOIN ingest_versions v ON v.record_id = u.record_id AND v.version = u.version
    ORDER BY u.n;
END;
$$;
