/**
 * The batch route end to end (parse, validate, claim, append to the log, store the answer) does
 * work linear in the batch: counted at 1× and 10× records (test/hostile/work-meter.ts), not timed.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TestGateway } from '../support/gateway.ts';
import { asSystem, startTestGateway } from '../support/gateway.ts';
import { tenderNotice } from '../support/records.ts';
import { keys } from '../support/registry.ts';
import { countWorkAsync } from './work-meter.ts';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway({ env: { PORT: '0', PXG_MAX_BATCH_BYTES: String(64 * 1024 * 1024) } });
});
afterAll(async () => {
  await gw?.close();
});

async function batch(n: number, contentType: string): Promise<number> {
  const records = Array.from({ length: n }, () => JSON.stringify(tenderNotice()));
  const body = contentType.includes('ndjson') ? records.join('\n') : `[${records.join(',')}]`;
  const { result, work } = await countWorkAsync(async () => {
    const res = await gw.app.request('/v1/records/batch', {
      method: 'POST',
      headers: { ...asSystem(keys.fujian), 'content-type': contentType, 'idempotency-key': `linear-${n}-${contentType}` },
      body,
    });
    return { status: res.status, accepted: ((await res.json()) as { accepted: number }).accepted };
  });
  expect(result).toEqual({ status: 200, accepted: n });
  return work;
}

for (const contentType of ['application/json', 'application/x-ndjson']) {
  it(`ingests a ${contentType} batch with work linear in its records`, async () => {
    await batch(5, contentType);
    const one = await batch(40, contentType);
    const ten = await batch(400, contentType);
    expect(ten / one, `${one} → ${ten} units`).toBeLessThanOrEqual(12);
  }, 60_000);
}
