/**
 * PostgreSQL implementation of the IngestStore. The decisions live in the `ingest_claim` and
 * `ingest_confirm` functions (migrations/001_ingest.sql), serialised per record id across
 * every gateway process; `ingest_claim_many` and `ingest_confirm_many` (004) apply them to many
 * versions in one round trip (set-based when every record id occurs once). A claim of a version
 * waits while an older version of the same record is between its claim and its confirmation in
 * another process (being appended there), so the versions of a record reach the log in version order.
 * Claims that name their process also decide its ownership (`ingest_claim_owned_many`, 007).
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ClaimRequest, ClaimResult, IngestStore, PublicJwk, Receipt, TransferRequest } from '../port.ts';
import type { PgPool } from './pool.ts';

/** How long an unconfirmed claim holds up newer versions of its record before it counts as abandoned. */
export const DEFAULT_CLAIM_HOLD_MS = 6_000;
/**
 * Longest a claim is held for an append that may still land (holdClaims): far beyond the Kafka
 * client's own retries, so only a client that never ends a call meets it; past it, the claim
 * counts as abandoned like any other rather than holding its record up for good.
 */
const MAX_LANDING_HOLD_MS = 120_000;

interface ClaimRow {
  n: number;
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
  /** The last claim call of each record id still being answered in this process (see #oneAtATime). */
  readonly #claiming = new Map<string, Promise<void>>();
  /** Renewals of claims whose append may still land (see holdClaims). */
  readonly #holding = new Set<NodeJS.Timeout>();

  constructor(
    private readonly pool: () => PgPool,
    /** Longer than the log's append timeout, so a slow append is never overtaken. */
    private readonly holdMs: number = DEFAULT_CLAIM_HOLD_MS,
  ) {}

  async claim(input: ClaimRequest): Promise<ClaimResult> {
    const [result] = await this.claimMany([input]);
    return result!;
  }

  /**
   * One round trip (`ingest_claim_many`) decides the versions in order. When one must wait for an
   * older version being appended by another process, it and every later one come back 'pending'
   * and are asked for again, in order, until decided (the single claim's waiting, batched).
   */
  async claimMany(inputs: ClaimRequest[]): Promise<ClaimResult[]> {
    const turn = this.#oneAtATime(inputs.map((i) => i.recordId));
    try {
      await turn.ready;
      return await this.#decide(inputs);
    } finally {
      turn.done();
    }
  }

  /**
   * Claims of one record id made in this process are asked one after the other. Newer versions are
   * not held up by this process's own unconfirmed claims because it appends in claim order; that
   * order is the order in which the answers reach the callers, which two claims in flight on two
   * connections would not keep (the later one may be answered first). Asked one at a time, a claim
   * is answered, and its caller has queued its append, before the next claim of the record is sent.
   * Calls register all their ids at once and only wait for earlier calls, so they never deadlock.
   */
  #oneAtATime(recordIds: string[]): { ready: Promise<unknown>; done: () => void } {
    const ids = [...new Set(recordIds)];
    let done!: () => void;
    const mine = new Promise<void>((resolve) => {
      done = resolve;
    });
    const earlier: Promise<void>[] = [];
    for (const id of ids) {
      const previous = this.#claiming.get(id);
      if (previous) earlier.push(previous);
      this.#claiming.set(id, mine);
    }
    return {
      ready: Promise.all(earlier),
      done: () => {
        for (const id of ids) if (this.#claiming.get(id) === mine) this.#claiming.delete(id);
        done();
      },
    };
  }

