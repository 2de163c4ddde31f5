/**
 * Telemetry as `pxg serve` runs it without a span exporter: nothing is recorded (per-record spans
 * are skipped), yet the trace context still flows: a record pushed with a caller's `traceparent`
 * is logged with that trace id, and metrics are still counted.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Telemetry } from '../../gateway/telemetry/port.ts';
import { startTelemetry } from '../../gateway/telemetry/sdk.ts';
import { spansRecorded } from '../../gateway/telemetry/tracing.ts';
import { asSystem, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { headerRecord } from '../support/records.ts';
import { keys } from '../support/registry.ts';

let telemetry: Telemetry;
let gw: TestGateway;

beforeAll(async () => {
  telemetry = startTelemetry();
  gw = await startTestGateway({ overrides: { telemetry } });
});

afterAll(async () => {
  await gw?.close();
  await telemetry?.shutdown();
});

it('records no spans without an exporter, and says so until it shuts down', () => {
  expect(spansRecorded()).toBe(false);
});

it('still continues the caller trace into the logged envelope', async () => {
  const callerTraceId = '0af7651916cd43dd8448eb211c80319c';
  const record = headerRecord();
  const res = await gw.app.request('/v1/records', {
    method: 'POST',
    body: JSON.stringify(record),
    headers: { ...asSystem(keys.fujian), traceparent: `00-${callerTraceId}-b7ad6b7169203331-01` },
  });
  expect(res.status).toBe(201);
  const { events } = await gw.services.log.read(null, 10_000);
  const logged = events.find((e) => e.envelope.subject === record.id);
  expect(logged?.envelope.traceparent).toMatch(new RegExp(`^00-${callerTraceId}-[0-9a-f]{16}-0[01]$`));
  expect(logged?.envelope.traceparent).not.toContain('b7ad6b7169203331');
});

it('counts pushes in /metrics even when no span is recorded', async () => {
  const metrics = await (await gw.app.request('/metrics')).text();
  expect(metrics).toMatch(/^pxg_ingest_accepted_total\{[^}]*\} [1-9]/m);
  // The projector's backlog over the whole log: the push above is projected, or about to be.
  expect(metrics).toMatch(/^pxg_log_backlog_events(\{[^}]*\})? [01]$/m);
});
