/**
 * Port decorators the composition root wraps around the real implementations, so the domain
 * code stays free of tracing: a span per record validation, per log append, and per projected
 * event (continued from the envelope's `traceparent`, so the projection joins the record's trace).
 */
import { context, SpanKind, trace } from '@opentelemetry/api';
import type { EventEnvelope } from '../core/index.ts';
import type { RecordLog } from '../log/index.ts';
import type { Standard } from '../standard/index.ts';
import type { JournalStore } from '../store/index.ts';
import { instruments } from './instruments.ts';
import { contextFrom, envelopeAttributes, failSpan, inSpan, spansRecorded, tracer } from './tracing.ts';

/** The standard, with one `pxg.validate` span per record (its other members untouched). */
export function traceStandard(standard: Standard): Standard {
  const validate: Standard['validate'] = (input, ctx) => {
    // Nothing is recorded: no span per record.
    if (!spansRecorded()) return standard.validate(input, ctx);
    const span = tracer().startSpan('pxg.validate');
    try {
      const result = context.with(trace.setSpan(context.active(), span), () => standard.validate(input, ctx));
      span.setAttribute('pxg.valid', result.ok);
      if (result.ok)
        span.setAttributes({
          'pxg.record.id': result.record.id,
          'pxg.record.version': result.record.version,
          'pxg.record.type': result.record.recordType,
        });
      return result;
    } finally {
      span.end();
    }
  };
  return intercept(standard, 'validate', validate);
}

/** A proxy answering `property` with `replacement` and everything else from `target` (methods bound to it). */
function intercept<T extends object>(target: T, property: keyof T, replacement: unknown): T {
  return new Proxy(target, {
    get(t, p, receiver) {
      if (p === property) return replacement;
      const value = Reflect.get(t, p, receiver);
      return typeof value === 'function' ? value.bind(t) : value;
    },
  });
}

/** The record log, with a `pxg.log.append` span per append (its other methods untouched). */
export function traceLog(log: RecordLog): RecordLog {
  const append = (events: EventEnvelope[]) =>
    !spansRecorded()
      ? log.append(events)
      : inSpan(
          'pxg.log.append',
          { kind: SpanKind.PRODUCER, attributes: { 'pxg.events': events.length, 'pxg.record.ids': events.map((e) => e.subject) } },
          () => log.append(events),
        );
  return intercept(log, 'append', append);
}

/**
 * The journal write of the projector: one `pxg.project` span per event, child of the span that
 * accepted it, and the projection delay measured. Only the write: what follows it is the projection
 * path's (gateway/ingest/projection-path.ts).
 */
export function traceProjection(journal: JournalStore): JournalStore {
  const project: JournalStore['project'] = async (events) => {
    // Nothing recorded in this process: no span per event (the projection delay is still measured).
    const spans = spansRecorded()
      ? events.map((e) =>
          tracer().startSpan(
            'pxg.project',
            { kind: SpanKind.CONSUMER, attributes: { ...envelopeAttributes(e.envelope), 'pxg.log.position': e.logPosition } },
            contextFrom(e.envelope.traceparent),
          ),
        )
      : [];
    try {
      const fresh = await journal.project(events);
      if (spans.length > 0) {
        const seqs = new Map(fresh.map((f) => [f.envelope.id, f.seq]));
        for (const [n, span] of spans.entries()) {
          const seq = seqs.get(events[n]!.envelope.id);
          span.setAttribute('pxg.duplicate', seq === undefined);
          if (seq !== undefined) span.setAttribute('pxg.journal.seq', seq);
        }
      }
      const now = Date.now();
      for (const entry of fresh) instruments().projectionDelay.record(Math.max(0, now - Date.parse(entry.envelope.time)) / 1000);
      return fresh;
    } catch (error) {
      for (const span of spans) failSpan(span, error);
      throw error;
    } finally {
      for (const span of spans) span.end();
    }
  };
  return intercept(journal, 'project', project);
}
