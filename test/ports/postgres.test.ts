/**
 * The PostgreSQL state store against a real server: what is particular to several gateway
 * processes sharing one database (migrations at concurrent start-up, concurrent claims,
 * concurrent projectors keeping the journal's order gap-free). Each suite uses a fresh schema.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type EventEnvelope, envelopeFor } from '../../gateway/core/envelope.ts';
import type { StandardRecord } from '../../gateway/core/records.ts';
import type { ClaimResult, JournalEntry, Receipt } from '../../gateway/store/port.ts';
import { PostgresStore } from '../../gateway/store/postgres/index.ts';
import { migrate, migrationFiles } from '../../gateway/store/postgres/migrate.ts';
import { databaseUrl, describePostgres, type FreshSchema, freshSchema } from '../support/postgres.ts';
import { runAuditStoreSuite } from './audit-store.suite.ts';
import { runIngestStoreSuite } from './ingest-store.suite.ts';
import { runJournalStoreSuite } from './journal-store.suite.ts';

function notice(id: string, version: number, ocid: string): StandardRecord {
  return {
    recordType: 'notice',
    id,
    version,
    operation: 'create',
    regionCode: '350100',
    ocid,
    noticeType: 'tender',
    date: `2026-03-0${(version % 9) + 1}T09:00:00+08:00`,
  };
}

function envelope(record: StandardRecord): EventEnvelope {
  return envelopeFor(record, 'fj-gpms', 'https://procurement-exchange.example/schemas/v1/notice.schema.json', new Date());
}

function receiptOf(recordId: string, version: number, contentHash: string, eventId: string): Receipt {
  return {
    eventId,
    recordId,
    version,
    contentHash,
    logPosition: 'px.notices.v1/0/0',
    acceptedAt: new Date().toISOString(),
    sourceSystem: 'fj-gpms',
    proof: { leafIndex: 0, path: [] },
    signature: 'test',
  };
}

/** Several gateway processes' stores on one schema. */
async function processes(schema: string, count: number): Promise<PostgresStore[]> {
  const url = await databaseUrl();
  return Array.from({ length: count }, () => new PostgresStore({ url, schema, maxConnections: 4 }));
}

/** A started store in a fresh schema of its own, for one test of a behaviour suite. */
async function suiteStore(): Promise<{ stores: PostgresStore; dispose: () => Promise<void>; peer: () => Promise<PostgresStore> }> {
  const schema = await freshSchema('pg_suite');
  const stores = new PostgresStore({ url: await databaseUrl(), schema: schema.schema, maxConnections: 2 });
  await stores.start();
  // Other gateway processes over the same schema: their own pool and claimer id.
  const peers: PostgresStore[] = [];
  return {
    stores,
    peer: async () => {
      const peer = new PostgresStore({ url: await databaseUrl(), schema: schema.schema, maxConnections: 2 });
      await peer.start();
      peers.push(peer);
      return peer;
    },
    dispose: async () => {
      for (const peer of peers) await peer.close();
      await stores.close();
      await schema.drop();
    },
  };
}

/** Whether a claim is answered only after `release` (run 150 ms after the claim was sent) has run. */
async function answeredAfter(
  claim: Promise<ClaimResult>,
  release: () => Promise<unknown>,
): Promise<{ result: ClaimResult; order: string[] }> {
  const order: string[] = [];
  const answered = claim.then((result) => {
    order.push('answered');
    return result;
  });
  await new Promise((r) => setTimeout(r, 150));
  order.push('released');
  await release();
  return { result: await answered, order };
}

describePostgres('PostgreSQL', () => {
  runIngestStoreSuite('PostgreSQL', async () => {
    const { stores, dispose, peer } = await suiteStore();
    return { store: stores.ingest, dispose, peer: async () => (await peer()).ingest };
  });
  runJournalStoreSuite('PostgreSQL', async () => {
    const { stores, dispose } = await suiteStore();
    return { store: stores.journal, dispose };
  });
  // Two stores on one schema: two gateway processes appending to one chain.
  runAuditStoreSuite('PostgreSQL, two processes', async () => {
    const { stores, dispose } = await suiteStore();
    const other = new PostgresStore({ url: await databaseUrl(), schema: stores.options.schema, maxConnections: 4 });
    await other.start();
    return {
      stores: [stores.audit, other.audit],
      tamper: async (seq, event) => {
        await stores.pool.query('UPDATE audit_log SET event = $1 WHERE seq = $2', [JSON.stringify(event), seq]);
      },
      remove: async (seq) => {
        await stores.pool.query('DELETE FROM audit_log WHERE seq = $1', [seq]);
      },
      dispose: async () => {
        await other.close();
        await dispose();
      },
    };
  });
});

