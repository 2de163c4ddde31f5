/**
 * The projector: the single consumer group (`pxg-projector`) that turns the log into the journal.
 * It deduplicates by event id (JournalStore.project) and confirms the receipt of every version it
 * sees, so a record appended just before a crash is indexed as accepted after the restart.
 */
import type { LogConsumer, LoggedEvent, RecordLog } from '../log/index.ts';
import type { IngestStore, JournalEntry, JournalStore } from '../store/index.ts';
import { type ReceiptSigner, receiptFields } from './receipts.ts';

/** The consumer group of the projector. */
export const PROJECTOR_GROUP = 'pxg-projector';

/** Runs the projector. Construction does no I/O; start() subscribes, close() stops after the current batch. */
export class Projector {
  private consumer: LogConsumer | null = null;
  private readonly listeners = new Set<(entries: JournalEntry[]) => void>();

  constructor(
    private readonly deps: {
      log: RecordLog;
      journal: JournalStore;
      ingestStore: IngestStore;
      signer: ReceiptSigner;
      /**
       * Whether this process's ingest pipeline is appending a version right now: it confirms that
       * version's receipt itself, so the projector does not sign one too.
       */
      appendingHere?: (eventId: string) => boolean;
      /** Told when a batch fails; the log hands it over again. */
      onError?: (error: unknown) => void;
    },
  ) {}

  async start(): Promise<void> {
    if (this.consumer) return;
    this.consumer = await this.deps.log.consume(
      PROJECTOR_GROUP,
      async (events) => {
        try {
          await this.project(events);
        } catch (error) {
          this.deps.onError?.(error);
          throw error;
        }
        // Projecting twice is harmless (the journal keeps an event id once): the projector does not
        // wait for its consumer group to form, so a restarted process projects at once.
      },
      { catchUp: true },
    );
  }

  async close(): Promise<void> {
    await this.consumer?.stop();
    this.consumer = null;
  }

  /** Calls `listener` with the journal entries of every projected batch (e.g. to wake feeds). */
  onProjected(listener: (entries: JournalEntry[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Projects one batch; exposed for tests and for replays. Idempotent. */
  async project(events: LoggedEvent[]): Promise<JournalEntry[]> {
    const fresh = await this.deps.journal.project(events.map((e) => ({ logPosition: e.position, envelope: e.envelope, text: e.text })));
    // Versions whose push was answered already have their receipt, and versions this process is
    // appending get theirs from the push; sign only for the others (a crash between append and
    // confirm, here or in another process). Should both confirm, the first receipt stored stays.
    const pending = fresh.filter((e) => !this.deps.appendingHere?.(e.envelope.id));
    const confirmed = await this.deps.ingestStore.confirmed(
      pending.map((e) => ({ recordId: e.envelope.subject, version: e.envelope.recordversion })),
    );
    const missing = pending.filter((_, n) => !confirmed[n]);
    if (missing.length > 0)
      await this.deps.ingestStore.confirmMany(await this.deps.signer.sign(missing.map((e) => receiptFields(e.envelope, e.logPosition))));
    if (fresh.length > 0) for (const listener of this.listeners) listener(fresh);
    return fresh;
  }
}
