/**
 * What a process shows to readers: only records that were allowed into it. Since ownership is
 * enforced at ingest, new data is clean; this filters records stored before (in a process whose
 * owner was backfilled from its earliest journal entry) by the same rule, as defence in depth:
 * the owner's records, a former owner's (transfers) and granted contributions stay.
 */
import type { StandardRecord } from '../core/index.ts';
import { allowedInProcess, type OwnershipTransfer, type SystemEntry } from '../registry/index.ts';
import type { IngestStore } from '../store/index.ts';

/** What the filter needs: the ingest index (owners) and the live registry. */
export interface ProcessViewDeps {
  ingestStore: IngestStore;
  registry: { byId(id: string): SystemEntry | undefined; transfers(): readonly OwnershipTransfer[] };
}

/**
 * The records of a process that were allowed into it, in the given order. A process without an
 * owner (its records were indexed by the projector alone, e.g. a rebuilt index) is shown whole:
 * there is nothing to judge by.
 */
export async function allowedRecords(deps: ProcessViewDeps, processKey: string, records: StandardRecord[]): Promise<StandardRecord[]> {
  if (records.length === 0) return records;
  const owner = (await deps.ingestStore.processOwners([processKey])).get(processKey);
  if (owner === undefined) return records;
  const publishers = await deps.ingestStore.recordOwners(records.map((r) => r.id));
  const systems = (id: string) => deps.registry.byId(id);
  const transfers = deps.registry.transfers();
  return records.filter((record) => {
    const source = publishers.get(record.id);
    return source !== undefined && allowedInProcess(source, owner, record, systems, transfers);
  });
}
