/**
 * Wakes feed readers and webhook workers as soon as the projector writes new journal entries in
 * this process. Other processes are not notified; their readers also poll, so they catch up
 * within one poll interval.
 */
import type { JournalEntry, JournalStore } from '../store/index.ts';

/** In-process signal "the journal head moved". */
export class JournalNotifier {
  private head = 0;
  private waiters = new Set<() => void>();
  private changed = 0;

  /** Records a new head and wakes every waiter. */
  notify(head: number): void {
    if (head > this.head) this.head = head;
    this.release();
  }

  /** Wakes every waiter without a new head (a subscription or endpoint changed). */
  wake(): void {
    this.changed++;
    this.release();
  }

  /** Counts wake() calls: a worker that saw it move re-reads its subscription before going on. */
  get changes(): number {
    return this.changed;
  }

  private release(): void {
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
  }

  /**
   * Resolves when the head moves past `after` (as far as this process knows), after `timeoutMs`,
   * or when `signal` aborts, whichever comes first.
   */
  wait(after: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (this.head > after || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}

/** Wraps a journal so that every projection with new entries notifies `notifier`. */
export function notifyingJournal(journal: JournalStore, notifier: JournalNotifier): JournalStore {
  return {
    async project(events) {
      const added: JournalEntry[] = await journal.project(events);
      const last = added.at(-1);
      if (last) notifier.notify(last.seq);
      return added;
    },
    readJournal: (after, limit) => journal.readJournal(after, limit),
    journalHead: () => journal.journalHead(),
    recordVersions: (recordId) => journal.recordVersions(recordId),
    processVersions: (processKey) => journal.processVersions(processKey),
    processRecords: (processKey) => journal.processRecords(processKey),
    recordsOfProcesses: (processKeys) => journal.recordsOfProcesses(processKeys),
  };
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
