/**
 * Reading a procurement process (采购项目) back for a system: which process an id names (a process
 * key, or the id of one of its records), the records of it the system may read, and its history, every
 * version of those records in journal order. The record routes call it; it is tested without HTTP.
 */
import { processKeyOf, type RecordHeader, type StandardRecord } from '../core/index.ts';
import { entitled, type SystemEntry, withinAreas } from '../registry/index.ts';
import type { JournalStore } from '../store/index.ts';
import { allowedRecords, type ProcessViewDeps } from './process-view.ts';

/** A process as a system may see it: its key and the current version of each record it may read. */
export interface VisibleProcess {
  processKey: string;
  records: StandardRecord[];
}

/** One version in a process's history. */
export interface HistoryVersion {
  seq: number;
  eventId: string;
  recordId: string;
  version: number;
  operation: string;
  acceptedAt: string;
  sourceSystem: string;
  contentHash: string;
  logPosition: string;
  record: StandardRecord;
}

/** A process's history: every version of its visible records, in journal order. */
export interface ProcessHistory {
  processKey: string;
  versions: HistoryVersion[];
}

/** Reads processes from the journal for one system at a time. */
export class ProcessReader {
  /** `ownership`: what judges which records were allowed into a process (gateway/ingest/process-view.ts). */
  constructor(
    private readonly journal: JournalStore,
    private readonly ownership: ProcessViewDeps,
  ) {}

  /** The process `id` names, with the records `system` may read; null when it may read none (or there is none). */
  async visible(system: SystemEntry, id: string): Promise<VisibleProcess | null> {
    let processKey = id;
    let records = await this.journal.processRecords(id);
    if (records.length === 0) {
      const versions = await this.journal.recordVersions(id);
      const last = versions[versions.length - 1];
      if (last) {
        processKey = processKeyOf(last.envelope.data);
        records = await this.journal.processRecords(processKey);
      }
    }
    // Only records allowed into the process by its ownership rule, then those the system may read.
    const allowed = await allowedRecords(this.ownership, processKey, records);
    const visible = allowed.filter((r) => mayRead(system, r));
    return visible.length === 0 ? null : { processKey, records: visible };
  }

  /** Every version of the process's records `system` may read, in journal order; one journal call past finding the process. */
  async history(system: SystemEntry, id: string): Promise<ProcessHistory | null> {
    const process = await this.visible(system, id);
    if (!process) return null;
    const readable = new Set(process.records.map((r) => r.id));
    const entries = (await this.journal.processVersions(process.processKey)).filter((e) => readable.has(e.envelope.subject));
    return {
      processKey: process.processKey,
      versions: entries.map((e) => ({
        seq: e.seq,
        eventId: e.envelope.id,
        recordId: e.envelope.subject,
        version: e.envelope.recordversion,
        operation: e.envelope.operation,
        acceptedAt: e.envelope.time,
        sourceSystem: e.envelope.source.replace(/^\/systems\//, ''),
        contentHash: e.envelope.contenthash,
        logPosition: e.logPosition,
        record: e.envelope.data,
      })),
    };
  }
}

/** Whether a system may read a record: the ministry reads all, publishers their areas, subscribers their entitlement. */
function mayRead(system: SystemEntry, record: RecordHeader): boolean {
  if (system.kind === 'ministry') return true;
  if (system.publish?.recordTypes.includes(record.recordType) && withinAreas(record.regionCode, system.publish.areas)) return true;
  return entitled(system.subscribe, record);
}
