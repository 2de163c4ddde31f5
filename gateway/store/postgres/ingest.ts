/**
 * PostgreSQL implementation of the IngestStore. The decisions live in the `ingest_claim` and
 * `ingest_confirm` functions (migrations/001_ingest.sql): one round trip each, serialised per
 * record id across every gateway process. A claim of a version waits while an older version of
 * the same record is between its claim and its confirmation in another process (being appended
 * there), so the versions of a record reach the log in version order.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ClaimResult, IngestStore, Receipt } from '../port.ts';
import type { PgPool } from './pool.ts';

/** How long an unconfirmed claim holds up newer versions of its record before it counts as abandoned. */
export const DEFAULT_CLAIM_HOLD_MS = 6_000;

interface ClaimRow {
  kind: ClaimResult['kind'] | 'pending';
  owner: string | null;
  existing_hash: string | null;
  receipt: Receipt | null;
  current_version: number | null;
}

/** The ingest index over a pool whose schema is migrated. */
export class PgIngestStore implements IngestStore {
  /** This process's claims do not hold each other up: it orders its own appends. */
  private readonly claimer = randomUUID();

  constructor(
    private readonly pool: () => PgPool,
    /** Longer than the log's append timeout, so a slow append is never overtaken. */
    private readonly holdMs: number = DEFAULT_CLAIM_HOLD_MS,
  ) {}

  async claim(input: { recordId: string; version: number; contentHash: string; eventId: string; sourceSystem: string }): Promise<ClaimResult> {
    let row = await this.#tryClaim(input);
    // Waiting ends when the older version is confirmed or its claim expires (the function then stops answering 'pending').
    for (let wait = 5; row?.kind === 'pending'; wait = Math.min(wait * 2, 50)) {
      await sleep(wait);
      row = await this.#tryClaim(input);
    }
    switch (row?.kind) {
      case 'claimed':
        return { kind: 'claimed' };
      case 'duplicate':
        return { kind: 'duplicate', receipt: row.receipt! };
      case 'conflict':
        return { kind: 'conflict', existingHash: row.existing_hash! };
      case 'stale':
        return { kind: 'stale', currentVersion: row.current_version! };
      case 'foreign':
        return { kind: 'foreign', owner: row.owner! };
      default:
        throw new Error(`ingest_claim returned no decision for ${input.recordId} v${input.version}`);
    }
  }

  async #tryClaim(input: { recordId: string; version: number; contentHash: string; eventId: string; sourceSystem: string }): Promise<ClaimRow | undefined> {
    const { rows } = await this.pool().query<ClaimRow>('SELECT * FROM ingest_claim($1, $2, $3, $4, $5, $6, $7)', [
      input.recordId,
      input.version,
      input.contentHash,
      input.eventId,
      input.sourceSystem,
      this.holdMs,
      this.claimer,
    ]);
    return rows[0];
  }

  async confirm(receipt: Receipt): Promise<void> {
    await this.pool().query('SELECT ingest_confirm($1::json)', [JSON.stringify(receipt)]);
  }

  async receipt(recordId: string, version: number): Promise<Receipt | null> {
    const { rows } = await this.pool().query<{ receipt: Receipt | null }>('SELECT receipt FROM ingest_versions WHERE record_id = $1 AND version = $2', [
      recordId,
      version,
    ]);
    return rows[0]?.receipt ?? null;
  }

  async batchResult(systemId: string, key: string): Promise<{ requestHash: string; status: number; body: string } | null> {
    const { rows } = await this.pool().query<{ request_hash: string; status: number; body: string }>(
      'SELECT request_hash, status, body FROM ingest_batches WHERE system_id = $1 AND idempotency_key = $2',
      [systemId, key],
    );
    const row = rows[0];
    return row ? { requestHash: row.request_hash, status: row.status, body: row.body } : null;
  }

  async saveBatchResult(systemId: string, key: string, value: { requestHash: string; status: number; body: string }): Promise<void> {
    await this.pool().query(
      `INSERT INTO ingest_batches (system_id, idempotency_key, request_hash, status, body) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (system_id, idempotency_key) DO NOTHING`,
      [systemId, key, value.requestHash, value.status, value.body],
    );
  }
}
