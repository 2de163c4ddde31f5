-- Process ownership: the system whose record opens a procurement process (an ocid) or an
-- e-marketplace order (a transaction id) owns it; others may add only what the registry grants
-- them (docs/security.md, "Process ownership"). The decision is made in the claim's transaction,
-- under an advisory lock per process key taken before the record-id locks, so two systems racing
-- from several gateway processes to open the same process get exactly one owner.

CREATE TABLE process_owners (
  process_key text PRIMARY KEY,
  owner       text NOT NULL,
  since       timestamptz NOT NULL DEFAULT now()
);

-- Transfers applied (registry `transfers`), by id: each is applied once per store.
CREATE TABLE process_owner_transfers (
  transfer_id    text PRIMARY KEY,
  from_system    text NOT NULL,
  to_system      text NOT NULL,
  process_prefix text,
  processes      integer NOT NULL DEFAULT 0,
  applied_at     timestamptz NOT NULL DEFAULT now()
);

-- Processes accepted before ownership existed are owned by the source of their earliest journal entry.
INSERT INTO process_owners (process_key, owner)
  SELECT DISTINCT ON (process_key) process_key, regexp_replace(envelope->>'source', '^/systems/', '')
  FROM journal ORDER BY process_key, seq;

-- Claims with ownership. Each input carries its process key, whether its publisher may open the
-- process (p_may_open) and the owners it may contribute to besides itself (p_contributes: '*' for
-- any, or the owner ids separated by spaces). Decided as one claim after another in input order:
-- a record id owned by another system stays 'foreign'; a process with no owner is opened by its
-- first input that may open it, and later inputs of the call are judged against that opener; a
-- process owned by someone the publisher may not contribute to, or still without an owner when the
-- input may not open it, is 'not_owned'. The rest go to ingest_claim_many; each process without a
-- stored owner that had a record claimed gets its opener as owner.
CREATE FUNCTION ingest_claim_owned_many(
  p_record_ids text[], p_versions integer[], p_hashes text[], p_event_ids text[], p_systems text[],
  p_process_keys text[], p_may_open boolean[], p_contributes text[], p_hold_ms integer, p_claimer text)
RETURNS TABLE (n integer, kind text, owner text, existing_hash text, receipt json, current_version integer)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  verdicts text[];
  owners text[];
  stored text[];
  pass integer[];
