/**
 * The embedded record log: an append-only SQLite table in WAL mode with synchronous=FULL, so a
 * resolved append survives a crash. Appends are group-committed: every append arriving while the
 * event loop is busy (same tick, or during the previous commit, which blocks) joins one transaction,
 * so many concurrent requests share one fsync. Consumer groups keep their committed position in
 * the same file and are woken in-process on every commit (and poll, for other processes' appends).
 */
import { join } from 'node:path';
import type { EventEnvelope } from '../core/envelope.ts';
import { type SqliteDb, migrate, openDatabase, statement } from '../store/sqlite/database.ts';
import { type BatchHandler, type LogConsumer, type LogCursor, type LoggedEvent, LogUnavailableError, type RecordLog } from './port.ts';

const migrations = [
  {
    id: 'log/001-events-groups',
    sql: `
      CREATE TABLE log_events (
        position INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id TEXT NOT NULL,
        process_key TEXT NOT NULL,
        envelope TEXT NOT NULL
      );
      CREATE TABLE log_groups (group_name TEXT PRIMARY KEY, position INTEGER NOT NULL);`,
  },
];

type Pending = { events: EventEnvelope[]; resolve: (positions: string[]) => void; reject: (error: Error) => void };

/** Tuning of the SQLite log. */
export interface SqliteLogOptions {
  /** How often consumers look for appends made by other processes. */
  pollMs?: number;
  /** Pause before handing a failed batch over again. */
  retryMs?: number;
  /** Most events handed to a consumer's handler at once. */
  batchSize?: number;
}

/** The SQLite record log. Construction does no I/O; start() opens the file, close() closes it. */
export class SqliteLog implements RecordLog {
  private db: SqliteDb | null = null;
  private queue: Pending[] = [];
  private flushScheduled = false;
  private readonly waiters = new Set<() => void>();
  private readonly consumers = new Set<{ stop(): Promise<void> }>();
  /** Commits and events written since start: lets tests and bench see how appends were grouped. */
  readonly stats = { commits: 0, events: 0 };

  constructor(
    private readonly file: string,
    private readonly options: SqliteLogOptions = {},
  ) {}

  /** The log file of a data dir. */
  static inDataDir(dataDir: string, options?: SqliteLogOptions): SqliteLog {
    return new SqliteLog(join(dataDir, 'log.db'), options);
  }

  async start(): Promise<void> {
    if (this.db) return;
    this.db = openDatabase(this.file, { synchronous: 'FULL' });
    migrate(this.db, migrations);
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((c) => c.stop()));
    this.flush();
    this.db?.close();
    this.db = null;
  }

  append(events: EventEnvelope[]): Promise<string[]> {
    if (!this.db) return Promise.reject(new LogUnavailableError('the record log is not open'));
    if (events.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.queue.push({ events, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits every queued append in one transaction, then answers each. */
  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const db = this.db;
    if (!db) {
      for (const p of batch) p.reject(new LogUnavailableError('the record log is closed'));
      return;
    }
    let positions: string[][];
    try {
      const insert = statement(db, 'INSERT INTO log_events (event_id, process_key, envelope) VALUES (?, ?, ?)');
      positions = db
        .transaction(() => batch.map((p) => p.events.map((e) => String(insert.run(e.id, e.processkey, JSON.stringify(e)).lastInsertRowid))))
        .immediate();
    } catch (error) {
      // Disk full, I/O error, locked by another process: nothing of this batch was committed.
      for (const p of batch) p.reject(new LogUnavailableError(`the record log cannot accept writes: ${(error as Error).message}`, { cause: error }));
      return;
    }
    this.stats.commits += 1;
    this.stats.events += positions.reduce((n, p) => n + p.length, 0);
    for (const [i, p] of batch.entries()) p.resolve(positions[i]!);
    for (const wake of this.waiters) wake();
  }

  async read(cursor: LogCursor | null, limit: number): Promise<{ events: LoggedEvent[]; next: LogCursor }> {
    const after = parseCursor(cursor);
    const rows = statement(this.open(), 'SELECT position, envelope FROM log_events WHERE position > ? ORDER BY position LIMIT ?')
      .all(after, limit) as { position: number; envelope: string }[];
    const events = rows.map((r) => ({ position: String(r.position), envelope: JSON.parse(r.envelope) as EventEnvelope }));
    return { events, next: events.length > 0 ? events[events.length - 1]!.position : String(after) };
  }

  async consume(group: string, handler: BatchHandler): Promise<LogConsumer> {
    const db = this.open();
    const pollMs = this.options.pollMs ?? 500;
    const batchSize = this.options.batchSize ?? 500;
    let running = true;
    let wake: () => void = () => {};
    const sleep = (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        wake = done;
      });
    const waiter = () => wake();
    this.waiters.add(waiter);
    const commit = statement(db, 'INSERT INTO log_groups (group_name, position) VALUES (?, ?) ON CONFLICT (group_name) DO UPDATE SET position = excluded.position');
    const position = () => (statement(db, 'SELECT position FROM log_groups WHERE group_name = ?').get(group) as { position: number } | undefined)?.position ?? 0;

    const loop = (async () => {
      while (running) {
        let page: { events: LoggedEvent[]; next: LogCursor };
        try {
          page = await this.read(String(position()), batchSize);
        } catch {
          // Locked by another process, or closing: try again shortly unless stopped.
          if (!running || !this.db) break;
          await sleep(this.options.retryMs ?? 1000);
          continue;
        }
        const { events, next } = page;
        if (events.length === 0) {
          await sleep(pollMs);
          continue;
        }
        try {
          await handler(events);
        } catch {
          // At-least-once: the batch is handed over again after a pause.
          await sleep(this.options.retryMs ?? 1000);
          continue;
        }
        if (this.db) commit.run(group, Number(next));
      }
    })();

    const consumer = {
      stop: async () => {
        running = false;
        wake();
        await loop.catch(() => {});
        this.waiters.delete(waiter);
        this.consumers.delete(consumer);
      },
    };
    this.consumers.add(consumer);
    return consumer;
  }

  async writable(): Promise<boolean> {
    return this.db?.open === true;
  }

  private open(): SqliteDb {
    if (!this.db) throw new LogUnavailableError('the record log is not open');
    return this.db;
  }
}

function parseCursor(cursor: LogCursor | null): number {
  if (cursor === null || cursor === '') return 0;
  const n = Number(cursor);
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a SQLite log cursor: ${cursor}`);
  return n;
}
