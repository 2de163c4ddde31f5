/**
 * Ingest with the real data standard: compliance rules see the process context, including
 * records accepted a moment ago that the journal has not caught up with yet.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createStandard } from '../../gateway/standard/index.ts';
import { asSystem, json, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { exampleOf, order, recordFrom, tenderNotice } from '../support/records.ts';
import { keys } from '../support/registry.ts';
import { eventually } from '../support/wait.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ overrides: { standard: createStandard() } });
  // Hold the journal back, as a busy projector would: context must come from what was just appended.
  await gw.services.projector.close();
});
afterAll(() => gw.close());

/** An order and its confirmation (订单确认), as one process. */
function orderAndConfirmation() {
  const placed = order();
  const confirmation = recordFrom(exampleOf('transaction', 'confirmation'), { processKey: placed.transactionId! });
  return { placed, confirmation };
}

async function push(record: unknown) {
  const res = await gw.app.request('/v1/records', { method: 'POST', body: JSON.stringify(record), headers: asSystem(keys.fujian) });
  return { status: res.status, body: await json(res) };
}

it('accepts an example tender notice, varied in id and ocid', async () => {
  expect((await push(tenderNotice())).status).toBe(201);
});

it('refuses an order confirmation whose order was never pushed (parent before child)', async () => {
  const { confirmation } = orderAndConfirmation();
  const res = await push(confirmation);
  expect(res.status).toBe(422);
  expect(res.body.errors.map((e: { keyword: string }) => e.keyword)).toContain('PX-R016');
});

it('accepts a confirmation pushed right after its order, before the journal has it', async () => {
  const { placed, confirmation } = orderAndConfirmation();
  expect((await push(placed)).status).toBe(201);
  const res = await push(confirmation);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
});

it('accepts an order and its confirmation in one batch', async () => {
  const { placed, confirmation } = orderAndConfirmation();
  const res = await gw.app.request('/v1/records/batch', {
    method: 'POST',
    body: JSON.stringify([placed, confirmation]),
    headers: asSystem(keys.fujian),
  });
  const body = await json(res);
  expect(
    body.results.map((r: { status: number }) => r.status),
    JSON.stringify(body),
  ).toEqual([201, 201]);
});

it('forgets the local copies once the projector has written them to the journal, which then gives the context', async () => {
  const { placed, confirmation } = orderAndConfirmation();
  expect((await push(placed)).status).toBe(201);
  expect(gw.services.ingest.unprojectedProcesses).toBeGreaterThan(0);
  await gw.services.projector.start();
  await eventually(async () => gw.services.ingest.unprojectedProcesses === 0, 10_000, 'the local copies to be forgotten');
  const res = await push(confirmation);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
});
