-- Audit concern: the hash-chained log of administrative and security-relevant actions. `event`
-- is the entry's JSON text as hashed; `concerns` (actor and the owners of the target) and
-- `action` are copies for filtering. `audit_head` is the one row every append locks
-- (SELECT … FOR UPDATE), so appends from several gateway processes take turns and each entry
-- links to the one before it; it also records the last hash, so a removed tail is noticed.

CREATE TABLE audit_log (
  seq       bigint PRIMARY KEY,
  at        text NOT NULL,
  action    text NOT NULL,
  concerns  text[] NOT NULL,
  event     text NOT NULL,
  prev_hash text NOT NULL,
  hash      text NOT NULL
);
CREATE INDEX audit_log_action ON audit_log (action, seq);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_concerns ON audit_log USING gin (concerns);

CREATE TABLE audit_head (
  id   boolean PRIMARY KEY DEFAULT true CHECK (id),
  seq  bigint NOT NULL,
  hash text NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (true, 0, repeat('0', 64));
