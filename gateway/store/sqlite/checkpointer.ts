/**
 * Moves SQLite's WAL checkpoints off the event loop. By default SQLite checkpoints inside the COMMIT
 * that pushes the WAL past 1000 pages: it copies the WAL back into the database file and fsyncs
 * both, synchronously, on the thread that committed. Here a worker thread with its own connection to
 * the same file checkpoints instead (PASSIVE: it never waits for, nor blocks, the writer or readers),
 * and the main connection's own automatic checkpoint is kept only as a far-off safety net that bounds
 * the WAL. It is needed: the writer starts the WAL over only when it finds every frame checkpointed,
 * which a checkpoint from another thread never achieves while commits keep coming; at the safety
 * net (4000 pages, about 16 MB, by default) the writer copies the little the worker has not, and
 * starts over. It also bounds the WAL should the worker fail.
 *
 * Durability is unchanged: the worker's connection runs with synchronous=NORMAL, under which SQLite
 * fsyncs the WAL before it copies frames into the database and fsyncs the database before it records
 * them as checkpointed; a writer restarts the WAL from its beginning only once every frame is
 * recorded so. A committed frame is thus always either in the WAL or in the synced database file,
 * whichever connection checkpoints.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SqliteDb } from './database.ts';

/** When the worker checkpoints. */
export interface CheckpointOptions {
  /** Checkpoint once this many WAL frames (pages) are not yet in the database. */
  pages?: number;
  /** How often the worker looks at the WAL. */
  intervalMs?: number;
  /** Checkpoint whatever is pending once it has waited this long, however small. */
  maxDelayMs?: number;
  /** The main connection's own automatic checkpoint, in pages: the safety net bounding the WAL. */
  safetyPages?: number;
}

/** A running background checkpointer of one database file. */
export class WalCheckpointer {
  /** Problems the worker met (e.g. a locked file), most recent last; it keeps trying. */
  readonly errors: string[] = [];
  private readonly exited: Promise<void>;

  private constructor(private readonly worker: Worker) {
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    const note = (message: string) => {
      this.errors.push(message);
      if (this.errors.length > 10) this.errors.shift();
    };
    worker.on('message', (m: { error?: string }) => m.error && note(m.error));
    worker.on('error', (error) => note(error.message));
  }

  /**
   * Starts checkpointing `file`, the file `db` (a WAL-mode connection of this process) is open on,
   * from a worker thread, and turns `db`'s own automatic checkpoint into the safety net.
   */
  static start(db: SqliteDb, file: string, options: CheckpointOptions = {}): WalCheckpointer {
    db.pragma(`wal_autocheckpoint = ${options.safetyPages ?? 4000}`);
    // Plain CommonJS, so that the worker runs without the TypeScript loader.
    const worker = new Worker(new URL('./checkpointer-worker.cjs', import.meta.url), {
      workerData: {
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        file,
        pages: options.pages ?? 500,
        intervalMs: options.intervalMs ?? 100,
        maxDelayMs: options.maxDelayMs ?? 1000,
      },
    });
    // Never what keeps the process alive.
    worker.unref();
    return new WalCheckpointer(worker);
  }

  /** Stops the worker after its current checkpoint and closes its connection. */
  async stop(): Promise<void> {
    // Referenced again: a process with nothing else left to do must still wait for the connection to close.
    this.worker.ref();
    this.worker.postMessage('stop');
    await this.exited;
  }
}
