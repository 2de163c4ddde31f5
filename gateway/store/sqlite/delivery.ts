/**
 * SQLite implementation of the DeliveryStore: subscriptions, their cursors and leases, delivery
 * attempts, dead letters and endpoint states. Leases fence cursor writes: a worker whose lease
 * was taken over (it paused past the expiry) can no longer move the cursor.
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
import { type Migration, type SqliteDb, statement } from './database.ts';

/** Tables of the delivery concern (migrations 200–299). */
export const deliveryMigrations: Migration[] = [
  {
    id: 'delivery/200-subscriptions-cursors-leases',
    sql: `
      CREATE TABLE delivery_subscriptions (
        id TEXT PRIMARY KEY,
        system_id TEXT NOT NULL,
        mode TEXT NOT NULL,
        body TEXT NOT NULL
      );
      CREATE INDEX delivery_subscriptions_system ON delivery_subscriptions (system_id);
      CREATE TABLE delivery_cursors (
        subscription_id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        revision INTEGER NOT NULL
      );
      CREATE TABLE delivery_leases (
        subscription_id TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        token INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );`,
  },
  {
    id: 'delivery/201-attempts-dead-letters-endpoints',
    sql: `
      CREATE TABLE delivery_attempts (
        n INTEGER PRIMARY KEY AUTOINCREMENT,
        subscription_id TEXT NOT NULL,
        event_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        attempt INTEGER NOT NULL,
        at TEXT NOT NULL,
        status INTEGER,
        latency_ms REAL NOT NULL,
        error TEXT,
        outcome TEXT NOT NULL
      );
      CREATE INDEX delivery_attempts_subscription ON delivery_attempts (subscription_id, n);
      CREATE INDEX delivery_attempts_event ON delivery_attempts (subscription_id, event_id, n);
      CREATE TABLE delivery_dead_letters (
        id TEXT PRIMARY KEY,
        subscription_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        event_id TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        first_attempt_at TEXT NOT NULL,
        last_attempt_at TEXT NOT NULL,
        last_status INTEGER,
        last_error TEXT,
        envelope TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (subscription_id, event_id)
      );
      CREATE INDEX delivery_dead_letters_seq ON delivery_dead_letters (subscription_id, seq);
      CREATE TABLE delivery_endpoints (
        subscription_id TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        reason TEXT,
        since TEXT NOT NULL,
        consecutive_dead_letters INTEGER NOT NULL,
        last_success_at TEXT,
        last_failure_at TEXT
      );`,
  },
  {
    id: 'delivery/202-attempts-by-time',
    sql: 'CREATE INDEX delivery_attempts_at ON delivery_attempts (at);',
  },
  {
    id: 'delivery/203-subscription-pause',
    sql: `
      ALTER TABLE delivery_subscriptions ADD COLUMN paused_by TEXT;
      ALTER TABLE delivery_subscriptions ADD COLUMN paused_at TEXT;
      ALTER TABLE delivery_subscriptions ADD COLUMN paused_reason TEXT;`,
  },
];

interface SubscriptionRow {
  body: string;
  paused_by: string | null;
  paused_at: string | null;
  paused_reason: string | null;
}

/** A stored subscription with its pause, which lives in columns of its own. */
function toSubscription(r: SubscriptionRow): Subscription {
  const s = JSON.parse(r.body) as Subscription;
  if (r.paused_by !== null) s.paused = { by: r.paused_by, at: r.paused_at!, reason: r.paused_reason ?? '' };
  return s;
}

interface DeadLetterRow {
  id: string;
  subscription_id: string;
  seq: number;
  event_id: string;
  attempts: number;
  first_attempt_at: string;
  last_attempt_at: string;
  last_status: number | null;
  last_error: string | null;
  envelope: string;
  created_at: string;
}

