/**
 * PostgreSQL implementation of the DeliveryStore, shared by every gateway process. Leases and
 * cursors change under row locks (`SELECT … FOR UPDATE`), so two processes never both hold a
 * subscription, and a holder that lost its lease can no longer move the cursor.
 */
import type {
  DeadLetter,
  DeliveryAttempt,
  DeliveryMode,
  DeliveryStore,
  EndpointState,
  Lease,
  StoredCursor,
  Subscription,
  SubscriptionPause,
} from '../port.ts';
import { inTransaction, type PgPool } from './pool.ts';

interface DeadLetterRow {
  id: string;
  subscription_id: string;
  seq: string;
  event_id: string;
  attempts: number;
  first_attempt_at: Date;
  last_attempt_at: Date;
  last_status: number | null;
  last_error: string | null;
  envelope: DeadLetter['envelope'];
  created_at: Date;
}

function toDeadLetter(r: DeadLetterRow): DeadLetter {
  return {
    id: r.id,
    subscriptionId: r.subscription_id,
    seq: Number(r.seq),
    eventId: r.event_id,
    attempts: r.attempts,
    firstAttemptAt: r.first_attempt_at.toISOString(),
    lastAttemptAt: r.last_attempt_at.toISOString(),
    lastStatus: r.last_status,
    lastError: r.last_error,
    envelope: r.envelope,
    createdAt: r.created_at.toISOString(),
  };
}

interface EndpointRow {
  subscription_id: string;
  status: EndpointState['status'];
  reason: string | null;
  since: Date;
  consecutive_dead_letters: number;
  last_success_at: Date | null;
  last_failure_at: Date | null;
}

function toEndpointState(r: EndpointRow): EndpointState {
  return {
    subscriptionId: r.subscription_id,
    status: r.status,
    reason: r.reason,
    since: r.since.toISOString(),
    consecutiveDeadLetters: r.consecutive_dead_letters,
    lastSuccessAt: r.last_success_at?.toISOString() ?? null,
    lastFailureAt: r.last_failure_at?.toISOString() ?? null,
  };
}

interface SubscriptionRow {
  body: Subscription;
  paused_by: string | null;
  paused_at: Date | null;
  paused_reason: string | null;
}

/** A stored subscription with its pause, which lives in columns of its own. */
function toSubscription(r: SubscriptionRow): Subscription {
  const s = r.body;
  if (r.paused_by !== null) s.paused = { by: r.paused_by, at: r.paused_at!.toISOString(), reason: r.paused_reason ?? '' };
  return s;
}

const SUBSCRIPTION_COLUMNS = 'body, paused_by, paused_at, paused_reason';

/** The delivery state over a pool whose schema is migrated. */
export class PgDeliveryStore implements DeliveryStore {
  constructor(private readonly pool: () => PgPool) {}

  async putSubscription(subscription: Subscription): Promise<void> {
    const { paused: _pause, ...s } = subscription;
    await this.pool().query(
      `INSERT INTO delivery_subscriptions (id, system_id, mode, body) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET system_id = excluded.system_id, mode = excluded.mode, body = excluded.body`,
      [s.id, s.systemId, s.mode, JSON.stringify(s)],
    );
  }

  async subscription(id: string): Promise<Subscription | null> {
    const { rows } = await this.pool().query<SubscriptionRow>(`SELECT ${SUBSCRIPTION_COLUMNS} FROM delivery_subscriptions WHERE id = $1`, [
      id,
    ]);
    return rows[0] ? toSubscription(rows[0]) : null;
  }

