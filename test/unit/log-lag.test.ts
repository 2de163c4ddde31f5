/** This process's projection lag: versions it appended that the journal does not show yet. */
import { expect, it } from 'vitest';
import { LogLag } from '../../gateway/monitor/log-lag.ts';
import type { JournalStore } from '../../gateway/store/port.ts';

/** A journal that holds nothing: every check finds the version missing. */
const emptyJournal = { recordVersions: async () => [] } as unknown as JournalStore;

it('counts a version from its append until it is projected', async () => {
  const lag = new LogLag();
  lag.appended('e1', 'N-1', 1_000);
  expect(await lag.measure(emptyJournal, 4_000)).toEqual({ events: 1, seconds: 3 });
  lag.projected(['e1']);
  expect(await lag.measure(emptyJournal, 4_000)).toEqual({ events: 0, seconds: 0 });
});

it('leaves nothing behind when the projector gets to a version before its push is reported accepted', async () => {
  const lag = new LogLag();
  lag.projected(['e1', 'e2']);
  lag.appended('e1', 'N-1', 1_000);
  lag.appended('e2', 'N-2', 1_000);
  expect(await lag.measure(emptyJournal, 60_000)).toEqual({ events: 0, seconds: 0 });
  expect(lag.size).toBe(0);
  // A version appended again later (a new version of the same id is a new event id) still counts.
  lag.appended('e3', 'N-1', 2_000);
  expect(lag.size).toBe(1);
});
