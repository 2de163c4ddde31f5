/**
 * The delivery attempts of one webhook worker, buffered and written in batches, one write at a
 * time, off the delivery path: the attempt log is for operators, not for correctness.
 */
import type { DeliveryAttempt, DeliveryStore } from '../store/index.ts';

/** Buffers attempt records and writes them in batches. */
export class AttemptLog {
  private buffer: DeliveryAttempt[] = [];
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly store: DeliveryStore) {}

  add(attempt: DeliveryAttempt): void {
    this.buffer.push(attempt);
  }

  /** Writes what is buffered; resolves once it (and every earlier write) is stored. */
  flush(): Promise<void> {
    if (this.buffer.length === 0) return this.writing;
    const batch = this.buffer;
    this.buffer = [];
    const next = this.writing.then(() => this.store.recordAttempts(batch));
    this.writing = next.catch(() => {});
    return next;
  }
}