  async setPause(id: string, pause: SubscriptionPause | null, expectedBy: string | null): Promise<boolean> {
    const result = await this.pool().query(
      `UPDATE delivery_subscriptions SET paused_by = $1, paused_at = $2, paused_reason = $3
         WHERE id = $4 AND paused_by IS NOT DISTINCT FROM $5::text`,
      [pause?.by ?? null, pause?.at ?? null, pause?.reason ?? null, id, expectedBy],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async subscriptions(query: { systemId?: string; mode?: DeliveryMode } = {}): Promise<Subscription[]> {
    const { rows } = await this.pool().query<SubscriptionRow>(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM delivery_subscriptions
         WHERE ($1::text IS NULL OR system_id = $1) AND ($2::text IS NULL OR mode = $2) ORDER BY id`,
      [query.systemId ?? null, query.mode ?? null],
    );
    return rows.map(toSubscription);
  }

  async removeSubscription(id: string): Promise<boolean> {
    return inTransaction(this.pool(), async (client) => {
      for (const table of ['delivery_cursors', 'delivery_leases', 'delivery_attempts', 'delivery_dead_letters', 'delivery_endpoints']) {
        await client.query(`DELETE FROM ${table} WHERE subscription_id = $1`, [id]);
      }
      const result = await client.query('DELETE FROM delivery_subscriptions WHERE id = $1', [id]);
      return (result.rowCount ?? 0) > 0;
    });
  }

  async cursor(subscriptionId: string): Promise<StoredCursor> {
    const { rows } = await this.pool().query<{ seq: string; revision: string }>(
      'SELECT seq, revision FROM delivery_cursors WHERE subscription_id = $1',
      [subscriptionId],
    );
    const row = rows[0];
    return row ? { seq: Number(row.seq), revision: Number(row.revision) } : { seq: 0, revision: 0 };
  }

  async advanceCursor(subscriptionId: string, revision: number, seq: number, lease: Lease): Promise<boolean> {
    return inTransaction(this.pool(), async (client) => {
      // The lease row lock serialises this write with any takeover of the lease.
      const held = await client.query('SELECT 1 FROM delivery_leases WHERE subscription_id = $1 AND holder = $2 AND token = $3 FOR SHARE', [
        subscriptionId,
        lease.holder,
        lease.token,
      ]);
      if (held.rowCount === 0) return false;
      const result =
        revision === 0
          ? await client.query('INSERT INTO delivery_cursors (subscription_id, seq, revision) VALUES ($1, $2, 1) ON CONFLICT DO NOTHING', [
              subscriptionId,
              seq,
            ])
          : await client.query(
              'UPDATE delivery_cursors SET seq = $1, revision = revision + 1 WHERE subscription_id = $2 AND revision = $3',
              [seq, subscriptionId, revision],
            );
      return (result.rowCount ?? 0) > 0;
    });
  }

  async resetCursor(subscriptionId: string, seq: number): Promise<StoredCursor> {
    const { rows } = await this.pool().query<{ seq: string; revision: string }>(
      `INSERT INTO delivery_cursors (subscription_id, seq, revision) VALUES ($1, $2, 1)
       ON CONFLICT (subscription_id) DO UPDATE SET seq = excluded.seq, revision = delivery_cursors.revision + 1
       RETURNING seq, revision`,
      [subscriptionId, seq],
    );
    return { seq: Number(rows[0]!.seq), revision: Number(rows[0]!.revision) };
  }

  async acquireLease(subscriptionId: string, holder: string, ttlMs: number, nowMs: number): Promise<Lease | null> {
    const expiresAt = nowMs + ttlMs;
    return inTransaction(this.pool(), async (client) => {
      await client.query(
        'INSERT INTO delivery_leases (subscription_id, holder, token, expires_at) VALUES ($1, $2, 0, 0) ON CONFLICT DO NOTHING',
        [subscriptionId, holder],
      );
      const { rows } = await client.query<{ holder: string; token: string; expires_at: string }>(
        'SELECT holder, token, expires_at FROM delivery_leases WHERE subscription_id = $1 FOR UPDATE',
        [subscriptionId],
      );
      const row = rows[0]!;
      const live = Number(row.expires_at) > nowMs;
      if (row.holder !== holder && live) return null;
      // A new holder (or ours after a release or expiry) gets a new token, which fences the previous one.
      const token = row.holder === holder && live ? Number(row.token) : Number(row.token) + 1;
      await client.query('UPDATE delivery_leases SET holder = $1, token = $2, expires_at = $3 WHERE subscription_id = $4', [
        holder,
        token,
        expiresAt,
        subscriptionId,
      ]);
      return { subscriptionId, holder, token, expiresAt };
    });
  }

  async renewLease(lease: Lease, ttlMs: number, nowMs: number): Promise<Lease | null> {
    const expiresAt = nowMs + ttlMs;
    const result = await this.pool().query(
      'UPDATE delivery_leases SET expires_at = $1 WHERE subscription_id = $2 AND holder = $3 AND token = $4',
      [expiresAt, lease.subscriptionId, lease.holder, lease.token],
    );
    return (result.rowCount ?? 0) > 0 ? { ...lease, expiresAt } : null;
  }

  async releaseLease(lease: Lease): Promise<void> {
    await this.pool().query('UPDATE delivery_leases SET expires_at = 0 WHERE subscription_id = $1 AND holder = $2 AND token = $3', [
      lease.subscriptionId,
      lease.holder,
      lease.token,
    ]);
  }

  async recordAttempts(attempts: DeliveryAttempt[]): Promise<void> {
    if (attempts.length === 0) return;
    await this.pool().query(
      `INSERT INTO delivery_attempts (subscription_id, event_id, seq, attempt, at, status, latency_ms, error, outcome)
       SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::integer[], $5::timestamptz[], $6::integer[], $7::double precision[], $8::text[], $9::text[])`,
      [
        attempts.map((a) => a.subscriptionId),
        attempts.map((a) => a.eventId),
        attempts.map((a) => a.seq),
        attempts.map((a) => a.attempt),
        attempts.map((a) => a.at),
        attempts.map((a) => a.status),
        attempts.map((a) => a.latencyMs),
        attempts.map((a) => a.error),
        attempts.map((a) => a.outcome),
      ],
    );
  }

  async attempts(subscriptionId: string, query: { eventId?: string; limit: number }): Promise<DeliveryAttempt[]> {
    const { rows } = await this.pool().query<{
      subscription_id: string;
      event_id: string;
      seq: string;
      attempt: number;
      at: Date;
      status: number | null;
      latency_ms: number;
      error: string | null;
      outcome: DeliveryAttempt['outcome'];
    }>(
      `SELECT subscription_id, event_id, seq, attempt, at, status, latency_ms, error, outcome FROM delivery_attempts
       WHERE subscription_id = $1 AND ($2::text IS NULL OR event_id = $2) ORDER BY n DESC LIMIT $3`,
      [subscriptionId, query.eventId ?? null, query.limit],
    );
    return rows.map((r) => ({
      subscriptionId: r.subscription_id,
      eventId: r.event_id,
      seq: Number(r.seq),
      attempt: r.attempt,
      at: r.at.toISOString(),
      status: r.status,
      latencyMs: r.latency_ms,
      error: r.error,
      outcome: r.outcome,
    }));
  }

  async pruneAttempts(before: string): Promise<number> {
    const result = await this.pool().query('DELETE FROM delivery_attempts WHERE at < $1', [before]);
    return result.rowCount ?? 0;
  }

  async addDeadLetter(d: DeadLetter): Promise<DeadLetter> {
    await this.pool().query(
      `INSERT INTO delivery_dead_letters
         (id, subscription_id, seq, event_id, attempts, first_attempt_at, last_attempt_at, last_status, last_error, envelope, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (subscription_id, event_id) DO NOTHING`,
      [
        d.id,
        d.subscriptionId,
        d.seq,
        d.eventId,
        d.attempts,
        d.firstAttemptAt,
        d.lastAttemptAt,
        d.lastStatus,
        d.lastError,
        JSON.stringify(d.envelope),
        d.createdAt,
      ],
    );
    const { rows } = await this.pool().query<DeadLetterRow>(
      'SELECT * FROM delivery_dead_letters WHERE subscription_id = $1 AND event_id = $2',
      [d.subscriptionId, d.eventId],
    );
    return toDeadLetter(rows[0]!);
  }

  async deadLetter(id: string): Promise<DeadLetter | null> {
    const { rows } = await this.pool().query<DeadLetterRow>('SELECT * FROM delivery_dead_letters WHERE id = $1', [id]);
    return rows[0] ? toDeadLetter(rows[0]) : null;
  }

  async deadLetters(query: { subscriptionId?: string; limit: number; offset?: number }): Promise<DeadLetter[]> {
    const { rows } = await this.pool().query<DeadLetterRow>(
      'SELECT * FROM delivery_dead_letters WHERE ($1::text IS NULL OR subscription_id = $1) ORDER BY subscription_id, seq LIMIT $2 OFFSET $3',
      [query.subscriptionId ?? null, query.limit, query.offset ?? 0],
    );
    return rows.map(toDeadLetter);
  }

  async updateDeadLetter(id: string, c: Pick<DeadLetter, 'attempts' | 'lastAttemptAt' | 'lastStatus' | 'lastError'>): Promise<void> {
    await this.pool().query(
      'UPDATE delivery_dead_letters SET attempts = $1, last_attempt_at = $2, last_status = $3, last_error = $4 WHERE id = $5',
      [c.attempts, c.lastAttemptAt, c.lastStatus, c.lastError, id],
    );
  }

  async removeDeadLetter(id: string): Promise<boolean> {
    const result = await this.pool().query('DELETE FROM delivery_dead_letters WHERE id = $1', [id]);
    return (result.rowCount ?? 0) > 0;
  }

  async endpointState(subscriptionId: string): Promise<EndpointState> {
    const { rows } = await this.pool().query<EndpointRow>('SELECT * FROM delivery_endpoints WHERE subscription_id = $1', [subscriptionId]);
    return rows[0]
      ? toEndpointState(rows[0])
      : {
          subscriptionId,
          status: 'active',
          reason: null,
          since: new Date(0).toISOString(),
          consecutiveDeadLetters: 0,
          lastSuccessAt: null,
          lastFailureAt: null,
        };
  }

  async setEndpointState(s: EndpointState): Promise<void> {
    await this.pool().query(
      `INSERT INTO delivery_endpoints (subscription_id, status, reason, since, consecutive_dead_letters, last_success_at, last_failure_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (subscription_id) DO UPDATE SET status = excluded.status, reason = excluded.reason, since = excluded.since,
         consecutive_dead_letters = excluded.consecutive_dead_letters, last_success_at = excluded.last_success_at,
         last_failure_at = excluded.last_failure_at`,
      [s.subscriptionId, s.status, s.reason, s.since, s.consecutiveDeadLetters, s.lastSuccessAt, s.lastFailureAt],
    );
  }

  async endpointStates(): Promise<EndpointState[]> {
    const { rows } = await this.pool().query<EndpointRow>('SELECT * FROM delivery_endpoints ORDER BY subscription_id');
    return rows.map(toEndpointState);
  }
}
