import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProcessReader } from '../../gateway/ingest/process-reader.ts';
import type { SystemEntry } from '../../gateway/registry/types.ts';
import type { JournalStore } from '../../gateway/store/port.ts';
import { SqliteStateStores } from '../../gateway/store/sqlite/index.ts';
import { envelope, notice, project, uid } from '../integration/webhook.support.ts';

const ministry: SystemEntry = { id: 'mof', name: 'MOF', kind: 'ministry', credentials: {} };
/** Publishes in Fuzhou (3501…) only. */
const fuzhou: SystemEntry = {
  id: 'fz',
  name: 'Fuzhou',
  kind: 'provincial',
  publish: { areas: ['3501'], recordTypes: ['notice'] },
  credentials: {},
};
const outsider: SystemEntry = { id: 'gd', name: 'Guangdong', kind: 'provincial', credentials: {} };

describe('the process reader', () => {
  let stores: SqliteStateStores;
  let calls: string[];
  let reader: ProcessReader;
  let ocid: string;
  let inFuzhou: string;
  let inXiamen: string;

  beforeEach(async () => {
    stores = new SqliteStateStores(':memory:');
    await stores.start();
    calls = [];
    // Counts journal round trips: the history must not take one per record.
    const journal = new Proxy(stores.journal, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push(String(property));
          return value.apply(target, args);
        };
      },
    }) as JournalStore;
    reader = new ProcessReader(journal, { ingestStore: stores.ingest, registry: { byId: () => undefined, transfers: () => [] } });
    ocid = `ocds-213czf-${uid()}`;
    inFuzhou = `N-${uid()}`;
    inXiamen = `N-${uid()}`;
    await project(stores.journal, [
      envelope(notice(inFuzhou, 1, ocid)),
      envelope(notice(inXiamen, 1, ocid, { regionCode: '350203' })),
      envelope(notice(`N-${uid()}`, 1, `ocds-213czf-${uid()}`)),
      envelope(notice(inFuzhou, 2, ocid)),
    ]);
  });
  afterEach(() => stores.close());

  it('gives the ministry every version of every record of the process, in journal order, with one journal call past finding it', async () => {
    const history = await reader.history(ministry, ocid);
    expect(history?.processKey).toBe(ocid);
    expect(history?.versions.map((v) => [v.recordId, v.version])).toEqual([
      [inFuzhou, 1],
      [inXiamen, 1],
      [inFuzhou, 2],
    ]);
    expect(history?.versions[0]).toMatchObject({ operation: 'create', sourceSystem: 'fj-gpms', logPosition: expect.any(String) });
    expect(calls).toEqual(['processRecords', 'processVersions']);
  });

  it('finds the process from the id of one of its records', async () => {
    const history = await reader.history(ministry, inXiamen);
    expect(history?.processKey).toBe(ocid);
    expect(history?.versions).toHaveLength(3);
  });

  it('leaves out the records a publisher may not read', async () => {
    const history = await reader.history(fuzhou, ocid);
    expect(history?.versions.map((v) => [v.recordId, v.version])).toEqual([
      [inFuzhou, 1],
      [inFuzhou, 2],
    ]);
  });

  it('answers nothing to a system that may read none of the process, or for an unknown id', async () => {
    expect(await reader.history(outsider, ocid)).toBeNull();
    expect(await reader.history(ministry, `ocds-213czf-${uid()}`)).toBeNull();
  });
});
