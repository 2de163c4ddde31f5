/**
 * Telemetry end to end, in one gateway process over the embedded log and store: a record's
 * journey from push to webhook is one trace (request, validation, log append, projection,
 * delivery, and the subscriber receives the delivery span's traceparent), and GET /metrics is a
 * valid Prometheus exposition whose counters match what was pushed.
 */
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Telemetry } from '../../gateway/telemetry/port.ts';
import { startTelemetry } from '../../gateway/telemetry/sdk.ts';
import { asSystem, json, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { headerRecord } from '../support/records.ts';
import { keys, testRegistry } from '../support/registry.ts';
import { eventually } from '../support/wait.ts';
import { Endpoint } from './webhook.support.ts';

const SECRET = 'whsec_dGVsZW1ldHJ5LXRlc3Qtc2VjcmV0LTAxMjM0NTY3';

let exporter: InMemorySpanExporter;
let telemetry: Telemetry;
let endpoint: Endpoint;
let gw: TestGateway;

beforeAll(async () => {
  exporter = new InMemorySpanExporter();
  telemetry = startTelemetry({ spanExporter: exporter });
  endpoint = await new Endpoint(() => [SECRET]).start();
  gw = await startTestGateway({
    registry: {
      ...testRegistry(),
      subscriptions: [
        {
          id: 'platform-hooks',
          system: 'ggzy-fj',
          mode: 'webhook',
          format: 'cloudevents',
          webhook: { url: endpoint.url, secrets: [{ secret: SECRET }] },
        },
      ],
      delivery: { allowTargets: ['127.0.0.1'], pollMs: 50 },
    },
    overrides: { telemetry },
  });
});

afterAll(async () => {
  await gw?.close();
  await endpoint?.close();
  await telemetry?.shutdown();
});

function push(record: unknown, key: string = keys.fujian, headers: Record<string, string> = {}) {
  return gw.app.request('/v1/records', { method: 'POST', body: JSON.stringify(record), headers: { ...asSystem(key), ...headers } });
}

const spanId = (s: ReadableSpan) => s.spanContext().spanId;
const parentId = (s: ReadableSpan) => s.parentSpanContext?.spanId;

describe('tracing', () => {
  it('follows one record from push to webhook delivery as a single trace', async () => {
    const callerTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const record = headerRecord();
    const res = await push(record, keys.fujian, { traceparent: `00-${callerTraceId}-00f067aa0ba902b7-01` });
    expect(res.status).toBe(201);

    const delivered = await eventually(
      async () => endpoint.accepted().find((r) => JSON.parse(r.body).subject === record.id),
      10_000,
      'the webhook delivery',
    );
    const deliver = await eventually(
      async () => exporter.getFinishedSpans().find((s) => s.name === 'pxg.deliver' && s.attributes['pxg.record.id'] === record.id),
      5_000,
      'the delivery span',
    );
    const trace = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === callerTraceId);
    const byName = (name: string) => trace.filter((s) => s.name === name);

    // The request continues the caller's trace; validation and the log append are inside it.
    const [request] = byName('POST /v1/records');
    expect(request).toBeDefined();
    expect(parentId(request!)).toBe('00f067aa0ba902b7');
    const validate = byName('pxg.validate').find((s) => s.attributes['pxg.record.id'] === record.id);
    expect(validate && parentId(validate)).toBe(spanId(request!));
    const append = byName('pxg.log.append').find((s) => (s.attributes['pxg.record.ids'] as string[]).includes(record.id));
    expect(append && parentId(append)).toBe(spanId(request!));

    // The projector and the webhook worker continue it from the envelope's traceparent.
    const project = byName('pxg.project').find(
      (s) => s.attributes['pxg.record.id'] === record.id && s.attributes['pxg.duplicate'] === false,
    );
    expect(project && parentId(project)).toBe(spanId(request!));
    expect(deliver.spanContext().traceId).toBe(callerTraceId);
    expect(parentId(deliver)).toBe(spanId(request!));
    expect(deliver.attributes['pxg.subscription.id']).toBe('platform-hooks');

    // The subscriber can continue the same trace from the delivery span.
    expect(delivered.headers.traceparent).toBe(`00-${callerTraceId}-${spanId(deliver)}-01`);
    // The CloudEvent itself still names the span that accepted the record.
    expect(JSON.parse(delivered.body).traceparent).toBe(`00-${callerTraceId}-${spanId(request!)}-01`);
  });

  it('starts a new trace for a push without traceparent and still carries it to the subscriber', async () => {
    const record = headerRecord();
    expect((await push(record)).status).toBe(201);
    const delivered = await eventually(
      async () => endpoint.accepted().find((r) => JSON.parse(r.body).subject === record.id),
      10_000,
      'the webhook delivery',
    );
    const traceId = String(delivered.headers.traceparent).split('-')[1];
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    const namesInTrace = () =>
      exporter
        .getFinishedSpans()
        .filter((s) => s.spanContext().traceId === traceId)
        .map((s) => s.name);
    // The delivery span ends once the response is back, just after the endpoint saw the request.
    await eventually(async () => namesInTrace().includes('pxg.deliver'), 5_000, 'the delivery span');
    expect(namesInTrace()).toEqual(
      expect.arrayContaining(['POST /v1/records', 'pxg.validate', 'pxg.log.append', 'pxg.project', 'pxg.deliver']),
    );
  });
});

/** One sample of an exposition. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * A strict parser of the Prometheus text format 0.0.4: every line is a HELP or TYPE comment, a
 * sample `name{label="value",…} value [timestamp]`, or empty; every sample belongs to a declared
 * family of a known type (histograms: `_bucket` with `le`, `_sum`, `_count`; counters end in `_total`).
 * Throws on the first violation.
 */
