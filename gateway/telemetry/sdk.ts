/**
 * The OpenTelemetry SDK wiring, used only by entry points (`pxg serve`) and tests: a tracer
 * provider (spans exported where configured), a meter provider read by a Prometheus exposition
 * (pull, on GET /metrics, no extra port), the W3C trace-context propagator and, when spans are
 * recorded, an AsyncLocalStorage context manager, all registered with the global `@opentelemetry/api`.
 * With nothing recorded no context manager is registered: on Node 20 AsyncLocalStorage runs on
 * async hooks, a cost on every promise of every request (a few per cent of a single-record push),
 * while the trace context the envelopes carry is passed explicitly (gateway/telemetry/http.ts).
 */
import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import {
  AlwaysOffSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { Telemetry } from './port.ts';
import { setSpansRecorded } from './tracing.ts';

/** How to start the SDK. */
export interface TelemetryOptions {
  serviceName?: string;
  serviceVersion?: string;
  /**
   * Where finished spans go. Tests pass an InMemorySpanExporter (exported synchronously);
   * `'console'` writes them as JSON to stderr; absent: nothing is recorded (an always-off sampler:
   * spans are non-recording, so attributes cost nothing), yet trace context is still created and
   * propagated, so envelopes and webhooks carry a `traceparent` and a caller's trace id continues.
   */
  spanExporter?: SpanExporter | 'console';
}

let running: Telemetry | null = null;

/** Starts the SDK once per process and registers it globally; later calls return the running one. */
export function startTelemetry(options: TelemetryOptions = {}): Telemetry {
  if (running) return running;
  const resource = resourceFromAttributes({
    [ATTR_SERVICE_NAME]: options.serviceName ?? 'procurement-exchange',
    [ATTR_SERVICE_VERSION]: options.serviceVersion ?? '0.1.0',
  });
  const spanProcessors: SpanProcessor[] = [];
  if (options.spanExporter === 'console') spanProcessors.push(new BatchSpanProcessor(new ConsoleSpanExporter()));
  else if (options.spanExporter) spanProcessors.push(new SimpleSpanProcessor(options.spanExporter));
  const recording = spanProcessors.length > 0;
  const tracerProvider = new BasicTracerProvider({ resource, spanProcessors, ...(recording ? {} : { sampler: new AlwaysOffSampler() }) });
  setSpansRecorded(recording);

  const reader = new PrometheusExporter({ preventServerStart: true, withoutScopeInfo: true });
  const meterProvider = new MeterProvider({ resource, readers: [reader] });
  const serializer = new PrometheusSerializer(undefined, false, undefined, false, true);

  if (recording) context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);

  const telemetry: Telemetry = {
    metrics: {
      render: async () => {
        const { resourceMetrics } = await reader.collect();
        return serializer.serialize(resourceMetrics);
      },
    },
    shutdown: async () => {
      if (running !== telemetry) return;
      running = null;
      setSpansRecorded(true);
      await Promise.allSettled([tracerProvider.shutdown(), meterProvider.shutdown()]);
      trace.disable();
      metrics.disable();
      propagation.disable();
      context.disable();
    },
  };
  running = telemetry;
  return telemetry;
}

/** The telemetry started in this process, if any. */
export function runningTelemetry(): Telemetry | null {
  return running;
}
