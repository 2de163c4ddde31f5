/**
 * The embedded record log: an append-only SQLite table in WAL mode. Appends are group-committed:
 * every append arriving while the event loop is busy (same tick, or during the previous commit)
 * joins one transaction. A resolved append survives a crash, power loss included: the connection
 * commits with synchronous=NORMAL (the WAL frames are written, not yet synced) and the WAL file is
 * then fsynced off the event loop (libuv thread pool); an append resolves only once an fsync that
 * began after its commit has completed. Commits made while one fsync runs share the next one, and
 * the event loop keeps serving requests meanwhile.
 *
 * Checkpoints: once this log has appended about 1 MB, a worker thread (WalCheckpointer) copies the
 * WAL into the database file, instead of SQLite doing it inside a commit on the event loop. SQLite
 * syncs the WAL before every checkpoint and the database after it, and restarts the WAL only once
 * all of it is in the synced database, so frames are never dropped from a WAL before they are
 * durable elsewhere; this holds whichever connection checkpoints, as the worker's runs with
 * synchronous=NORMAL too. An fsync of ours that meets a restarted WAL syncs the newer frames.
 *
 * Consumers only see events up to the last synced position. Consumer groups keep their committed
 * position in the same file and are woken in-process after every sync (and poll, for other
 * processes' appends). A consumer caught up with this process's own appends is handed them from
 * memory as they sync (the objects appended and the JSON text stored), without reading them back;
 * one behind, or facing positions appended by another process, reads the table.
 */
import { join } from 'node:path';
import { type EventEnvelope, envelopeJson } from '../core/index.ts';
import { type CheckpointOptions, migrate, openDatabase, type SqliteDb, statement, WalCheckpointer, WalSync } from '../store/index.ts';
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
  /**
   * When the background checkpointer copies the WAL into the database file, and how much this log
   * appends before it starts one (a short-lived log, e.g. of a CLI command, needs no thread).
   */
  checkpoints?: CheckpointOptions & { afterBytes?: number };
}

/** Most of this process's latest synced appends kept for handing to consumers from memory. */
const RECENT_LIMIT = 1000;

/** The SQLite record log. Construction does no I/O; start() opens the file, close() closes it. */
export class SqliteLog implements RecordLog {
  private db: SqliteDb | null = null;
  private queue: Pending[] = [];
  private flushScheduled = false;
  private readonly waiters = new Set<() => void>();
  private readonly consumers = new Set<{ stop(): Promise<void> }>();