function parseExposition(text: string): Sample[] {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
  const sampleLine = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)(?: (-?\\d+))?$`);
  const labelPair = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\["\\n])*)"(?:,|$)/;
  if (text.length > 0 && !text.endsWith('\n')) throw new Error('exposition must end with a newline');
  for (const [n, line] of text.split('\n').entries()) {
    if (line === '') continue;
    const meta = new RegExp(`^# (HELP|TYPE) (${NAME})(?: (.*))?$`).exec(line);
    if (meta) {
      if (meta[1] === 'TYPE') {
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(meta[3] ?? ''))
          throw new Error(`line ${n + 1}: bad type ${meta[3]}`);
        if (types.has(meta[2]!)) throw new Error(`line ${n + 1}: family ${meta[2]} declared twice`);
        types.set(meta[2]!, meta[3]!);
      }
      continue;
    }
    if (line.startsWith('#')) continue;
    const m = sampleLine.exec(line);
    if (!m) throw new Error(`line ${n + 1}: not a sample: ${line}`);
    const labels: Record<string, string> = {};
    let rest = m[2] ?? '';
    while (rest.length > 0) {
      const pair = labelPair.exec(rest);
      if (!pair) throw new Error(`line ${n + 1}: bad labels: ${m[2]}`);
      labels[pair[1]!] = pair[2]!.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
      rest = rest.slice(pair[0].length);
    }
    const value = m[3] === '+Inf' ? Number.POSITIVE_INFINITY : m[3] === '-Inf' ? Number.NEGATIVE_INFINITY : Number(m[3]);
    if (Number.isNaN(value) && m[3] !== 'NaN') throw new Error(`line ${n + 1}: bad value ${m[3]}`);
    const name = m[1]!;
    const family = [name, name.replace(/_(bucket|sum|count)$/, ''), name.replace(/_total$/, '')].find((f) => types.has(f));
    if (!family) throw new Error(`line ${n + 1}: sample ${name} has no TYPE`);
    const type = types.get(family)!;
    if (type === 'histogram' && name.endsWith('_bucket') && labels.le === undefined) throw new Error(`line ${n + 1}: bucket without le`);
    samples.push({ name, labels, value });
  }
  return samples;
}

function sampleSum(samples: Sample[], name: string, labels: Record<string, string>): number {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return found.reduce((sum, s) => sum + s.value, 0);
}

describe('GET /metrics', () => {
  it('is a valid Prometheus exposition whose counters match what was pushed', async () => {
    const before = parseExposition(await (await gw.app.request('/metrics')).text());
    const accepted = (labels: Record<string, string>, samples: Sample[]) => sampleSum(samples, 'pxg_ingest_accepted_total', labels);
    const rejected = (labels: Record<string, string>, samples: Sample[]) => sampleSum(samples, 'pxg_ingest_rejected_total', labels);

    for (let i = 0; i < 3; i++) expect((await push(headerRecord())).status).toBe(201);
    expect((await push(headerRecord({ recordType: 'transaction' }))).status).toBe(201);
    const duplicate = headerRecord();
    expect((await push(duplicate)).status).toBe(201);
    expect((await push(duplicate)).status).toBe(200);
    expect((await push(headerRecord({ regionCode: '35' }))).status).toBe(422);
    expect((await push(headerRecord({ regionCode: '35' }))).status).toBe(422);
    expect((await push(headerRecord({ regionCode: '350200' }), keys.fuzhou)).status).toBe(403);

    const res = await gw.app.request('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const after = parseExposition(await res.text());

    const delta = (f: typeof accepted, labels: Record<string, string>) => f(labels, after) - f(labels, before);
    expect(delta(accepted, { system: 'fj-gpms', record_type: 'notice' })).toBe(4);
    expect(delta(accepted, { system: 'fj-gpms', record_type: 'transaction' })).toBe(1);
    expect(
      sampleSum(after, 'pxg_ingest_duplicates_total', { system: 'fj-gpms' }) -
        sampleSum(before, 'pxg_ingest_duplicates_total', { system: 'fj-gpms' }),
    ).toBe(1);
    expect(delta(rejected, { system: 'fj-gpms', record_type: 'notice', code: 'record_invalid' })).toBe(2);
    expect(delta(rejected, { system: 'fz-gpms', record_type: 'notice', code: 'publish_not_allowed' })).toBe(1);

    // Latency histograms: one observation per push, with cumulative buckets ending in +Inf.
    const count =
      sampleSum(after, 'pxg_ingest_duration_seconds_count', { system: 'fj-gpms' }) -
      sampleSum(before, 'pxg_ingest_duration_seconds_count', { system: 'fj-gpms' });
    expect(count).toBe(8);
    const inf = after.filter((s) => s.name === 'pxg_ingest_duration_seconds_bucket' && s.labels.le === '+Inf');
    expect(inf.length).toBeGreaterThan(0);

    // Gauges of the subscriptions are exposed too.
    expect(after.some((s) => s.name === 'pxg_subscription_lag_events' && s.labels.subscription === 'platform-hooks')).toBe(true);
    expect(sampleSum(after, 'pxg_endpoint_state', { subscription: 'platform-hooks', state: 'active' })).toBe(1);
  });

  it('rejects a malformed exposition in the strict parser', () => {
    expect(() => parseExposition('# TYPE x counter\nx_total{a="1" 3\n')).toThrow(/bad labels|not a sample/);
    expect(() => parseExposition('y 1\n')).toThrow(/no TYPE/);
  });
});

describe('GET /readyz', () => {
  it('answers ready when the log, the store and the signing key are there', async () => {
    const res = await gw.app.request('/readyz');
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ status: 'ready', checks: { log: true, store: true, signingKey: true } });
  });
});