function toDeadLetter(r: DeadLetterRow): DeadLetter {
  return {
    id: r.id,
    subscriptionId: r.subscription_id,
    seq: r.seq,
    eventId: r.event_id,
    attempts: r.attempts,
    firstAttemptAt: r.first_attempt_at,
    lastAttemptAt: r.last_attempt_at,
    lastStatus: r.last_status,
    lastError: r.last_error,
    envelope: JSON.parse(r.envelope),
    createdAt: r.created_at,
  };
}

interface EndpointRow {
  subscription_id: string;
  status: EndpointState['status'];
  reason: string | null;
  since: string;
  consecutive_dead_letters: number;
  last_success_at: string | null;
  last_failure_at: string | null;
}

function toEndpointState(r: EndpointRow): EndpointState {
  return {
    subscriptionId: r.subscription_id,
    status: r.status,
    reason: r.reason,
    since: r.since,
    consecutiveDeadLetters: r.consecutive_dead_letters,
    lastSuccessAt: r.last_success_at,
    lastFailureAt: r.last_failure_at,
  };
}

/** The delivery state over a SQLite connection opened (and migrated) by the caller. */
export class SqliteDeliveryStore implements DeliveryStore {
  constructor(private readonly db: () => SqliteDb) {}

  async putSubscription(subscription: Subscription): Promise<void> {
    const { paused: _pause, ...s } = subscription;
    statement(
      this.db(),
      `INSERT INTO delivery_subscriptions (id, system_id, mode, body) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET system_id = excluded.system_id, mode = excluded.mode, body = excluded.body`,
    ).run(s.id, s.systemId, s.mode, JSON.stringify(s));
  }

  async subscription(id: string): Promise<Subscription | null> {
    const row = statement(this.db(), 'SELECT body, paused_by, paused_at, paused_reason FROM delivery_subscriptions WHERE id = ?').get(id) as
      | SubscriptionRow
      | undefined;
    return row ? toSubscription(row) : null;
  }

  async setPause(id: string, pause: SubscriptionPause | null, expectedBy: string | null): Promise<boolean> {
    const changed = statement(
      this.db(),
      'UPDATE delivery_subscriptions SET paused_by = ?, paused_at = ?, paused_reason = ? WHERE id = ? AND paused_by IS ?',
    ).run(pause?.by ?? null, pause?.at ?? null, pause?.reason ?? null, id, expectedBy).changes;
    return changed > 0;
  }

  async subscriptions(query: { systemId?: string; mode?: DeliveryMode } = {}): Promise<Subscription[]> {
    const rows = statement(
      this.db(),
      `SELECT body, paused_by, paused_at, paused_reason FROM delivery_subscriptions
         WHERE (@system IS NULL OR system_id = @system) AND (@mode IS NULL OR mode = @mode) ORDER BY id`,
    ).all({ system: query.systemId ?? null, mode: query.mode ?? null }) as SubscriptionRow[];
    return rows.map(toSubscription);
  }

  async removeSubscription(id: string): Promise<boolean> {
    const db = this.db();
    return db
      .transaction(() => {
        for (const table of ['delivery_cursors', 'delivery_leases', 'delivery_attempts', 'delivery_dead_letters', 'delivery_endpoints']) {
          statement(db, `DELETE FROM ${table} WHERE subscription_id = ?`).run(id);
        }
        return statement(db, 'DELETE FROM delivery_subscriptions WHERE id = ?').run(id).changes > 0;
      })
      .immediate();
  }

  async cursor(subscriptionId: string): Promise<StoredCursor> {
    const row = statement(this.db(), 'SELECT seq, revision FROM delivery_cursors WHERE subscription_id = ?').get(subscriptionId) as
      | StoredCursor
      | undefined;
    return row ?? { seq: 0, revision: 0 };
  }