  /** Commits, WAL fsyncs and events written since start: lets tests and bench see how appends were grouped. */
  get stats(): { commits: number; syncs: number; events: number } {
    return { ...this.counts, syncs: this.wal?.syncs ?? 0 };
  }
  /** Commits and events written since start: lets tests and bench see how appends were grouped. */
  private readonly counts = { commits: 0, events: 0 };
  /** The WAL's fsyncs, off the event loop. */
  private wal: WalSync | null = null;
  /** Highest position known durable: consumers read no further. */
  private durable = 0;
  /** This process's latest synced appends, ascending by position (`recentAt[i]` is `recent[i]`'s). */
  private recent: LoggedEvent[] = [];
  private recentAt: number[] = [];
  /** How far each running consumer of this process has got: appends at or before the lowest are not kept. */
  private readonly handedUpTo = new Map<object, number>();
  private checkpointer: WalCheckpointer | null = null;
  /** JSON text appended since start, in characters: starts the checkpointer once past `afterBytes`. */
  private appended = 0;

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
    const db = openDatabase(this.file, { synchronous: 'NORMAL' });
    migrate(db, migrations);
    // Whatever is in the WAL now (left by an earlier process) is made durable before it is served.
    this.wal = new WalSync(this.file, () => new LogUnavailableError('the record log is closed'));
    await this.wal.synced();
    this.durable = (db.prepare('SELECT MAX(position) AS head FROM log_events').get() as { head: number | null }).head ?? 0;
    this.db = db;
    this.appended = 0;
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((c) => c.stop()));
    this.flush();
    // Waits for the fsyncs under way (the last appends are answered) before the file closes.
    await this.wal?.close();
    this.wal = null;
    this.db?.close();
    this.db = null;
    await this.checkpointer?.stop();
    this.checkpointer = null;
    this.recent = [];
    this.recentAt = [];
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

  /** Commits every queued append in one transaction, then answers each once the WAL is synced. */
  private flush(): Promise<void> | undefined {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return undefined;
    const db = this.db;
    if (!db) {
      for (const p of batch) p.reject(new LogUnavailableError('the record log is closed'));
      return undefined;
    }
    let positions: number[][];
    // Serialised before the write lock is taken (reusing the record's canonical JSON when known), and
    // kept: consumers in this process are handed the text too.
    const texts = batch.map((p) => p.events.map(envelopeJson));
    try {
      const insert = statement(db, 'INSERT INTO log_events (event_id, process_key, envelope) VALUES (?, ?, ?)');
      positions = db
        .transaction(() =>
          batch.map((p, i) => p.events.map((e, j) => Number(insert.run(e.id, e.processkey, texts[i]![j]).lastInsertRowid))),
        )
        .immediate();
    } catch (error) {
      // Disk full, I/O error, locked by another process: nothing of this batch was committed.
      for (const p of batch)
        p.reject(new LogUnavailableError(`the record log cannot accept writes: ${(error as Error).message}`, { cause: error }));
      return undefined;
    }
    this.counts.commits += 1;
    this.counts.events += positions.reduce((n, p) => n + p.length, 0);
    this.startCheckpointer(db, texts);
    const synced = this.wal ? this.wal.synced() : Promise.reject(new LogUnavailableError('the record log is closed'));
    return synced.then(
      () => {
        for (const [i, p] of batch.entries()) this.remember(positions[i]!, p.events, texts[i]!);
        this.durable = Math.max(this.durable, ...positions.map((p) => p.at(-1) ?? 0));
        for (const [i, p] of batch.entries()) p.resolve(positions[i]!.map(String));
        for (const wake of this.waiters) wake();
      },
      (error: Error) => {
        // Committed but not known durable: no receipt. A retry appends again (the event id dedupes).
        for (const p of batch) p.reject(new LogUnavailableError(`the record log cannot sync to disk: ${error.message}`, { cause: error }));
      },
    );
  }

  /**
   * Starts the background checkpointer once enough is appended that SQLite would soon checkpoint
   * inside a commit (at 1000 pages, about 4 MB): from then on the worker does it.
   */
  private startCheckpointer(db: SqliteDb, texts: string[][]): void {
    if (this.checkpointer || this.file === ':memory:') return;
    for (const t of texts) for (const text of t) this.appended += text.length;
    if (this.appended >= (this.options.checkpoints?.afterBytes ?? 1_000_000))
      this.checkpointer = WalCheckpointer.start(db, this.file, this.options.checkpoints);
  }

  /** Keeps synced appends for consumers, in position order, dropping the oldest beyond RECENT_LIMIT. */
  private remember(positions: number[], events: EventEnvelope[], texts: string[]): void {
    // No consumer here: nothing to hand over (one starting later reads the table).
    if (this.handedUpTo.size === 0) return;
    // Syncs complete in commit order, so positions only grow; should they not, memory is not trusted.
    if (positions.length > 0 && positions[0]! <= (this.recentAt.at(-1) ?? 0)) {
      this.recent = [];
      this.recentAt = [];
    }
    for (const [i, at] of positions.entries()) {
      this.recent.push({ position: String(at), envelope: events[i]!, text: texts[i]! });
      this.recentAt.push(at);
    }
    if (this.recent.length > RECENT_LIMIT + RECENT_LIMIT / 2) {
      this.recent = this.recent.slice(-RECENT_LIMIT);
      this.recentAt = this.recentAt.slice(-RECENT_LIMIT);
    }
  }

  /** Drops kept appends every running consumer has been handed, so they do not outlive their use. */
  private forget(): void {
    const lowest = Math.min(...this.handedUpTo.values());
    let handed = 0;
    while (handed < this.recentAt.length && this.recentAt[handed]! <= lowest) handed += 1;
    if (handed === 0) return;
    this.recent = this.recent.slice(handed);
    this.recentAt = this.recentAt.slice(handed);
  }

  /**
   * The events right after `after` from this process's synced appends, up to `limit`, or null when
   * memory does not hold position `after + 1`. It stops at the first gap in positions (rows appended
   * by another process), which the next read takes from the table.
   */
  private fromMemory(after: number, limit: number): LoggedEvent[] | null {
    const at = this.recentAt;
    if (at.length === 0 || after + 1 < at[0]! || after + 1 > at[at.length - 1]!) return null;
    // Positions are consecutive but for other processes' rows: try the direct index first.
    let first = after + 1 - at[0]!;
    if (at[first] !== after + 1) {
      first = at.indexOf(after + 1);
      if (first < 0) return null;
    }
    let end = first + 1;
    while (end < at.length && end - first < limit && at[end] === at[end - 1]! + 1) end += 1;
    return this.recent.slice(first, end);
  }

  async read(cursor: LogCursor | null, limit: number): Promise<{ events: LoggedEvent[]; next: LogCursor }> {
    const after = parseCursor(cursor);
    return page(after, this.fromTable(after, limit));
  }

  private fromTable(after: number, limit: number): LoggedEvent[] {
    const rows = statement(
      this.open(),
      'SELECT position, envelope FROM log_events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?',
    ).all(after, this.durableHead(), limit) as { position: number; envelope: string }[];
    return rows.map((r) => ({ position: String(r.position), envelope: JSON.parse(r.envelope) as EventEnvelope, text: r.envelope }));
  }

  async backlog(group: string): Promise<number> {
    const committed =
      (statement(this.open(), 'SELECT position FROM log_groups WHERE group_name = ?').get(group) as { position: number } | undefined)
        ?.position ?? 0;
    // Positions are consecutive: each append takes the next ones, and a rolled-back append gives them back.
    return Math.max(0, this.durableHead() - committed);
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
    const commit = statement(
      db,
      'INSERT INTO log_groups (group_name, position) VALUES (?, ?) ON CONFLICT (group_name) DO UPDATE SET position = excluded.position',
    );
    const position = () =>
      (statement(db, 'SELECT position FROM log_groups WHERE group_name = ?').get(group) as { position: number } | undefined)?.position ?? 0;
    const token = {};
    this.handedUpTo.set(token, position());

    const loop = (async () => {
      while (running) {
        let batch: { events: LoggedEvent[]; next: LogCursor };
        try {
          const after = position();
          batch = page(after, this.fromMemory(after, batchSize) ?? this.fromTable(after, batchSize));
        } catch {
          // Locked by another process, or closing: try again shortly unless stopped.
          if (!running || !this.db) break;
          await sleep(this.options.retryMs ?? 1000);
          continue;
        }
        const { events, next } = batch;
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
        this.handedUpTo.set(token, Number(next));
        this.forget();
      }
    })();

    const consumer = {
      stop: async () => {
        running = false;
        wake();
        await loop.catch(() => {});
        this.waiters.delete(waiter);
        this.handedUpTo.delete(token);
        this.consumers.delete(consumer);
      },
    };
    this.consumers.add(consumer);
    return consumer;
  }

  /**
   * The last position safe to hand out. Appends of this process count once synced; another process
   * appending to the same file syncs before it answers, so what it committed while no append of
   * this process is in flight is taken as it is.
   */
  private durableHead(): number {
    if (this.wal?.busy || this.queue.length > 0) return this.durable;
    const head = (statement(this.open(), 'SELECT MAX(position) AS head FROM log_events').get() as { head: number | null }).head ?? 0;
    return Math.max(this.durable, head);
  }

  async writable(): Promise<boolean> {
    return this.db?.open === true;
  }

  private open(): SqliteDb {
    if (!this.db) throw new LogUnavailableError('the record log is not open');
    return this.db;
  }
}

function page(after: number, events: LoggedEvent[]): { events: LoggedEvent[]; next: LogCursor } {
  return { events, next: events.length > 0 ? events[events.length - 1]!.position : String(after) };
}

function parseCursor(cursor: LogCursor | null): number {
  if (cursor === null || cursor === '') return 0;
  const n = Number(cursor);
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a SQLite log cursor: ${cursor}`);
  return n;
}
