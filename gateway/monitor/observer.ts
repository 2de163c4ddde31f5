/**
 * What the monitor learns from every push: accepted, duplicate and rejected counters by system,
 * record type and code, the ingest latency, the projector backlog, and every rejection stored
 * durably (MonitorStore) so that any gateway process can show who is rejected and why.
 */
import type { IngestObserver, IngestResult } from '../ingest/index.ts';
import type { SystemEntry } from '../registry/index.ts';
import type { MonitorStore, RejectionRecord } from '../store/index.ts';
import { instruments } from '../telemetry/index.ts';
import type { LogLag } from './log-lag.ts';

/** Codes that say the gateway, not the system, could not take the record: counted, not held against the system. */
const GATEWAY_FAULTS = new Set(['log_unavailable']);

function recordTypeOf(input: unknown): string {
  const type = (input as { recordType?: unknown } | null)?.recordType;
  return type === 'notice' || type === 'transaction' ? type : 'unknown';
}

function headerOf(input: unknown): { recordId: string | null; version: number | null } {
  const r = (input ?? {}) as { id?: unknown; version?: unknown };
  return {
    recordId: typeof r.id === 'string' && r.id.length <= 200 ? r.id : null,
    version: Number.isInteger(r.version) ? (r.version as number) : null,
  };
}

/** The ingest observer of the monitor. */
export function monitorObserver(deps: {
  store: MonitorStore;
  logLag: LogLag;
  onError: (error: unknown) => void;
  now?: () => number;
}): IngestObserver {
  return {
    async ingested(system: SystemEntry, inputs: unknown[], results: IngestResult[], elapsedMs: number): Promise<void> {
      const { accepted, duplicates, rejected, ingestDuration } = instruments();
      const atMs = (deps.now ?? Date.now)();
      const rejections: RejectionRecord[] = [];
      // Counted per distinct label set, then added once each: a batch costs a few counter updates, not one per record.
      const counts = new Map<string, { counter: typeof accepted; labels: Record<string, string>; n: number }>();
      const count = (counter: typeof accepted, kind: string, labels: Record<string, string>) => {
        const key = `${kind}\u0000${labels.record_type}\u0000${labels.code ?? ''}`;
        const entry = counts.get(key);
        if (entry) entry.n += 1;
        else counts.set(key, { counter, labels, n: 1 });
      };
      for (const [i, result] of results.entries()) {
        const recordType = recordTypeOf(inputs[i]);
        if (result.ok) {
          if (result.duplicate) count(duplicates, 'duplicate', { system: system.id, record_type: recordType });
          else {
            count(accepted, 'accepted', { system: system.id, record_type: recordType });
            deps.logLag.appended(result.receipt.eventId, result.receipt.recordId, Date.parse(result.receipt.acceptedAt));
          }
          continue;
        }
        count(rejected, 'rejected', { system: system.id, record_type: recordType, code: result.code });
        if (!GATEWAY_FAULTS.has(result.code))
          rejections.push({
            systemId: system.id,
            atMs,
            code: result.code,
            recordType: recordType === 'unknown' ? null : recordType,
            ...headerOf(inputs[i]),
          });
      }
      for (const { counter, labels, n } of counts.values()) counter.add(n, labels);
      const ok = results.filter((r) => r.ok).length;
      ingestDuration.record(elapsedMs / 1000, {
        system: system.id,
        outcome: ok === results.length ? 'accepted' : ok === 0 ? 'rejected' : 'partial',
      });
      await deps.store.recordRejections(rejections).catch(deps.onError);
    },
  };
}

/** Records a push refused before it reached the pipeline (malformed body, limits), as one rejection. */
export async function recordRefusedPush(store: MonitorStore, systemId: string, code: string, atMs: number): Promise<void> {
  instruments().rejected.add(1, { system: systemId, record_type: 'unknown', code });
  await store.recordRejections([{ systemId, atMs, code, recordType: null, recordId: null, version: null }]);
}
