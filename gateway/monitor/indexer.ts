/**
 * Keeps the monitor's accepted-record index (by source system and Shanghai day) in step with the
 * journal: reads the journal after the highest indexed seq and indexes it. Idempotent, so every
 * gateway process may run it; the journal's seqs become visible strictly in order, so the highest
 * indexed seq is a safe place to continue from.
 */
import { sourceSystemOf } from '../delivery/index.ts';
import type { AcceptedRecord, JournalEntry, JournalStore, MonitorStore } from '../store/index.ts';
import { shanghaiDay } from './time.ts';

const PAGE = 1000;

/**
 * How long offered entries wait to be indexed together: projections come in small batches under a
 * steady trickle of pushes, and one index transaction per batch would cost more than the indexing.
 * Readers never see the delay: every read catches up first.
 */
const OFFER_LINGER_MS = 100;

/** The index row of a journal entry. */
export function acceptedRecordOf(entry: JournalEntry): AcceptedRecord {
  const atMs = Date.parse(entry.envelope.time);
  return {
    seq: entry.seq,
    systemId: sourceSystemOf(entry.envelope),
    recordId: entry.envelope.subject,
    version: entry.envelope.recordversion,
    contentHash: entry.envelope.contenthash,
    atMs,
    day: shanghaiDay(atMs),
  };
}

/** Tails the journal into the accepted-record index. */
export class AcceptedIndexer {
  private running: Promise<void> | null = null;
  private again = false;
  /** The highest seq this process has seen indexed; entries right after it need no journal read. */
  private indexedUpTo: number | null = null;
  /** Entries projected here since the last pass. */
  private offered: JournalEntry[] = [];
  /** The pass offered entries wait for, while it is scheduled; `settle(false)` drops it. */
  private lingering: { timer: NodeJS.Timeout; pass: Promise<void>; settle: (index: boolean) => void } | null = null;

  constructor(
    private readonly journal: JournalStore,
    private readonly store: MonitorStore,
  ) {}

  /** Indexes everything the journal holds now; concurrent calls share one pass (plus one more if asked meanwhile). */
  catchUp(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.pass();
        } while (this.again);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /**
   * Indexes entries this process has just projected. When they follow on from what is indexed
   * (the usual case with one projector), they are indexed as they are, without reading the
   * journal back; otherwise (a gap, another projector) the journal is read from the index's end.
   */
  offer(fresh: JournalEntry[]): Promise<void> {
    for (const entry of fresh) this.offered.push(entry);
    if (!this.lingering) {
      let settle!: (index: boolean) => void;
      const decided = new Promise<boolean>((resolve) => (settle = resolve));
      const timer = setTimeout(() => settle(true), OFFER_LINGER_MS);
      timer.unref();
      const lingering = {
        timer,
        settle,
        pass: decided.then((index) => {
          if (this.lingering === lingering) this.lingering = null;
          return index ? this.catchUp() : undefined;
        }),
      };
      this.lingering = lingering;
    }
    return this.lingering.pass;
  }

  /**
   * Drops a scheduled pass (the stores are closing): its callers are answered without indexing,
   * and what was offered is indexed by the next catchUp.
   */
  stop(): void {
    const lingering = this.lingering;
    this.lingering = null;
    if (!lingering) return;
    clearTimeout(lingering.timer);
    lingering.settle(false);
  }

  private async pass(): Promise<void> {
    const offered = this.offered;
    this.offered = [];
    const first = offered[0]?.seq;
    if (first !== undefined && first === (this.indexedUpTo ?? Number.NaN) + 1 && offered.every((e, i) => e.seq === first + i)) {
      await this.store.indexAccepted(offered.map(acceptedRecordOf));
      this.indexedUpTo = first + offered.length - 1;
      return;
    }
    let after = await this.store.indexedSeq();
    for (;;) {
      const entries = await this.journal.readJournal(after, PAGE);
      if (entries.length > 0) {
        await this.store.indexAccepted(entries.map(acceptedRecordOf));
        after = entries[entries.length - 1]!.seq;
      }
      if (entries.length < PAGE) break;
    }
    this.indexedUpTo = after;
  }
}
