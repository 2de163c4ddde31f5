/**
 * A record's path after the log, in one place and in order:
 *
 *   log → projector (gateway/ingest/projector.ts) → journal write (traced)
 *       → monitor's index (log lag, dashboard counts)
 *       → ingest pipeline's process contexts (local copies the journal now holds are forgotten)
 *       → delivery's notifier (feeds and webhook workers of this process wake)
 *
 * The projector writes through the journal this returns; compose.ts wires the steps. Tracing wraps
 * the journal write only: the steps run after it whether or not spans are recorded, so reworking
 * tracing cannot silently stop them. A step that throws fails the batch like a failed write (the
 * log hands it over again; the journal deduplicates, so steps are not told twice of a version).
 */
import type { EventEnvelope } from '../core/index.ts';
import type { JournalEntry, JournalStore } from '../store/index.ts';
import { traceProjection } from '../telemetry/index.ts';

/** The steps after the journal write, each told of every batch this process projects. */
export interface ProjectionSteps {
  /** The monitor: every event id of the batch (new or not) and the entries that were new. */
  monitor: { projected(eventIds: string[], fresh: JournalEntry[]): void };
  /** The ingest pipeline: the versions the journal now holds. */
  ingest: { projected(envelopes: EventEnvelope[]): void };
  /** Delivery's notifier: the highest journal seq written, when the batch added any. */
  notifier: { notify(seq: number): void };
}

/** The journal as the projector writes it: the traced write, then the steps in the order above. */
export function projectionPath(journal: JournalStore, steps: ProjectionSteps): JournalStore {
  const traced = traceProjection(journal);
  const project: JournalStore['project'] = async (events) => {
    const fresh = await traced.project(events);
    steps.monitor.projected(
      events.map((e) => e.envelope.id),
      fresh,
    );
    steps.ingest.projected(events.map((e) => e.envelope));
    const last = fresh.at(-1);
    if (last) steps.notifier.notify(last.seq);
    return fresh;
  };
  return new Proxy(traced, {
    get(target, property, receiver) {
      if (property === 'project') return project;
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