describePostgres('PostgreSQL process owners of data stored before ownership existed', () => {
  it('makes the source of the earliest journal entry of each process its owner when migration 007 applies', async () => {
    const db = await freshSchema('pg_backfill');
    try {
      await migrate(
        db.pool,
        db.schema,
        migrationFiles().filter((f) => f.name < '007'),
      );
      const rows = [
        [1, 'ocds-old-1', 'N-1', 'fj-gpms'],
        [2, 'ocds-old-1', 'N-2', 'fz-gpms'],
        [3, 'ocds-old-2', 'N-3', 'ggzy-fj'],
      ] as const;
      for (const [seq, ocid, id, source] of rows) {
        const e = envelopeFor(
          { ...notice(id, 1, ocid) },
          source,
          'https://procurement-exchange.example/schemas/v1/notice.schema.json',
          new Date(),
        );
        await db.pool.query(
          `INSERT INTO journal (seq, event_id, record_id, version, process_key, record_date, log_position, envelope)
           VALUES ($1, $2, $3, 1, $4, $5, $6, $7)`,
          [seq, e.id, id, ocid, e.data.date, String(seq), JSON.stringify(e)],
        );
      }
      expect(await migrate(db.pool, db.schema)).toContain('007_process_owners.sql');
      const { rows: owners } = await db.pool.query<{ process_key: string; owner: string }>(
        'SELECT process_key, owner FROM process_owners ORDER BY process_key',
      );
      expect(owners).toEqual([
        { process_key: 'ocds-old-1', owner: 'fj-gpms' },
        { process_key: 'ocds-old-2', owner: 'ggzy-fj' },
      ]);
    } finally {
      await db.drop();
    }
  });
});

