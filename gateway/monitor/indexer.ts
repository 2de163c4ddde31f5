/**
 * Keeps the monitor's accepted-record index (by source system and Shanghai day) in step with the
 * journal: reads the journal after the highest indexed seq and indexes it. Idempotent, so every
 * gateway process may run it; the journal's seqs become visible strictly in order, so the highest
 * indexed seq is a safe place to continue from.
 */
import { sourceSystemOf } from '../delivery/filter.ts';
import type { AcceptedRecord, JournalEntry, JournalStore, MonitorStore } from '../store/port.ts';
import { shanghaiDay } from './time.ts';

const PAGE = 1000;

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

  private async pass(): Promise<void> {
    let after = await this.store.indexedSeq();
    for (;;) {
      const entries = await this.journal.readJournal(after, PAGE);
      if (entries.length === 0) return;
      await this.store.indexAccepted(entries.map(acceptedRecordOf));
      after = entries[entries.length - 1]!.seq;
      if (entries.length < PAGE) return;
    }
  }
}
