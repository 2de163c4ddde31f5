/**
 * The process context the compliance rules validate a record against: the current records of its
 * procurement process (or order), as the journal holds them, plus the records this gateway process
 * appended that the projector has not written to the journal yet. Without the latter, a child
 * pushed right after its parent (an order's confirmation after the order) would be refused.
 */
import { processKeyOf, type StandardRecord } from '../core/index.ts';
import type { JournalStore } from '../store/index.ts';

/** How many processes with not-yet-projected records are remembered. */
const MAX_PROCESSES = 10_000;

/** Current records by process key: the journal's view, completed with recent appends. */
export class ProcessContexts {
  /** Appended records the journal may not hold yet: process key → record id → latest version. */
  private readonly unprojected = new Map<string, Map<string, StandardRecord>>();

  constructor(private readonly journal: JournalStore) {}

  /**
   * The current version of each record of each process, ascending by date then id; read from the
   * journal in one call (the processes of a batch).
   */
  async ofMany(processKeys: string[]): Promise<Map<string, StandardRecord[]>> {
    const fromJournal = await this.journal.recordsOfProcesses(processKeys);
    return new Map([...fromJournal].map(([key, records]) => [key, this.completed(key, records)]));
  }

  /** The journal's records of a process, completed with what this process appended since. */
  private completed(processKey: string, records: StandardRecord[]): StandardRecord[] {
    const pending = this.unprojected.get(processKey);
    if (!pending) return records;
    const byId = new Map(records.map((r) => [r.id, r]));
    for (const [id, record] of pending) {
      const projected = byId.get(id);
      // Once the journal has caught up, forget the local copy.
      if (projected && projected.version >= record.version) pending.delete(id);
      else byId.set(id, record);
    }
    if (pending.size === 0) this.unprojected.delete(processKey);
    return [...byId.values()].sort(byDateThenId);
  }

  /**
   * Forgets the local copies the journal now holds (told by the projector), so that the records of
   * processes nobody pushes to again do not wait for eviction. A copy newer than what was projected
   * stays; one remembered after its projection is dropped when its process is next read.
   */
  projected(versions: { processKey: string; recordId: string; version: number }[]): void {
    for (const { processKey, recordId, version } of versions) {
      const pending = this.unprojected.get(processKey);
      const known = pending?.get(recordId);
      if (!pending || !known || known.version > version) continue;
      pending.delete(recordId);
      if (pending.size === 0) this.unprojected.delete(processKey);
    }
  }

  /** Processes with local copies now. */
  get size(): number {
    return this.unprojected.size;
  }

  /** Remembers a record durably appended by this process (bounded: the least recent processes are forgotten first). */
  remember(record: StandardRecord): void {
    const key = processKeyOf(record);
    const pending = this.unprojected.get(key) ?? new Map<string, StandardRecord>();
    const known = pending.get(record.id);
    if (!known || known.version < record.version) pending.set(record.id, record);
    this.unprojected.delete(key);
    this.unprojected.set(key, pending);
    if (this.unprojected.size > MAX_PROCESSES) this.unprojected.delete(this.unprojected.keys().next().value!);
  }
}

function byDateThenId(a: StandardRecord, b: StandardRecord): number {
  const da = a.date ?? '';
  const db = b.date ?? '';
  if (da !== db) return da < db ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