describePostgres('PostgreSQL store shared by several gateway processes', () => {
  let db: FreshSchema;
  let stores: PostgresStore[] = [];

  beforeAll(async () => {
    db = await freshSchema('pg_store');
    stores = await processes(db.schema, 3);
  });

  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await db?.drop();
  });

  it('applies every migration exactly once when several processes start at the same time', async () => {
    await Promise.all(stores.map((s) => s.start()));
    const { rows } = await db.pool.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
    expect(rows.map((r) => r.name)).toEqual(migrationFiles().map((f) => f.name));
    // A later start applies nothing more.
    expect(await migrate(db.pool, db.schema)).toEqual([]);
  });

  it('refuses to start when an applied migration file was edited', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pxg-migrations-'));
    writeFileSync(join(dir, '001_first.sql'), 'CREATE TABLE edited_check (id integer);');
    const other = await freshSchema('pg_edit');
    try {
      expect(await migrate(other.pool, other.schema, migrationFiles(dir))).toEqual(['001_first.sql']);
      writeFileSync(join(dir, '001_first.sql'), 'CREATE TABLE edited_check (id bigint);');
      await expect(migrate(other.pool, other.schema, migrationFiles(dir))).rejects.toThrow(/001_first\.sql/);
    } finally {
      await other.drop();
    }
  });

  it('lets exactly one of many concurrent claims of one version with different content win', async () => {
    const claims = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        stores[i % stores.length]!.ingest.claim({
          recordId: 'N-race-1',
          version: 1,
          contentHash: `h${i}`,
          eventId: `e${i}`,
          sourceSystem: 'fj-gpms',
        }),
      ),
    );
    expect(claims.filter((c) => c.kind === 'claimed')).toHaveLength(1);
    const winner = claims.findIndex((c) => c.kind === 'claimed');
    expect(claims.filter((c) => c.kind === 'conflict')).toEqual(
      Array.from({ length: 11 }, (): ClaimResult => ({ kind: 'conflict', existingHash: `h${winner}` })),
    );
  });

  it('gives one record id to the first system that claims it, whichever process it reaches', async () => {
    const claims = await Promise.all(
      ['fj-gpms', 'zj-gpms', 'gd-gpms'].map((system, i) =>
        stores[i]!.ingest.claim({ recordId: 'N-owner-1', version: 1, contentHash: 'same', eventId: 'e-owner', sourceSystem: system }),
      ),
    );
    const owners = claims.filter((c) => c.kind === 'claimed');
    expect(owners).toHaveLength(1);
    const foreign = claims.filter((c): c is Extract<ClaimResult, { kind: 'foreign' }> => c.kind === 'foreign');
    expect(foreign).toHaveLength(2);
    expect(new Set(foreign.map((f) => f.owner)).size).toBe(1);
  });

  it('holds a newer version of a record until the older one being appended is confirmed, whichever process claimed it', async () => {
    const [a, b] = [stores[0]!, stores[1]!];
    const claim = (store: PostgresStore, version: number) =>
      store.ingest.claim({
        recordId: 'N-hold-1',
        version,
        contentHash: `h${version}`,
        eventId: `e-hold-${version}`,
        sourceSystem: 'fj-gpms',
      });
    expect(await claim(a, 1)).toEqual({ kind: 'claimed' });
    const held = await answeredAfter(claim(b, 2), () => a.ingest.confirm(receiptOf('N-hold-1', 1, 'h1', 'e-hold-1')));
    expect(held).toEqual({ result: { kind: 'claimed' }, order: ['released', 'answered'] });
  });

  it('holds a retry of a newer version in another process too, while an older one is still being appended', async () => {
    // Process a claims versions 1 and 2 (its own claims do not hold each other up) and appends them
    // in that order. A retry of version 2 reaching process b must not be appended before version 1
    // is: b would then put version 2 on the log ahead of version 1.
    const [a, b] = [stores[0]!, stores[1]!];
    const claim = (store: PostgresStore, version: number) =>
      store.ingest.claim({
        recordId: 'N-retry-1',
        version,
        contentHash: `h${version}`,
        eventId: `e-retry-${version}`,
        sourceSystem: 'fj-gpms',
      });
    expect(await claim(a, 1)).toEqual({ kind: 'claimed' });
    expect(await claim(a, 2)).toEqual({ kind: 'claimed' });
    const retry = await answeredAfter(claim(b, 2), () => a.ingest.confirm(receiptOf('N-retry-1', 1, 'h1', 'e-retry-1')));
    expect(retry).toEqual({ result: { kind: 'claimed' }, order: ['released', 'answered'] });
  });

  it('leaves the versions after a held one in a batch undecided until it goes ahead', async () => {
    const [a, b, c] = [stores[0]!, stores[1]!, stores[2]!];
    const claim = (recordId: string, version: number, hash: string) => ({
      recordId,
      version,
      contentHash: hash,
      eventId: `e-${recordId}-${version}-${hash}`,
      sourceSystem: 'fj-gpms',
    });
    expect(await a.ingest.claim(claim('N-held-1', 1, 'h1'))).toEqual({ kind: 'claimed' });
    const batch = b.ingest.claimMany([claim('N-before-1', 1, 'h1'), claim('N-held-1', 2, 'h2'), claim('N-after-1', 1, 'h1')]);
    await new Promise((r) => setTimeout(r, 150));
    // The batch decided the version before the held one, not the one after it: another process can still take that.
    expect(await c.ingest.claim(claim('N-before-1', 1, 'other'))).toEqual({ kind: 'conflict', existingHash: 'h1' });
    expect(await c.ingest.claim(claim('N-after-1', 1, 'other'))).toEqual({ kind: 'claimed' });
    await a.ingest.confirm(receiptOf('N-held-1', 1, 'h1', 'e-N-held-1-1-h1'));
    expect(await batch).toEqual([{ kind: 'claimed' }, { kind: 'claimed' }, { kind: 'conflict', existingHash: 'other' }]);
  });

  it("sends a process's claims of one record one after the other, so they are answered in the order they were made", async () => {
    const store = stores[0]!;
    const claim = (version: number) => ({
      recordId: 'N-turns-1',
      version,
      contentHash: `h${version}`,
      eventId: `e-turns-${version}`,
      sourceSystem: 'fj-gpms',
    });
    const waiting = async () => {
      const { rows } = await db.pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_locks
         WHERE locktype = 'advisory' AND NOT granted AND ((classid::bigint << 32) | objid::bigint) = hashtextextended('pxg-ingest:N-turns-1', 0)`,
      );
      return Number(rows[0]!.n);
    };
    // Another session holds the record's lock, so the first claim waits for it in the server.
    const blocker = await db.pool.connect();
    await blocker.query('BEGIN');
    await blocker.query(`SELECT pg_advisory_xact_lock(hashtextextended('pxg-ingest:N-turns-1', 0))`);
    const order: number[] = [];
    const answered = (version: number) => (result: ClaimResult) => {
      order.push(version);
      return result;
    };
    const first = store.ingest.claim(claim(1)).then(answered(1));
    const second = store.ingest.claim(claim(2)).then(answered(2));
    try {
      for (let i = 0; i < 50 && (await waiting()) === 0; i++) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 100));
      // Only the first claim reached the server; the second is not sent before the first is answered.
      expect(await waiting()).toBe(1);
    } finally {
      await blocker.query('COMMIT');
      blocker.release();
    }
    expect(await Promise.all([first, second])).toEqual([{ kind: 'claimed' }, { kind: 'claimed' }]);
    expect(order).toEqual([1, 2]);
  });

  /** Two processes' stores with a short claim hold, and a claim of versions of `recordId`. */
  async function withShortHold(
    holdMs: number,
    recordId: string,
    test: (
      first: PostgresStore,
      second: PostgresStore,
      claim: (store: PostgresStore, version: number) => Promise<ClaimResult>,
    ) => Promise<void>,
  ) {
    const url = await databaseUrl();
    const [first, second] = [0, 1].map(() => new PostgresStore({ url, schema: db.schema, maxConnections: 2, claimHoldMs: holdMs })) as [
      PostgresStore,
      PostgresStore,
    ];
    await Promise.all([first.start(), second.start()]);
    try {
      await test(first, second, (store, version) =>
        store.ingest.claim({ recordId, version, contentHash: `h${version}`, eventId: `e-${recordId}-${version}`, sourceSystem: 'fj-gpms' }),
      );
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  }

  it('stops holding newer versions once an unconfirmed claim of another process has expired', async () => {
    await withShortHold(200, 'N-abandoned-1', async (first, second, claim) => {
      expect(await claim(first, 1)).toEqual({ kind: 'claimed' });
      // Version 1 is never confirmed (its append failed): version 2 goes ahead after the hold.
      expect(await claim(second, 2)).toEqual({ kind: 'claimed' });
      // And version 1, never confirmed, may no longer be appended after version 2.
      expect(await claim(first, 1)).toEqual({ kind: 'stale', currentVersion: 2 });
    });
  });

  it('keeps holding newer versions back while a claim is held for an append that may still land, and lets go once it cannot', async () => {
    await withShortHold(300, 'N-landing-1', async (first, second, claim) => {
      expect(await claim(first, 1)).toEqual({ kind: 'claimed' });
      let landed!: () => void;
      first.ingest.holdClaims([{ recordId: 'N-landing-1', version: 1 }], new Promise<void>((resolve) => (landed = resolve)));
      const order: string[] = [];
      const answered = claim(second, 2).then((result) => {
        order.push('answered');
        return result;
      });
      // Three holds long, version 2 still waits: the hold of version 1 is renewed.
      await new Promise((r) => setTimeout(r, 900));
      order.push('landed');
      landed();
      expect(await answered).toEqual({ kind: 'claimed' });
      expect(order).toEqual(['landed', 'answered']);
    });
  });

  it('does not hold up newer versions claimed by the same process (a batch with several versions of a record)', async () => {
    const store = stores[0]!;
    const claim = (version: number) =>
      store.ingest.claim({
        recordId: 'N-batch-1',
        version,
        contentHash: `h${version}`,
        eventId: `e-batch-${version}`,
        sourceSystem: 'fj-gpms',
      });
    expect(await claim(1)).toEqual({ kind: 'claimed' });
    // The default hold is 6 s; a claim that waited for it would lose this race.
    const outcome = await Promise.race([claim(2), new Promise((resolve) => setTimeout(() => resolve('held up'), 3_000))]);
    expect(outcome).toEqual({ kind: 'claimed' });
  });

  it('keeps the journal gap-free while several processes project overlapping batches concurrently', async () => {
    const events = Array.from({ length: 120 }, (_, i) =>
      envelope(notice(`N-proj-${i % 40}`, Math.floor(i / 40) + 1, `ocds-213czf-proj-${i % 5}`)),
    );
    const batches: EventEnvelope[][] = [];
    // Overlapping batches: every event is projected by two processes.
    for (let i = 0; i < events.length; i += 10) batches.push(events.slice(i, i + 15));
    const base = await stores[0]!.journal.journalHead();

    // A feed reader polling by seq while projections commit: it must never skip an entry.
    const seen: JournalEntry[] = [];
    let projecting = true;
    const reader = (async () => {
      let after = base;
      for (;;) {
        // Read whether projection had finished before this read began: only such a read sees every commit.
        const finished = !projecting;
        const more = await stores[2]!.journal.readJournal(after, 50);
        seen.push(...more);
        if (more.length > 0) after = more[more.length - 1]!.seq;
        else if (finished) return;
      }
    })();
    const results = await Promise.all(
      batches.map((batch, i) => stores[i % 2]!.journal.project(batch.map((envelope, j) => ({ logPosition: `p/${i}/${j}`, envelope })))),
    );
    projecting = false;
    await reader;

    const fresh = results.flat();
    expect(fresh).toHaveLength(events.length);
    expect(new Set(fresh.map((e) => e.envelope.id))).toEqual(new Set(events.map((e) => e.id)));
    const head = await stores[1]!.journal.journalHead();
    expect(head - base).toBe(events.length);
    expect(seen.map((e) => e.seq)).toEqual(Array.from({ length: events.length }, (_, i) => base + i + 1));
  });

  it('returns the current version of each record of a process from any process', async () => {
    const records = await stores[1]!.journal.processRecords('ocds-213czf-proj-0');
    expect(records.map((r) => [r.id, r.version])).toEqual(
      [...new Set(Array.from({ length: 40 }, (_, i) => i).filter((i) => i % 5 === 0))].map((i) => [`N-proj-${i}`, 3]).sort(),
    );
  });
});
