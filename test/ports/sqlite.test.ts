/** The port behaviour suites on the embedded SQLite implementations, plus what is particular to SQLite. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envelopeFor } from '../../gateway/core/envelope.ts';
import { SqliteLog } from '../../gateway/log/sqlite.ts';
import { migrate, openDatabase } from '../../gateway/store/sqlite/database.ts';
import { SqliteStateStores, stateMigrations } from '../../gateway/store/sqlite/index.ts';
import { processOwnerMigrations } from '../../gateway/store/sqlite/ingest.ts';
import { SqliteJournalStore } from '../../gateway/store/sqlite/journal.ts';
import { runAuditStoreSuite } from './audit-store.suite.ts';
import { runIngestStoreSuite } from './ingest-store.suite.ts';
import { runJournalStoreSuite } from './journal-store.suite.ts';
import { runLogSuite, testEnvelope } from './log.suite.ts';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'pxg-port-'));
}

runLogSuite('SQLite', async () => {
  const dir = tempDir();
  const log = SqliteLog.inDataDir(dir, { pollMs: 50, retryMs: 50 });
  await log.start();
  return {
    log,
    dispose: async () => {
      await log.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

async function stateStores() {
  const stores = new SqliteStateStores(':memory:');
  await stores.start();
  return stores;
}

runIngestStoreSuite('SQLite', async () => {
  const stores = await stateStores();
  return { store: stores.ingest, dispose: () => stores.close() };
});

runJournalStoreSuite('SQLite', async () => {
  const stores = await stateStores();
  return { store: stores.journal, dispose: () => stores.close() };
});

runAuditStoreSuite('SQLite', async () => {
  const stores = await stateStores();
  return {
    stores: [stores.audit],
    tamper: async (seq, event) => {
      stores.connection().prepare('UPDATE audit_log SET event = ? WHERE seq = ?').run(JSON.stringify(event), seq);
    },
    remove: async (seq) => {
      stores.connection().prepare('DELETE FROM audit_log WHERE seq = ?').run(seq);
    },
    dispose: () => stores.close(),
  };
});

describe('SQLite state store durability', () => {
  it('fsyncs its WAL before a receipt, a journal entry or an audit entry counts as stored', async () => {
    const dir = tempDir();
    const stores = SqliteStateStores.inDataDir(dir);
    await stores.start();
    try {
      const envelope = testEnvelope('durable');
      const receipt = {
        eventId: envelope.id,
        recordId: envelope.subject,
        version: envelope.recordversion,
        contentHash: envelope.contenthash,
        logPosition: '1',
        acceptedAt: envelope.time,
        sourceSystem: 'fj-gpms',
        proof: { leafIndex: 0, path: [] },
        signature: 'sig',
      };
      const beforeConfirm = stores.syncs;
      expect(await stores.ingest.confirmMany([receipt])).toEqual([receipt]);
      expect(stores.syncs).toBeGreaterThan(beforeConfirm);
      const beforeProject = stores.syncs;
      expect(await stores.journal.project([{ logPosition: '1', envelope }])).toHaveLength(1);
      expect(stores.syncs).toBeGreaterThan(beforeProject);
      const beforeAudit = stores.syncs;
      await stores.audit.append({ action: 'subscription.deleted', actor: 'ggzy-fj', target: 'sub-durable' });
      expect(stores.syncs).toBeGreaterThan(beforeAudit);
    } finally {
      await stores.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('SQLite process owners of data stored before ownership existed', () => {
  it('makes the source of the earliest journal entry of each process its owner when migrating', async () => {
    const dir = tempDir();
    const file = join(dir, 'state.db');
    const before = openDatabase(file, { synchronous: 'NORMAL' });
    migrate(
      before,
      stateMigrations.filter((m) => !processOwnerMigrations.includes(m)),
    );
    const journal = new SqliteJournalStore(() => before);
    const first = testEnvelope('ocds-old-1');
    const foreign = envelopeFor({ ...testEnvelope('ocds-old-1').data, id: 'N-foreign' }, 'fz-gpms', first.dataschema, new Date());
    const other = envelopeFor(testEnvelope('ocds-old-2').data, 'ggzy-fj', first.dataschema, new Date());
    await journal.project([first, foreign, other].map((envelope, n) => ({ logPosition: String(n), envelope })));
    before.close();
    const stores = new SqliteStateStores(file);
    await stores.start();
    try {
      expect(await stores.ingest.processOwners(['ocds-old-1', 'ocds-old-2'])).toEqual(
        new Map([
          ['ocds-old-1', 'fj-gpms'],
          ['ocds-old-2', 'ggzy-fj'],
        ]),
      );
    } finally {
      await stores.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('SQLite journal', () => {
  it('stores the JSON text the log holds for an event as it is, instead of serialising the envelope again', async () => {
    const stores = await stateStores();
    try {
      const envelope = testEnvelope('journal-text');
      // Same envelope, keys in another order: only a journal that used the text stores it so.
      const { data, ...header } = envelope;
      const text = JSON.stringify({ data, ...header });
      const [entry] = await stores.journal.project([{ logPosition: '1', envelope, text }]);
      const stored = stores.connection().prepare('SELECT envelope FROM journal WHERE seq = ?').get(entry!.seq) as { envelope: string };
      expect(stored.envelope).toBe(text);
      expect((await stores.journal.readJournal(0, 10)).map((e) => e.envelope)).toEqual([envelope]);
    } finally {
      await stores.close();
    }
  });
});

describe('SQLite record log', () => {
  it('commits appends made in the same tick in one transaction (group commit)', async () => {
    const dir = tempDir();
    const log = SqliteLog.inDataDir(dir);
    await log.start();
    try {
      const before = log.stats.commits;
      const positions = await Promise.all(Array.from({ length: 50 }, (_, i) => log.append([testEnvelope(`gc-${i}`)])));
      expect(log.stats.commits - before).toBe(1);
      expect(new Set(positions.flat()).size).toBe(50);
    } finally {
      await log.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers an append only once an fsync of the log that began after its commit has completed', async () => {
    const dir = tempDir();
    const log = SqliteLog.inDataDir(dir);
    await log.start();
    try {
      let synced = log.stats.syncs;
      await log.append([testEnvelope('sync-1')]);
      expect(log.stats.syncs).toBeGreaterThan(synced);
      // Appends committed while one fsync runs wait for the next one, never for the running one.
      synced = log.stats.syncs;
      const first = log.append([testEnvelope('sync-2')]);
      await new Promise((r) => setImmediate(r));
      const second = log.append([testEnvelope('sync-3')]);
      await Promise.all([first, second]);
      expect(log.stats.commits).toBe(3);
      expect(log.stats.syncs - synced).toBe(2);
    } finally {
      await log.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('hands consumers no event before it is synced', async () => {
    const dir = tempDir();
    const log = SqliteLog.inDataDir(dir);
    await log.start();
    try {
      const event = testEnvelope('unsynced');
      const appended = log.append([event]);
      // Let the group commit run: the row is committed, its fsync still pending.
      await new Promise((r) => setImmediate(r));
      expect(log.stats.commits).toBe(1);
      // Still in the same turn of the event loop: the fsync's completion cannot have been handled yet.
      expect((await log.read(null, 10)).events).toEqual([]);
      await appended;
      expect((await log.read(null, 10)).events.map((e) => e.envelope)).toEqual([event]);
    } finally {
      await log.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps what was appended, and each group position, across a reopen', async () => {
    const dir = tempDir();
    const event = testEnvelope('reopen');
    const first = SqliteLog.inDataDir(dir, { pollMs: 20 });
    await first.start();
    await first.append([event]);
    let handled = 0;
    const consumer = await first.consume('g', async (events) => {
      handled += events.length;
    });
    while (handled === 0) await new Promise((r) => setTimeout(r, 10));
    await consumer.stop();
    await first.close();

    const second = SqliteLog.inDataDir(dir, { pollMs: 20 });
    await second.start();
    try {
      expect((await second.read(null, 10)).events.map((e) => e.envelope)).toEqual([event]);
      let again = 0;
      const c2 = await second.consume('g', async (events) => {
        again += events.length;
      });
      await second.append([testEnvelope('reopen')]);
      while (again === 0) await new Promise((r) => setTimeout(r, 10));
      await c2.stop();
      expect(again).toBe(1);
    } finally {
      await second.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
