-- Public publication: the daily bulk files of public OCDS data (gzipped JSON Lines and their
-- manifest), stored here so that every gateway process serves every day, and the lease that lets
-- one process build a day while the others wait.
CREATE TABLE publication_bulk_days (
  day          text PRIMARY KEY,
  packages     integer NOT NULL,
  releases     integer NOT NULL,
  sha256       text NOT NULL,
  bytes        integer NOT NULL,
  policy       text NOT NULL,
  built_at_ms  bigint NOT NULL,
  gzip         bytea NOT NULL,
  manifest     text NOT NULL
);

CREATE TABLE publication_leases (
  name          text PRIMARY KEY,
  holder        text NOT NULL,
  expires_at_ms bigint NOT NULL
);
