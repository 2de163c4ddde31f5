import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { envelopeFor } from '../../gateway/core/envelope.ts';
import { projectionPath } from '../../gateway/ingest/projection-path.ts';
import type { JournalEntry } from '../../gateway/store/port.ts';
import { SqliteStateStores } from '../../gateway/store/sqlite/index.ts';
import { tenderNotice } from '../support/records.ts';

/** Events of three versions of one tender notice, as the log hands them over. */
function events() {
  const base = tenderNotice();
  return [1, 2, 3].map((version, n) => ({
    logPosition: `0:${n}`,
    envelope: envelopeFor({ ...base, version }, 'sys-a', 'https://example/schema', new Date('2026-01-05T08:00:00Z')),
  }));
}

describe('the projection path (log → journal → monitor, ingest, notifier)', () => {
  let stores: SqliteStateStores;
  let told: string[];
  let path: ReturnType<typeof projectionPath>;
  const steps = {
    monitor: { projected: (ids: string[], fresh: JournalEntry[]) => void told.push(`monitor ${ids.length} ids, ${fresh.length} new`) },
    ingest: { projected: (envelopes: unknown[]) => void told.push(`ingest ${envelopes.length}`) },
    notifier: { notify: (seq: number) => void told.push(`notify ${seq}`) },
  };

  beforeEach(async () => {
    stores = new SqliteStateStores(':memory:');
    await stores.start();
    told = [];
    path = projectionPath(stores.journal, steps);
  });
  afterEach(() => stores.close());

  it('writes the journal, then tells the monitor, the ingest pipeline and the notifier, in that order', async () => {
    const fresh = await path.project(events());
    expect(fresh.map((e) => e.envelope.recordversion)).toEqual([1, 2, 3]);
    expect(await stores.journal.readJournal(0, 10)).toHaveLength(3);
    expect(told).toEqual(['monitor 3 ids, 3 new', 'ingest 3', `notify ${fresh.at(-1)!.seq}`]);
  });

  it('tells the monitor and the ingest pipeline of a batch already in the journal, but wakes nobody', async () => {
    const batch = events();
    await path.project(batch);
    told = [];
    expect(await path.project(batch)).toEqual([]);
    expect(told).toEqual(['monitor 3 ids, 0 new', 'ingest 3']);
  });

  it('tells no step of a batch the journal did not take', async () => {
    await stores.close();
    await expect(path.project(events())).rejects.toThrow();
    expect(told).toEqual([]);
  });

  it('leaves the journal’s other methods as they are', async () => {
    await path.project(events());
    expect(await path.readJournal(0, 10)).toHaveLength(3);
  });
});