  async advanceCursor(subscriptionId: string, revision: number, seq: number, lease: Lease): Promise<boolean> {
    const db = this.db();
    return db
      .transaction(() => {
        const held = statement(db, 'SELECT 1 FROM delivery_leases WHERE subscription_id = ? AND holder = ? AND token = ?').get(
          subscriptionId,
          lease.holder,
          lease.token,
        );
        if (!held) return false;
        if (revision === 0) {
          return (
            statement(db, 'INSERT INTO delivery_cursors (subscription_id, seq, revision) VALUES (?, ?, 1) ON CONFLICT DO NOTHING').run(
              subscriptionId,
              seq,
            ).changes > 0
          );
        }
        return (
          statement(db, 'UPDATE delivery_cursors SET seq = ?, revision = revision + 1 WHERE subscription_id = ? AND revision = ?').run(
            seq,
            subscriptionId,
            revision,
          ).changes > 0
        );
      })
      .immediate();
  }

  async resetCursor(subscriptionId: string, seq: number): Promise<StoredCursor> {
    return statement(
      this.db(),
      `INSERT INTO delivery_cursors (subscription_id, seq, revision) VALUES (?, ?, 1)
         ON CONFLICT (subscription_id) DO UPDATE SET seq = excluded.seq, revision = delivery_cursors.revision + 1
         RETURNING seq, revision`,
    ).get(subscriptionId, seq) as StoredCursor;
  }

  async acquireLease(subscriptionId: string, holder: string, ttlMs: number, nowMs: number): Promise<Lease | null> {
    const db = this.db();
    return db
      .transaction((): Lease | null => {
        const row = statement(db, 'SELECT holder, token, expires_at FROM delivery_leases WHERE subscription_id = ?').get(subscriptionId) as
          | { holder: string; token: number; expires_at: number }
          | undefined;
        const expiresAt = nowMs + ttlMs;
        if (!row) {
          statement(db, 'INSERT INTO delivery_leases (subscription_id, holder, token, expires_at) VALUES (?, ?, 1, ?)').run(
            subscriptionId,
            holder,
            expiresAt,
          );
          return { subscriptionId, holder, token: 1, expiresAt };
        }
        if (row.holder !== holder && row.expires_at > nowMs) return null;
        // A new holder (or ours after a release) gets a new token, which fences the previous one.
        const token = row.holder === holder && row.expires_at > nowMs ? row.token : row.token + 1;
        statement(db, 'UPDATE delivery_leases SET holder = ?, token = ?, expires_at = ? WHERE subscription_id = ?').run(
          holder,
          token,
          expiresAt,
          subscriptionId,
        );
        return { subscriptionId, holder, token, expiresAt };
      })
      .immediate();
  }

  async renewLease(lease: Lease, ttlMs: number, nowMs: number): Promise<Lease | null> {
    const expiresAt = nowMs + ttlMs;
    const changed = statement(
      this.db(),
      'UPDATE delivery_leases SET expires_at = ? WHERE subscription_id = ? AND holder = ? AND token = ?',
    ).run(expiresAt, lease.subscriptionId, lease.holder, lease.token).changes;
    return changed > 0 ? { ...lease, expiresAt } : null;
  }

  async releaseLease(lease: Lease): Promise<void> {
    statement(this.db(), 'UPDATE delivery_leases SET expires_at = 0 WHERE subscription_id = ? AND holder = ? AND token = ?').run(
      lease.subscriptionId,
      lease.holder,
      lease.token,
    );
  }

  async recordAttempts(attempts: DeliveryAttempt[]): Promise<void> {
    const db = this.db();
    const insert = statement(
      db,
      `INSERT INTO delivery_attempts (subscription_id, event_id, seq, attempt, at, status, latency_ms, error, outcome)
       VALUES (@subscriptionId, @eventId, @seq, @attempt, @at, @status, @latencyMs, @error, @outcome)`,
    );
    db.transaction(() => {
      for (const a of attempts) insert.run(a);
    })();
  }