  async #decide(inputs: ClaimRequest[]): Promise<ClaimResult[]> {
    const results: ClaimResult[] = [];
    let rest = inputs;
    for (let wait = 5; rest.length > 0; wait = Math.min(wait * 2, 50)) {
      const rows = await this.#tryClaimMany(rest);
      const pending = rows.findIndex((row) => row.kind === 'pending');
      const decided = pending === -1 ? rows : rows.slice(0, pending);
      for (const [i, row] of decided.entries()) results.push(resultOf(row, rest[i]!));
      rest = rest.slice(decided.length);
      if (rest.length > 0) await sleep(wait);
    }
    return results;
  }

  async #tryClaimMany(inputs: ClaimRequest[]): Promise<ClaimRow[]> {
    const owned = inputs.filter((i) => i.processKey !== undefined).length;
    if (owned > 0 && owned < inputs.length) throw new Error('claims with and without a process key cannot be decided together');
    if (owned > 0) return this.#tryClaimOwned(inputs);
    const { rows } = await this.pool().query<ClaimRow>('SELECT * FROM ingest_claim_many($1, $2, $3, $4, $5, $6, $7) ORDER BY n', [
      inputs.map((i) => i.recordId),
      inputs.map((i) => i.version),
      inputs.map((i) => i.contentHash),
      inputs.map((i) => i.eventId),
      inputs.map((i) => i.sourceSystem),
      this.holdMs,
      this.claimer,
    ]);
    if (rows.length !== inputs.length) throw new Error(`ingest_claim_many answered ${rows.length} of ${inputs.length} versions`);
    return rows;
  }

  async #tryClaimOwned(inputs: ClaimRequest[]): Promise<ClaimRow[]> {
    const { rows } = await this.pool().query<ClaimRow>(
      'SELECT * FROM ingest_claim_owned_many($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ORDER BY n',
      [
        inputs.map((i) => i.recordId),
        inputs.map((i) => i.version),
        inputs.map((i) => i.contentHash),
        inputs.map((i) => i.eventId),
        inputs.map((i) => i.sourceSystem),
        inputs.map((i) => i.processKey!),
        inputs.map((i) => i.mayOpen === true),
        inputs.map((i) => (i.contributesTo === '*' ? '*' : (i.contributesTo ?? []).join(' '))),
        this.holdMs,
        this.claimer,
      ],
    );
    if (rows.length !== inputs.length) throw new Error(`ingest_claim_owned_many answered ${rows.length} of ${inputs.length} versions`);
    return rows;
  }

  async processOwners(processKeys: string[]): Promise<Map<string, string>> {
    if (processKeys.length === 0) return new Map();
    const { rows } = await this.pool().query<{ process_key: string; owner: string }>(
      'SELECT process_key, owner FROM process_owners WHERE process_key = ANY ($1::text[])',
      [[...new Set(processKeys)]],
    );
    return new Map(rows.map((r) => [r.process_key, r.owner]));
  }

  async recordOwners(recordIds: string[]): Promise<Map<string, string>> {
    if (recordIds.length === 0) return new Map();
    const { rows } = await this.pool().query<{ record_id: string; owner: string }>(
      'SELECT record_id, owner FROM ingest_records WHERE record_id = ANY ($1::text[])',
      [[...new Set(recordIds)]],
    );
    return new Map(rows.map((r) => [r.record_id, r.owner]));
  }

  async transferOwnership(transfer: TransferRequest): Promise<{ applied: boolean; processes: number }> {
    const { rows } = await this.pool().query<{ applied: boolean; processes: number }>('SELECT * FROM process_transfer($1, $2, $3, $4)', [
      transfer.id,
      transfer.from,
      transfer.to,
      transfer.processPrefix ?? null,
    ]);
    return { applied: rows[0]!.applied, processes: rows[0]!.processes };
  }

  /**
   * Restarts the hold of the claims (a third of the hold apart) until `until` settles, so that it
   * never lapses while their append may still land (for two minutes at most). If this process dies,
   * the renewals stop with it and the hold lapses as for any abandoned claim.
   */
  holdClaims(versions: { recordId: string; version: number }[], until: Promise<void>): void {
    if (versions.length === 0) return;
    const renew = () => {
      this.pool()
        .query(
          `UPDATE ingest_versions v SET claimed_at = clock_timestamp()
           FROM unnest($1::text[], $2::integer[]) AS u (record_id, version)
           WHERE v.record_id = u.record_id AND v.version = u.version AND v.receipt IS NULL AND v.claimed_by = $3`,
          [versions.map((v) => v.recordId), versions.map((v) => v.version), this.claimer],
        )
        .catch(() => {
          // The store is unreachable or closed: the next renewal tries again, or the hold lapses.
        });
    };
    renew();
    const timer = setInterval(renew, Math.max(10, Math.floor(this.holdMs / 3)));
    timer.unref();
    this.#holding.add(timer);
    const stop = () => {
      clearInterval(timer);
      clearTimeout(cap);
      this.#holding.delete(timer);
    };
    const cap = setTimeout(stop, MAX_LANDING_HOLD_MS);
    cap.unref();
    void until.finally(stop);
  }

  /** Stops renewing held claims (the store is closing). */
  stopHolding(): void {
    for (const timer of this.#holding) clearInterval(timer);
    this.#holding.clear();
  }

  async confirm(receipt: Receipt): Promise<Receipt | null> {
    const [stored] = await this.confirmMany([receipt]);
    return stored!;
  }

  /**
   * One round trip (`ingest_confirm_many`) for every receipt. The fields the rows are keyed by go
   * as arrays beside the receipts, so the server never parses a receipt to find them.
   */
  async confirmMany(receipts: Receipt[]): Promise<(Receipt | null)[]> {
    if (receipts.length === 0) return [];
    const { rows } = await this.pool().query<{ n: number; stored: boolean; other: Receipt | null }>(
      'SELECT * FROM ingest_confirm_many($1, $2, $3, $4, $5, $6)',
      [
        receipts.map((r) => r.recordId),
        receipts.map((r) => r.version),
        receipts.map((r) => r.sourceSystem),
        receipts.map((r) => r.contentHash),
        receipts.map((r) => r.eventId),
        JSON.stringify(receipts),
      ],
    );
    if (rows.length !== receipts.length) throw new Error(`ingest_confirm_many answered ${rows.length} of ${receipts.length} receipts`);
    // The stored receipt comes back only when it is not the one given, so the usual answer is small.
    return rows.map((row, i) => (row.stored ? (row.other ?? receipts[i]!) : null));
  }

  async confirmed(versions: { recordId: string; version: number }[]): Promise<boolean[]> {
    if (versions.length === 0) return [];
    const { rows } = await this.pool().query<{ confirmed: boolean }>(
      `SELECT v.receipt IS NOT NULL AS confirmed
       FROM unnest($1::text[], $2::integer[]) WITH ORDINALITY AS k(record_id, version, n)
       LEFT JOIN ingest_versions v ON v.record_id = k.record_id AND v.version = k.version
       ORDER BY k.n`,
      [versions.map((v) => v.recordId), versions.map((v) => v.version)],
    );
    return rows.map((r) => r.confirmed);
  }

  async receipt(recordId: string, version: number): Promise<Receipt | null> {
    const { rows } = await this.pool().query<{ receipt: Receipt | null }>(
      'SELECT receipt FROM ingest_versions WHERE record_id = $1 AND version = $2',
      [recordId, version],
    );
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

  async publishKey(key: PublicJwk): Promise<void> {
    await this.pool().query('INSERT INTO ingest_signing_keys (kid, jwk) VALUES ($1, $2) ON CONFLICT (kid) DO NOTHING', [
      key.kid,
      JSON.stringify(key),
    ]);
  }

  async publishedKeys(): Promise<PublicJwk[]> {
    const { rows } = await this.pool().query<{ jwk: PublicJwk }>('SELECT jwk FROM ingest_signing_keys ORDER BY published_at, kid');
    return rows.map((r) => r.jwk);
  }
}

function resultOf(row: ClaimRow, input: ClaimRequest): ClaimResult {
  switch (row.kind) {
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
    case 'not_owned':
      return { kind: 'not_owned', owner: row.owner };
    default:
      throw new Error(`ingest_claim_many returned no decision for ${input.recordId} v${input.version}`);
  }
}
