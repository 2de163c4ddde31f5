-- Claims and confirmations of many versions in one round trip and one transaction (a batch, or
-- several concurrent pushes). Each version is decided exactly as ingest_claim / ingest_confirm
-- decide it, in the given order. The advisory locks of every record id involved are taken first,
-- in lock-key order, so that two calls touching the same records never deadlock.

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
  FOR i IN 1 .. coalesce(array_length(p_record_ids, 1), 0) LOOP
    n := i;
    IF blocked THEN
      -- After a version that must wait, the later ones are not decided yet (the caller asks again, in order).
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

CREATE FUNCTION ingest_confirm_many(p_receipts json)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  r json;
BEGIN
  PERFORM pg_advisory_xact_lock(l.k)
    FROM (SELECT DISTINCT hashtextextended('pxg-ingest:' || (e->>'recordId'), 0) AS k FROM json_array_elements(p_receipts) AS e ORDER BY 1) AS l;
  FOR r IN SELECT e FROM json_array_elements(p_receipts) AS e LOOP
    PERFORM ingest_confirm(r);
  END LOOP;
END;
$$;
