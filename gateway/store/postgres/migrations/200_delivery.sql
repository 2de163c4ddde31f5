-- Delivery concern: subscriptions, their cursors and worker leases, delivery attempts, dead
-- letters and webhook endpoint states. A cursor is a journal seq; `revision` changes on every
-- write so that a worker notices a replay. A lease's `token` grows with every new holder and
-- fences the cursor writes of a holder that lost it.

CREATE TABLE delivery_subscriptions (
  id        text PRIMARY KEY,
  system_id text NOT NULL,
  mode      text NOT NULL,
  body      jsonb NOT NULL
);
CREATE INDEX delivery_subscriptions_system ON delivery_subscriptions (system_id);

CREATE TABLE delivery_cursors (
  subscription_id text PRIMARY KEY,
  seq             bigint NOT NULL,
  revision        bigint NOT NULL
);

CREATE TABLE delivery_leases (
  subscription_id text PRIMARY KEY,
  holder          text NOT NULL,
  token           bigint NOT NULL,
  expires_at      bigint NOT NULL
);

CREATE TABLE delivery_attempts (
  n               bigserial PRIMARY KEY,
  subscription_id text NOT NULL,
  event_id        text NOT NULL,
  seq             bigint NOT NULL,
  attempt         integer NOT NULL,
  at              timestamptz NOT NULL,
  status          integer,
  latency_ms      double precision NOT NULL,
  error           text,
  outcome         text NOT NULL
);
CREATE INDEX delivery_attempts_subscription ON delivery_attempts (subscription_id, n);
CREATE INDEX delivery_attempts_event ON delivery_attempts (subscription_id, event_id, n);

CREATE TABLE delivery_dead_letters (
  id               text PRIMARY KEY,
  subscription_id  text NOT NULL,
  seq              bigint NOT NULL,
  event_id         text NOT NULL,
  attempts         integer NOT NULL,
  first_attempt_at timestamptz NOT NULL,
  last_attempt_at  timestamptz NOT NULL,
  last_status      integer,
  last_error       text,
  envelope         json NOT NULL,
  created_at       timestamptz NOT NULL,
  UNIQUE (subscription_id, event_id)
);
CREATE INDEX delivery_dead_letters_seq ON delivery_dead_letters (subscription_id, seq);

CREATE TABLE delivery_endpoints (
  subscription_id          text PRIMARY KEY,
  status                   text NOT NULL CHECK (status IN ('active', 'failing', 'disabled')),
  reason                   text,
  since                    timestamptz NOT NULL,
  consecutive_dead_letters integer NOT NULL,
  last_success_at          timestamptz,
  last_failure_at          timestamptz
);
