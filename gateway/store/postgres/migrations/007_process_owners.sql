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
-- any, or the owner ids separated by spaces). Decided in input order, as one claim after another:
-- a record id owned by another system stays 'foreign'; then a process owned by someone the
-- publisher may not contribute to, or with no owner while the publisher may not open it, is
-- 'not_owned'; the rest go to ingest_claim_many, and each claimed record of an unowned process
-- makes its publisher the owner (the first in input order wins).
CREATE FUNCTION ingest_claim_owned_many(
  p_record_ids text[], p_versions integer[], p_hashes text[], p_event_ids text[], p_systems text[],
  p_process_keys text[], p_may_open boolean[], p_contributes text[], p_hold_ms integer, p_claimer text)
RETURNS TABLE (n integer, kind text, owner text, existing_hash text, receipt json, current_version integer)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  total integer := coalesce(array_length(p_record_ids, 1), 0);
  owners jsonb;
  stored jsonb;
  record_owners jsonb;
  verdicts text[] := array_fill(NULL::text, ARRAY[total]);
  verdict_owner text[] := array_fill(NULL::text, ARRAY[total]);
  pass integer[] := '{}';
  i integer;
  o text;
  c record;
BEGIN
  -- Process locks first, in key order; ingest_claim_many then takes the record-id locks.
  PERFORM pg_advisory_xact_lock(l.k)
    FROM (SELECT DISTINCT hashtextextended('pxg-process:' || k, 0) AS k FROM unnest(p_process_keys) AS k ORDER BY 1) AS l;
  SELECT coalesce(jsonb_object_agg(po.process_key, po.owner), '{}'::jsonb) INTO owners
    FROM process_owners po WHERE po.process_key = ANY (p_process_keys);
  stored := owners;
  SELECT coalesce(jsonb_object_agg(r.record_id, r.owner), '{}'::jsonb) INTO record_owners
    FROM ingest_records r WHERE r.record_id = ANY (p_record_ids);
  FOR i IN 1 .. total LOOP
    o := record_owners ->> p_record_ids[i];
    IF o IS NOT NULL AND o <> p_systems[i] THEN
      verdicts[i] := 'foreign'; verdict_owner[i] := o;
      CONTINUE;
    END IF;
    o := owners ->> p_process_keys[i];
    IF o IS NULL THEN
      IF NOT p_may_open[i] THEN
        verdicts[i] := 'not_owned';
        CONTINUE;
      END IF;
      -- Later inputs of this process are judged with this publisher as its owner.
      owners := owners || jsonb_build_object(p_process_keys[i], p_systems[i]);
    ELSIF o <> p_systems[i] AND p_contributes[i] <> '*' AND NOT (o = ANY (string_to_array(p_contributes[i], ' '))) THEN
      verdicts[i] := 'not_owned'; verdict_owner[i] := o;
      CONTINUE;
    END IF;
    pass := pass || i;
  END LOOP;
  IF array_length(pass, 1) IS NOT NULL THEN
    FOR c IN
      SELECT * FROM ingest_claim_many(
        ARRAY(SELECT p_record_ids[x] FROM unnest(pass) WITH ORDINALITY AS u (x, m) ORDER BY m),
        ARRAY(SELECT p_versions[x] FROM unnest(pass) WITH ORDINALITY AS u (x, m) ORDER BY m),
        ARRAY(SELECT p_hashes[x] FROM unnest(pass) WITH ORDINALITY AS u (x, m) ORDER BY m),
        ARRAY(SELECT p_event_ids[x] FROM unnest(pass) WITH ORDINALITY AS u (x, m) ORDER BY m),
        ARRAY(SELECT p_systems[x] FROM unnest(pass) WITH ORDINALITY AS u (x, m) ORDER BY m),
        p_hold_ms, p_claimer)
    LOOP
      i := pass[c.n];
      verdicts[i] := c.kind;
      n := i; kind := c.kind; owner := c.owner; existing_hash := c.existing_hash; receipt := c.receipt; current_version := c.current_version;
      IF c.kind = 'claimed' AND stored ->> p_process_keys[i] IS NULL THEN
        -- The first claimed record of an unowned process opens it (owners above: the one judged as opener).
        INSERT INTO process_owners AS t (process_key, owner) VALUES (p_process_keys[i], owners ->> p_process_keys[i])
          ON CONFLICT (process_key) DO NOTHING;
        stored := stored || jsonb_build_object(p_process_keys[i], owners ->> p_process_keys[i]);
      END IF;
      RETURN NEXT;
    END LOOP;
  END IF;
  FOR i IN 1 .. total LOOP
    IF verdicts[i] IN ('foreign', 'not_owned') AND NOT (i = ANY (pass)) THEN
      n := i; kind := verdicts[i]; owner := verdict_owner[i]; existing_hash := NULL; receipt := NULL; current_version := NULL;
      RETURN NEXT;
    END IF;
  END LOOP;
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