  async attempts(subscriptionId: string, query: { eventId?: string; limit: number }): Promise<DeliveryAttempt[]> {
    return statement(
      this.db(),
      `SELECT subscription_id AS subscriptionId, event_id AS eventId, seq, attempt, at, status, latency_ms AS latencyMs, error, outcome
         FROM delivery_attempts WHERE subscription_id = ? AND (? IS NULL OR event_id = ?) ORDER BY n DESC LIMIT ?`,
    ).all(subscriptionId, query.eventId ?? null, query.eventId ?? null, query.limit) as DeliveryAttempt[];
  }

  async pruneAttempts(before: string): Promise<number> {
    return statement(this.db(), 'DELETE FROM delivery_attempts WHERE at < ?').run(before).changes;
  }

  async addDeadLetter(d: DeadLetter): Promise<DeadLetter> {
    const db = this.db();
    return db
      .transaction(() => {
        statement(
          db,
          `INSERT INTO delivery_dead_letters
             (id, subscription_id, seq, event_id, attempts, first_attempt_at, last_attempt_at, last_status, last_error, envelope, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (subscription_id, event_id) DO NOTHING`,
        ).run(
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
        );
        const row = statement(db, 'SELECT * FROM delivery_dead_letters WHERE subscription_id = ? AND event_id = ?').get(
          d.subscriptionId,
          d.eventId,
        ) as DeadLetterRow;
        return toDeadLetter(row);
      })
      .immediate();
  }

  async deadLetter(id: string): Promise<DeadLetter | null> {
    const row = statement(this.db(), 'SELECT * FROM delivery_dead_letters WHERE id = ?').get(id) as DeadLetterRow | undefined;
    return row ? toDeadLetter(row) : null;
  }

  async deadLetters(query: { subscriptionId?: string; limit: number; offset?: number }): Promise<DeadLetter[]> {
    const rows = statement(
      this.db(),
      'SELECT * FROM delivery_dead_letters WHERE (? IS NULL OR subscription_id = ?) ORDER BY subscription_id, seq LIMIT ? OFFSET ?',
    ).all(query.subscriptionId ?? null, query.subscriptionId ?? null, query.limit, query.offset ?? 0) as DeadLetterRow[];
    return rows.map(toDeadLetter);
  }

  async updateDeadLetter(id: string, c: Pick<DeadLetter, 'attempts' | 'lastAttemptAt' | 'lastStatus' | 'lastError'>): Promise<void> {
    statement(
      this.db(),
      'UPDATE delivery_dead_letters SET attempts = ?, last_attempt_at = ?, last_status = ?, last_error = ? WHERE id = ?',
    ).run(c.attempts, c.lastAttemptAt, c.lastStatus, c.lastError, id);
  }

  async removeDeadLetter(id: string): Promise<boolean> {
    return statement(this.db(), 'DELETE FROM delivery_dead_letters WHERE id = ?').run(id).changes > 0;
  }

  async endpointState(subscriptionId: string): Promise<EndpointState> {
    const row = statement(this.db(), 'SELECT * FROM delivery_endpoints WHERE subscription_id = ?').get(subscriptionId) as
      | EndpointRow
      | undefined;
    return row
      ? toEndpointState(row)
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
    statement(
      this.db(),
      `INSERT INTO delivery_endpoints (subscription_id, status, reason, since, consecutive_dead_letters, last_success_at, last_failure_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (subscription_id) DO UPDATE SET status = excluded.status, reason = excluded.reason, since = excluded.since,
           consecutive_dead_letters = excluded.consecutive_dead_letters, last_success_at = excluded.last_success_at,
           last_failure_at = excluded.last_failure_at`,
    ).run(s.subscriptionId, s.status, s.reason, s.since, s.consecutiveDeadLetters, s.lastSuccessAt, s.lastFailureAt);
  }

  async endpointStates(): Promise<EndpointState[]> {
    return (statement(this.db(), 'SELECT * FROM delivery_endpoints ORDER BY subscription_id').all() as EndpointRow[]).map(toEndpointState);
  }
}
