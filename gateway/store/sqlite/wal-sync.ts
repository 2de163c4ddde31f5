/**
 * Makes committed SQLite writes durable without blocking the event loop. A connection in WAL mode
 * with synchronous=NORMAL commits without fsync (the frames are written, not yet synced); this
 * fsyncs the WAL file on the libuv thread pool. `synced()` resolves once an fsync that began after
 * the call has completed, so everything committed before the call is durable, power loss included.
 * Calls made while one fsync runs share the next one. (fsync applies to the file, whichever
 * descriptor; a WAL that SQLite restarted meanwhile holds the newer frames, which the fsync syncs.)
 */
import { closeSync, fsync, openSync } from 'node:fs';

type Waiters = { done: (() => void)[]; failed: ((error: Error) => void)[] };

/** The WAL fsyncs of one database file. */
export class WalSync {
  /** fsyncs completed since open. */
  syncs = 0;
  private fd: number | null;
  private running: Promise<void> | null = null;
  private next: Waiters | null = null;

  /**
   * Opens the WAL file of `databaseFile` ('a+': never written through; created empty if SQLite has
   * not yet, and an empty WAL holds nothing). `closedError` is what callers get once it is closed.
   */
  constructor(
    databaseFile: string,
    private readonly closedError: () => Error = () => new Error('the database is closed'),
  ) {
    this.fd = openSync(`${databaseFile}-wal`, 'a+');
  }

  /** Whether an fsync is under way now. */
  get busy(): boolean {
    return this.running !== null;
  }

  /** Resolves once an fsync of the WAL that began after this call has completed. */
  synced(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.running) {
        this.running = this.run({ done: [resolve], failed: [reject] });
        return;
      }
      // One fsync is running (it may have begun before the caller's commit): join the next one.
      this.next ??= { done: [], failed: [] };
      this.next.done.push(resolve);
      this.next.failed.push(reject);
    });
  }

  /** Waits for the fsyncs under way, then closes the file. */
  async close(): Promise<void> {
    while (this.running) await this.running.catch(() => {});
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private run(waiters: Waiters): Promise<void> {
    const fd = this.fd;
    return new Promise<void>((finished) => {
      const settle = (error: Error | null) => {
        if (error) for (const fail of waiters.failed) fail(error);
        else for (const done of waiters.done) done();
        finished();
      };
      if (fd === null) settle(this.closedError());
      else
        fsync(fd, (error) => {
          this.syncs += 1;
          settle(error);
        });
    }).then(() => {
      const next = this.next;
      this.next = null;
      this.running = next ? this.run(next) : null;
      return this.running ?? undefined;
    });
  }
}