BEGIN
  -- Process locks first, in key order; ingest_claim_many then takes the record-id locks.
  PERFORM pg_advisory_xact_lock(l.k)
    FROM (SELECT DISTINCT hashtextextended('pxg-process:' || k, 0) AS k FROM unnest(p_process_keys) AS k ORDER BY 1) AS l;
  -- Read after the locks are held: set-based, one statement for the whole call.
  WITH inp AS (
    SELECT u.*, r.owner AS record_owner, po.owner AS stored_owner
    FROM unnest(p_record_ids, p_systems, p_process_keys, p_may_open, p_contributes)
           WITH ORDINALITY AS u (record_id, system, process_key, may_open, contributes, n)
    LEFT JOIN ingest_records r ON r.record_id = u.record_id
    LEFT JOIN process_owners po ON po.process_key = u.process_key
  ),
  openers AS (
    SELECT DISTINCT ON (i.process_key) i.process_key, i.system AS opener, i.n AS opener_n
    FROM inp i
    WHERE i.stored_owner IS NULL AND i.may_open AND (i.record_owner IS NULL OR i.record_owner = i.system)
    ORDER BY i.process_key, i.n
  ),
  judged AS (
    SELECT i.*, coalesce(i.stored_owner, CASE WHEN o.opener_n <= i.n THEN o.opener END) AS effective
    FROM inp i LEFT JOIN openers o ON o.process_key = i.process_key
  )
  SELECT array_agg(CASE
           WHEN j.record_owner IS NOT NULL AND j.record_owner <> j.system THEN 'foreign'
           WHEN j.effective IS NULL THEN 'not_owned'
           WHEN j.effective <> j.system AND j.contributes <> '*'
                AND NOT (j.effective = ANY (string_to_array(j.contributes, ' '))) THEN 'not_owned'
           ELSE 'pass'
         END ORDER BY j.n),
         array_agg(CASE WHEN j.record_owner IS NOT NULL AND j.record_owner <> j.system THEN j.record_owner ELSE j.effective END ORDER BY j.n),
         array_agg(j.stored_owner ORDER BY j.n)
    INTO verdicts, owners, stored
    FROM judged j;
  pass := ARRAY(SELECT x FROM generate_subscripts(verdicts, 1) AS x WHERE verdicts[x] = 'pass' ORDER BY x);
  RETURN QUERY
  WITH claims AS MATERIALIZED (
    SELECT pass[c.n] AS i, c.kind, c.owner, c.existing_hash, c.receipt, c.current_version
    FROM ingest_claim_many(
      ARRAY(SELECT p_record_ids[x] FROM unnest(pass) WITH ORDINALITY AS u (x, m) ORDER BY m),
      ARRAY(SELECT p_versions[x] FROM unnest(pass) WITH ORDINALITY AS u (x, m) ORDER BY m),
      ARRAY(SELECT p_hashes[x] FROM unnest(pass) WITH ORDINALITY AS u (x, m) ORDER BY m),
      ARRAY(SELECT p_event_ids[x] FROM unnest(pass) WITH ORDINALITY AS u (x, m) ORDER BY m),
      ARRAY(SELECT p_systems[x] FROM unnest(pass) WITH ORDINALITY AS u (x, m) ORDER BY m),
      p_hold_ms, p_claimer) AS c
  ),
  -- The first claimed record of an unowned process opens it (owners[]: the opener it was judged against).
  opened AS (
    INSERT INTO process_owners (process_key, owner)
      SELECT DISTINCT ON (p_process_keys[c.i]) p_process_keys[c.i], owners[c.i]
      FROM claims c WHERE c.kind = 'claimed' AND stored[c.i] IS NULL
      ORDER BY p_process_keys[c.i], c.i
      ON CONFLICT (process_key) DO NOTHING
  )
  SELECT c.i::integer, c.kind, c.owner, c.existing_hash, c.receipt, c.current_version FROM claims c
  UNION ALL
  SELECT x::integer, verdicts[x], owners[x], NULL::text, NULL::json, NULL::integer
    FROM generate_subscripts(verdicts, 1) AS x WHERE verdicts[x] <> 'pass';
END;
$$;

-- Applies a transfer once (by id): the processes `from` owns under the prefix, and the record ids
-- `from` published in them, pass to `to`. A concurrent second call waits on the transfer row and
-- then finds it applied. Answers whether this call applied it, and how many processes moved.
CREATE FUNCTION process_transfer(p_id text, p_from text, p_to text, p_prefix text)
RETURNS TABLE (applied boolean, processes integer)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  moved integer;
BEGIN
  INSERT INTO process_owner_transfers (transfer_id, from_system, to_system, process_prefix) VALUES (p_id, p_from, p_to, p_prefix)
    ON CONFLICT (transfer_id) DO NOTHING;
  IF NOT FOUND THEN
    RETURN QUERY SELECT false, 0;
    RETURN;
  END IF;
  UPDATE ingest_records SET owner = p_to
    WHERE owner = p_from AND record_id IN (
      SELECT DISTINCT j.record_id FROM journal j JOIN process_owners po ON po.process_key = j.process_key
      WHERE po.owner = p_from AND (p_prefix IS NULL OR starts_with(po.process_key, p_prefix)));
  UPDATE process_owners SET owner = p_to, since = now()
    WHERE owner = p_from AND (p_prefix IS NULL OR starts_with(process_key, p_prefix));
  GET DIAGNOSTICS moved = ROW_COUNT;
  UPDATE process_owner_transfers SET processes = moved WHERE transfer_id = p_id;
  RETURN QUERY SELECT true, moved;
END;
$$;
