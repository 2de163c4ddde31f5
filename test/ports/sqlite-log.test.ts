/**
 * What the embedded SQLite log does for speed, shown to keep every guarantee: consumers handed this
 * process's appends from memory still see the whole log in position order, and WAL checkpoints
 * (run by a worker thread) keep the WAL from growing.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type EventEnvelope, envelopeFor } from '../../gateway/core/envelope.ts';
import type { LoggedEvent } from '../../gateway/log/port.ts';
import { SqliteLog, type SqliteLogOptions } from '../../gateway/log/sqlite.ts';
import { tenderNotice } from '../support/records.ts';
import { eventually } from '../support/wait.ts';
import { testEnvelope } from './log.suite.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pxg-log-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function openLog(dir: string, options: SqliteLogOptions = {}): Promise<SqliteLog> {
  const log = SqliteLog.inDataDir(dir, { pollMs: 20, retryMs: 20, ...options });
  await log.start();
  cleanups.push(() => log.close());
  return log;
}

/** A full-size tender notice envelope (about 3.7 KB of JSON: one WAL page each). */
function noticeEnvelope(): EventEnvelope {
  return envelopeFor(tenderNotice(), 'fj-gpms', 'https://procurement-exchange.example/schemas/v1/notice.schema.json', new Date());
}

/** The WAL's frame counts, as a separate connection sees them (NOOP: looks without checkpointing). */
function walState(dir: string): { log: number; checkpointed: number } {
  const db = new Database(join(dir, 'log.db'));
  try {
    return (db.pragma('wal_checkpoint(NOOP)') as { log: number; checkpointed: number }[])[0]!;
  } finally {
    db.close();
  }
}

describe('SQLite record log: consumers', () => {
  it('delivers events appended by another SqliteLog on the same file in position order, with its own, each once', async () => {
    const dir = tempDir();
    // Small batches, so that a batch taken from memory could reach across the other log's rows.
    const mine = await openLog(dir, { batchSize: 4 });
    const other = await openLog(dir);
    // Interleaved: this log's appends can reach its consumer from memory, the other's only through the table.
    const appendRound = async (round: number) => {
      for (let i = 0; i < 12; i++) {
        const log = i % 3 === 0 ? other : mine;
        await log.append([testEnvelope(`interleaved-${round}-${i}`), testEnvelope(`interleaved-${round}-${i}`)]);
        if (i % 4 === 1) await new Promise((r) => setTimeout(r, 30));
      }
    };
    // Before the consumer starts (it catches up across the gaps), then while it runs.
    await appendRound(1);
    const delivered: LoggedEvent[] = [];
    const consumer = await mine.consume('g', async (events) => {
      delivered.push(...events);
    });
    cleanups.push(() => consumer.stop());
    await appendRound(2);
    await eventually(async () => delivered.length >= 48, 10_000, 'every event');
    const all = (await mine.read(null, 1000)).events;
    expect(all).toHaveLength(48);
    expect(delivered.map((e) => e.position)).toEqual(all.map((e) => e.position));
    expect(delivered.map((e) => e.envelope)).toEqual(all.map((e) => e.envelope));
  });

  it('hands a caught-up consumer the appended envelopes with the JSON text the log stored', async () => {
    const dir = tempDir();
    const log = await openLog(dir);
    const delivered: LoggedEvent[] = [];
    const consumer = await log.consume('g', async (events) => {
      delivered.push(...events);
    });
    cleanups.push(() => consumer.stop());
    const event = noticeEnvelope();
    await log.append([event]);
    await eventually(async () => delivered.length === 1, 10_000, 'the event');
    expect(delivered[0]!.envelope).toBe(event);
    expect(JSON.parse(delivered[0]!.text!)).toEqual(event);
    expect(delivered[0]!.text).toBe((await log.read(null, 1)).events[0]!.text);
  });

  it('reads each event back with the JSON text it was stored as', async () => {
    const dir = tempDir();
    const log = await openLog(dir);
    const event = noticeEnvelope();
    await log.append([event]);
    const [read] = (await log.read(null, 10)).events;
    expect(JSON.parse(read!.text!)).toEqual(event);
    expect(read!.envelope).toEqual(event);
  });

  it('moves a consumer that fell behind this process back onto the table, missing nothing', async () => {
    const dir = tempDir();
    const log = await openLog(dir, { batchSize: 100 });
    const events = Array.from({ length: 2000 }, (_, i) => testEnvelope(`behind-${i % 7}`));
    // More than memory keeps: the first ones can only come from the table.
    for (let i = 0; i < events.length; i += 250) await log.append(events.slice(i, i + 250));
    const delivered: string[] = [];
    const consumer = await log.consume('g', async (batch) => {
      delivered.push(...batch.map((e) => e.envelope.id));
    });
    cleanups.push(() => consumer.stop());
    const late = testEnvelope('behind-late');
    await log.append([late]);
    await eventually(async () => delivered.length >= 2001, 10_000, 'every event');
    expect(delivered).toEqual([...events, late].map((e) => e.id));
  });
});

describe('SQLite record log: WAL checkpoints', () => {
  it('checkpoints from a worker thread, so the WAL starts over instead of growing', async () => {
    const dir = tempDir();
    // The connection's own automatic checkpoint is out of reach: only the worker can checkpoint.
    const log = await openLog(dir, { checkpoints: { afterBytes: 0, safetyPages: 1_000_000, pages: 50, intervalMs: 10 } });
    for (let i = 0; i < 10; i++) await log.append(Array.from({ length: 40 }, noticeEnvelope));
    await eventually(
      async () => {
        const wal = walState(dir);
        return wal.log > 0 && wal.checkpointed === wal.log;
      },
      10_000,
      'the worker to checkpoint every frame',
    );
    // Every frame is in the database: the next commit writes the WAL from its beginning.
    await log.append([noticeEnvelope()]);
    expect(walState(dir).log).toBeLessThan(20);
  });

  it('keeps the WAL file bounded while appends never pause', async () => {
    const dir = tempDir();
    // A worker that never checkpoints: the safety net alone must bound the WAL.
    const log = await openLog(dir, { checkpoints: { afterBytes: 0, safetyPages: 100, pages: 1_000_000, maxDelayMs: 1_000_000 } });
    // One commit after another, with no pause in which a checkpointer could catch up.
    for (let i = 0; i < 40; i++) await log.append(Array.from({ length: 25 }, noticeEnvelope));
    const walBytes = statSync(join(dir, 'log.db-wal')).size;
    // 1000 notices took about 4 MB; the WAL holds a few hundred pages at most.
    expect(walBytes).toBeLessThan(1_500_000);
    expect((await log.read(null, 2000)).events).toHaveLength(1000);
  });

  it('closes the checkpointer with the log, leaving no WAL behind', async () => {
    const dir = tempDir();
    const log = SqliteLog.inDataDir(dir, { checkpoints: { afterBytes: 0 } });
    await log.start();
    await log.append([noticeEnvelope()]);
    expect(existsSync(join(dir, 'log.db-wal'))).toBe(true);
    await log.close();
    // SQLite removes the WAL when the last connection to the file closes: the worker's is closed too.
    expect(existsSync(join(dir, 'log.db-wal'))).toBe(false);
    const reopened = await openLog(dir);
    expect((await reopened.read(null, 10)).events).toHaveLength(1);
  });
});
