-- Monitor concern: refused records (who is rejected and why) and the index of accepted record
-- versions by source system and accepting day in Asia/Shanghai, derived from the journal (one row
-- per journal seq, so indexing it again changes nothing). Times are milliseconds since the epoch.

CREATE TABLE monitor_accepted (
  seq          bigint PRIMARY KEY,
  system_id    text NOT NULL,
  record_id    text NOT NULL,
  version      integer NOT NULL,
  content_hash text NOT NULL,
  at_ms        bigint NOT NULL,
  day          text NOT NULL
);
CREATE INDEX monitor_accepted_system_at ON monitor_accepted (system_id, at_ms);
CREATE INDEX monitor_accepted_day ON monitor_accepted (day, system_id);
CREATE INDEX monitor_accepted_at ON monitor_accepted (at_ms);

CREATE TABLE monitor_rejections (
  n           bigserial PRIMARY KEY,
  system_id   text NOT NULL,
  at_ms       bigint NOT NULL,
  code        text NOT NULL,
  record_type text,
  record_id   text,
  version     integer
);
CREATE INDEX monitor_rejections_system_at ON monitor_rejections (system_id, at_ms);
CREATE INDEX monitor_rejections_at ON monitor_rejections (at_ms);
