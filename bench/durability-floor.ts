/**
 * The durability floor of ingest: the least a gateway must do before it may answer a push under
 * the receipt rule (never a receipt for a record that could still be lost), and nothing more.
 * Reads the body from Node's stream, parses it, validates each record against the standard
 * (schemas and compliance rules), computes its canonical JSON and sha-256, and appends it to a
 * SQLite log in WAL mode: commits grouped per event-loop turn, the WAL fsynced off the event loop
 * (the gateway's own WalSync) before the answer. No authentication, idempotency, state store,
 * signature, projection or telemetry. Run in its own process; prints `listening on <url>`.
 *
 * What it measures bounds every implementation of #4 on the machine it runs on: the gateway can
 * approach it, not beat it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import Database from 'better-sqlite3';
import { Hono } from 'hono';
import { canonicalJson, hashOfCanonical } from '../gateway/core/envelope.ts';
import { createStandard } from '../gateway/standard/index.ts';
import { WalSync } from '../gateway/store/sqlite/wal-sync.ts';

const dir = mkdtempSync(join(tmpdir(), 'pxg-floor-'));
const file = join(dir, 'log.db');
const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec('CREATE TABLE log (position INTEGER PRIMARY KEY, record_id TEXT NOT NULL, sha256 TEXT NOT NULL, text TEXT NOT NULL)');
const insert = db.prepare('INSERT INTO log (record_id, sha256, text) VALUES (?, ?, ?)');
const wal = new WalSync(file);
const standard = createStandard();

interface Append {
  id: string;
  sha256: string;
  text: string;
  done: (position: number) => void;
}
let pending: Append[] = [];

/** Commits what this event-loop turn appended in one transaction, then answers after its fsync. */
function commit(): void {
  const batch = pending;
  pending = [];
  const positions = db.transaction(() => batch.map((a) => Number(insert.run(a.id, a.sha256, a.text).lastInsertRowid)))();
  void wal.synced().then(() => {
    for (const [i, a] of batch.entries()) a.done(positions[i]!);
  });
}

/** The log position of a valid record once it is durable, or null for an invalid one. */
function accept(record: unknown): Promise<{ position: number; sha256: string } | null> {
  if (!standard.validate(record).ok) return Promise.resolve(null);
  const text = canonicalJson(record);
  const sha256 = hashOfCanonical(text);
  return new Promise((resolve) => {
    if (pending.length === 0) setImmediate(commit);
    pending.push({ id: (record as { id: string }).id, sha256, text, done: (position) => resolve({ position, sha256 }) });
  });
}

function body(incoming: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming
      .on('data', (c: Buffer) => chunks.push(c))
      .once('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))))
      .once('error', reject);
  });
}

const app = new Hono<{ Bindings: { incoming: IncomingMessage } }>();
app.post('/v1/records', async (c) => {
  const receipt = await accept(await body(c.env.incoming));
  return receipt ? c.json({ receipt }, 201) : c.json({ status: 422 }, 422);
});
app.post('/v1/records/batch', async (c) => {
  const records = (await body(c.env.incoming)) as unknown[];
  const results = await Promise.all(records.map(accept));
  return c.json({ results: results.map((receipt) => (receipt ? { status: 201, receipt } : { status: 422 })) });
});

serve({ fetch: app.fetch, hostname: '127.0.0.1', port: Number(process.env.PORT ?? 0) }, (info) => {
  process.stdout.write(`listening on http://127.0.0.1:${info.port}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void wal.close().finally(() => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
  });
}
