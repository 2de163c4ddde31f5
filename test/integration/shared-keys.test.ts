/**
 * Keys in the distributed deployment. Each gateway process may have its own receipt signing key
 * (its own data dir), yet GET /v1/keys at any process sharing the PostgreSQL store lists every
 * process's key, so a receipt issued by one verifies with the key set served by another. Without a
 * configured dashboard token key, the processes agree on one kept in the store, so a dashboard
 * token issued by one opens the stream at another.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyReceipt } from '../../gateway/ingest/receipts.ts';
import { asSystem, json, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { databaseUrl, describePostgres, type FreshSchema, freshSchema } from '../support/postgres.ts';
import { headerRecord } from '../support/records.ts';
import { keys } from '../support/registry.ts';

describePostgres('keys shared through PostgreSQL', () => {
  let db: FreshSchema;
  let a: TestGateway;
  let b: TestGateway;

  beforeAll(async () => {
    db = await freshSchema('keys');
    const env = { PXG_STORE: 'postgres', DATABASE_URL: await databaseUrl(), PXG_PG_SCHEMA: db.schema };
    a = await startTestGateway({ env });
    b = await startTestGateway({ env });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  it('verifies a receipt issued by one process with the key set served by another', async () => {
    const res = await a.app.request('/v1/records', {
      method: 'POST',
      body: JSON.stringify(headerRecord()),
      headers: asSystem(keys.fujian),
    });
    expect(res.status).toBe(201);
    const { receipt } = await json(res);
    const atA = await json(await a.app.request('/v1/keys'));
    const atB = await json(await b.app.request('/v1/keys'));
    // Two processes, two keys, each listed by both; each process lists its own first.
    expect(atA.keys).toHaveLength(2);
    expect(new Set(atB.keys.map((k: { kid: string }) => k.kid))).toEqual(new Set(atA.keys.map((k: { kid: string }) => k.kid)));
    expect(atA.keys[0].kid).not.toBe(atB.keys[0].kid);
    expect(atB.keys.every((k: { d?: string }) => k.d === undefined)).toBe(true);
    expect((await verifyReceipt(receipt, atB)).recordId).toBe(receipt.recordId);
    // Without the other process's key, the receipt would not verify.
    await expect(verifyReceipt(receipt, { keys: [atB.keys[0]] })).rejects.toThrow();
  });

  it('accepts at one process a dashboard token issued by another', async () => {
    const session = await a.app.request('/v1/monitor/session', { method: 'POST', headers: asSystem(keys.ministry) });
    expect(session.status).toBe(200);
    const { token } = await json(session);
    const stream = await b.app.request(`/v1/monitor/stream?token=${encodeURIComponent(token)}`);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await stream.body?.cancel();
    const forged = await b.app.request(`/v1/monitor/stream?token=${encodeURIComponent(`${token.split('.')[0]}.AAAA`)}`);
    expect(forged.status).toBe(401);
  });
});
