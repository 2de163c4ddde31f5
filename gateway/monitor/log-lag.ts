/**
 * Log lag as one process sees it: record versions this process appended to the log that the
 * journal does not show yet (the projector's backlog). Entries leave when this process projects
 * them, or when a check finds them in the journal (projected by another process). The projector
 * may get to a version before the push that appended it has been told it was accepted (it reads
 * the log as soon as the append is durable): a version projected first is remembered for a while,
 * so that its late `appended` does not leave an entry behind that nothing would remove.
 */
import type { JournalStore } from '../store/index.ts';

/** Most versions tracked; beyond, the oldest are dropped (the figure is then a lower bound). */
const MAX_TRACKED = 100_000;
/** Most versions remembered as projected before they were reported appended. */
const MAX_PROJECTED_FIRST = 10_000;
/** Versions older than this are checked against the journal at each measurement. */
const CHECK_AFTER_MS = 2_000;
/** Most journal look-ups per measurement. */
const MAX_CHECKS = 200;

/** The projector backlog of this process. */
export class LogLag {
  private readonly pending = new Map<string, { recordId: string; atMs: number }>();
  /** Versions projected here before they were reported appended (oldest first). */
  private readonly projectedFirst = new Set<string>();

  /** Versions being tracked now. */
  get size(): number {
    return this.pending.size;
  }

  /** A version was appended (its receipt issued). */
  appended(eventId: string, recordId: string, atMs: number): void {
    if (this.projectedFirst.delete(eventId)) return;
    if (this.pending.size >= MAX_TRACKED) {
      const oldest = this.pending.keys().next().value;
      if (oldest !== undefined) this.pending.delete(oldest);
    }
    this.pending.set(eventId, { recordId, atMs });
  }

  /** Events this process projected (new to the journal or not). */
  projected(eventIds: Iterable<string>): void {
    for (const id of eventIds) {
      if (this.pending.delete(id)) continue;
      // Not reported appended yet (or appended elsewhere): its report may still come.
      if (this.projectedFirst.size >= MAX_PROJECTED_FIRST) this.projectedFirst.delete(this.projectedFirst.values().next().value!);
      this.projectedFirst.add(id);
    }
  }

  /** Pending versions and the age (seconds) of the oldest, after dropping those the journal already has. */
  async measure(journal: JournalStore, nowMs: number): Promise<{ events: number; seconds: number }> {
    let checks = 0;
    for (const [eventId, { recordId, atMs }] of this.pending) {
      if (nowMs - atMs < CHECK_AFTER_MS || checks++ >= MAX_CHECKS) break;
      const versions = await journal.recordVersions(recordId);
      if (versions.some((v) => v.envelope.id === eventId)) this.pending.delete(eventId);
    }
    const oldest = this.pending.values().next().value;
    return { events: this.pending.size, seconds: oldest ? Math.max(0, (nowMs - oldest.atMs) / 1000) : 0 };
  }
}
