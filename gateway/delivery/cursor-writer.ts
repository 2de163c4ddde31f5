/**
 * Persists a webhook subscription's cursor in batches: the session raises a target (its
 * watermark) as events finish, and at most one write is in flight, the next one covering all
 * that finished meanwhile. Each write is fenced by the lease and compare-and-set on the cursor's
 * revision, so a replay (someone reset the cursor) or a lost lease shows up as a refused write.
 */
import type { DeliveryStore, Lease, StoredCursor } from '../store/index.ts';

/** Pause before writing again after a failed write. */
const RETRY_MS = 1000;

/** Why the cursor can no longer be written by this session. */
export type CursorRefusal = 'replayed' | 'lease-lost';

/** Batches one subscription's cursor writes; every store access of it goes through one queue. */
export class CursorWriter {
  private target: number;
  private timer: NodeJS.Timeout | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private refusal: CursorRefusal | null = null;

  constructor(
    private readonly store: DeliveryStore,
    private readonly subscriptionId: string,
    private stored: StoredCursor,
    private readonly lease: () => Lease,
    /** Pause between writes: finished events collect meanwhile and go in one write. */
    private readonly intervalMs: number,
    /** Told once when a write is refused; the session then ends. */
    private readonly onRefused: (why: CursorRefusal) => void,
    /** Told when a write in the background fails; the next one tries again. */
    private readonly onError: (error: unknown) => void,
    /** Runs after each write (e.g. the endpoint health's own batched write). */
    private readonly alongside: () => Promise<void> = async () => {},
  ) {
    this.target = stored.seq;
  }

  /** The cursor as last stored by (or read for) this session. */
  get current(): StoredCursor {
    return this.stored;
  }

  /** Raises the target; a write follows within the interval. */
  advanceTo(seq: number): void {
    if (seq <= this.target || this.refusal) return;
    this.target = seq;
    this.schedule(this.intervalMs);
  }

  private schedule(delayMs: number): void {
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.enqueue(() => this.write()).catch((error) => {
        this.onError(error);
        // The store may be down for a while: try again, but not at the pace of deliveries.
        if (!this.refusal) this.schedule(RETRY_MS);
      });
    }, delayMs);
  }

  /** Writes the target now (after any write under way); resolves with the refusal, if any. */
  async flush(): Promise<CursorRefusal | null> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.enqueue(() => this.write());
    return this.refusal;
  }

  /** Reads the stored cursor in turn with the writes; a changed revision means someone replayed it. */
  async check(): Promise<CursorRefusal | null> {
    await this.enqueue(async () => {
      const now = await this.store.cursor(this.subscriptionId);
      if (now.revision !== this.stored.revision) this.refuse('replayed');
    });
    return this.refusal;
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.queue.then(step);
    this.queue = next.catch(() => {});
    return next;
  }

  private async write(): Promise<void> {
    const seq = this.target;
    if (this.refusal || seq <= this.stored.seq) return this.alongside();
    const { revision } = this.stored;
    if (await this.store.advanceCursor(this.subscriptionId, revision, seq, this.lease())) {
      this.stored = { seq, revision: revision + 1 };
    } else {
      // Refused: either a replay moved the cursor (a new session starts there) or the lease is lost.
      const now = await this.store.cursor(this.subscriptionId);
      this.refuse(now.revision === revision ? 'lease-lost' : 'replayed');
    }
    await this.alongside();
  }

  private refuse(why: CursorRefusal): void {
    if (this.refusal) return;
    this.refusal = why;
    this.onRefused(why);
  }
}
