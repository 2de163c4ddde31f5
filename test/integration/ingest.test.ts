/**
 * Pushing records through the HTTP API into the embedded SQLite log: receipts, idempotency,
 * batches, projection into the journal, compiled state and history.
 */
import { compactVerify, createLocalJWKSet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from '../../gateway/core/envelope.ts';
import type { StandardRecord } from '../../gateway/core/records.ts';
import { leafHash, rootFromProof } from '../../gateway/ingest/receipt-tree.ts';
import { receiptFields, verifyReceipt } from '../../gateway/ingest/receipts.ts';
import type { Receipt } from '../../gateway/store/port.ts';
import { asSystem, json, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { headerRecord } from '../support/records.ts';
import { keys } from '../support/registry.ts';
import { eventually } from '../support/wait.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());

async function push(record: unknown, key: string = keys.fujian) {
  const res = await gw.app.request('/v1/records', { method: 'POST', body: JSON.stringify(record), headers: asSystem(key) });
  return { status: res.status, body: await json(res) };
}

async function logCopies(eventId: string): Promise<number> {
  const { events } = await gw.services.log.read(null, 100_000);
  return events.filter((e) => e.envelope.id === eventId).length;
}

describe('pushing one record', () => {
  it('answers 201 with a receipt naming the record, its version and the sha-256 of its canonical form', async () => {
    const record = headerRecord();
    const { status, body } = await push(record);
    expect(status).toBe(201);
    expect(body.receipt).toMatchObject({ recordId: record.id, version: 1, contentHash: contentHash(record), sourceSystem: 'fj-gpms' });
    expect(body.warnings).toEqual([]);
    const { events } = await gw.services.log.read(null, 100_000);
    const logged = events.find((e) => e.position === body.receipt.logPosition);
    expect(logged?.envelope.data).toEqual(record);
  });

  it('returns the identical receipt on a retry and keeps one copy in the log', async () => {
    const record = headerRecord();
    const first = await push(record);
    const retry = await push(record);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.body.receipt).toEqual(first.body.receipt);
    expect(await logCopies(first.body.receipt.eventId)).toBe(1);
  });

  it('treats a reordering of the same content as the same version (canonical JSON)', async () => {
    const record = headerRecord();
    const first = await push(record);
    const reordered = Object.fromEntries(Object.entries(record).reverse());
    const retry = await push(reordered);
    expect(retry.status).toBe(200);
    expect(retry.body.receipt).toEqual(first.body.receipt);
  });

  it('appends once when the same version is pushed by many clients at the same time', async () => {
    const record = headerRecord();
    const results = await Promise.all(Array.from({ length: 10 }, () => push(record)));
    const receipts = results.map((r) => r.body.receipt);
    expect(new Set(receipts.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(await logCopies(receipts[0].eventId)).toBe(1);
  });

  it('accepts a newer version of a record after an older one', async () => {
    const record = headerRecord();
    expect((await push(record)).status).toBe(201);
    expect((await push({ ...record, version: 2, operation: 'update' })).status).toBe(201);
  });
});

describe('receipts', () => {
  it('carry a signature that verifies with the published key set and covers every receipt field', async () => {
    const { body } = await push(headerRecord());
    const receipt = body.receipt as Receipt;
    const jwksRes = await gw.app.request('/v1/keys');
    expect(jwksRes.status).toBe(200);
    expect(jwksRes.headers.get('content-type')).toBe('application/jwk-set+json');
    const jwks = await json(jwksRes);
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(jwks.keys[0].d).toBeUndefined();
    const { payload, protectedHeader } = await compactVerify(receipt.signature, createLocalJWKSet(jwks));
    expect(protectedHeader).toMatchObject({ alg: 'EdDSA', kid: jwks.keys[0].kid, typ: 'pxg-receipt-tree+jws' });
    const head = JSON.parse(new TextDecoder().decode(payload));
    const { signature: _, proof, ...fields } = receipt;
    // The signed tree head commits to these exact fields through the inclusion proof.
    const root = rootFromProof(
      leafHash(canonicalJson(fields)),
      proof.leafIndex,
      head.treeSize,
      proof.path.map((h) => Buffer.from(h, 'hex')),
    );
    expect(root?.toString('hex')).toBe(head.rootHash);
    expect(await verifyReceipt(receipt, jwks)).toEqual(fields);
  });

  it('do not verify once a field is altered', async () => {
    const { body } = await push(headerRecord());
    const jwks = await json(await gw.app.request('/v1/keys'));
    await expect(verifyReceipt({ ...body.receipt, version: 99 }, jwks)).rejects.toThrow(/not in the signed tree/);
    await expect(verifyReceipt({ ...body.receipt, acceptedAt: new Date(0).toISOString() }, jwks)).rejects.toThrow(/not in the signed tree/);
    const [header, , sig] = (body.receipt.signature as string).split('.');
    const forgedHead = Buffer.from(canonicalJson({ rootHash: '0'.repeat(64), treeSize: 1 })).toString('base64url');
    await expect(verifyReceipt({ ...body.receipt, signature: `${header}.${forgedHead}.${sig}` }, jwks)).rejects.toThrow();
  });

  it('share one signature among the records of a batch, each with its own inclusion proof', async () => {
    const records = [headerRecord(), headerRecord(), headerRecord(), headerRecord(), headerRecord()];
    const res = await gw.app.request('/v1/records/batch', {
      method: 'POST',
      body: JSON.stringify(records),
      headers: asSystem(keys.fujian, 'en', { 'content-type': 'application/json' }),
    });
    const body = await json(res);
    const receipts = body.results.map((r: { receipt: Receipt }) => r.receipt) as Receipt[];
    expect(new Set(receipts.map((r) => r.signature)).size).toBe(1);
    expect(receipts.map((r) => r.proof.leafIndex)).toEqual([0, 1, 2, 3, 4]);
    const jwks = await json(await gw.app.request('/v1/keys'));
    for (const [n, receipt] of receipts.entries()) expect((await verifyReceipt(receipt, jwks)).recordId).toBe(records[n]!.id);
    // A proof belongs to its leaf: another receipt's proof does not verify these fields.
    await expect(verifyReceipt({ ...receipts[0]!, proof: receipts[1]!.proof }, jwks)).rejects.toThrow(/not in the signed tree/);
  });
});

describe('batches', () => {
  async function batch(body: string, contentType: string, extra: Record<string, string> = {}) {
    const res = await gw.app.request('/v1/records/batch', {
      method: 'POST',
      body,
      headers: asSystem(keys.fujian, 'en', { 'content-type': contentType, ...extra }),
    });
    return { status: res.status, headers: res.headers, body: await json(res) };
  }

  it('answers a JSON array with one result per record, in order', async () => {
    const ok = headerRecord();
    const invalid = headerRecord({ regionCode: 'xx' });
    const foreignArea = headerRecord({ regionCode: '110101' });
    const { status, body } = await batch(JSON.stringify([ok, invalid, foreignArea, ok]), 'application/json');
    expect(status).toBe(200);
    expect(body.results.map((r: { index: number; status: number }) => [r.index, r.status])).toEqual([
      [0, 201],
      [1, 422],
      [2, 403],
      [3, 200],
    ]);
    expect(body.results[3].receipt).toEqual(body.results[0].receipt);
    expect(body.results[1].problem).toMatchObject({
      code: 'record_invalid',
      errors: [{ pointer: '/regionCode', keyword: 'header', message: 'Field regionCode is missing or invalid' }],
    });
    expect({ accepted: body.accepted, duplicates: body.duplicates, rejected: body.rejected }).toEqual({
      accepted: 1,
      duplicates: 1,
      rejected: 2,
    });
    expect(await logCopies(body.results[0].receipt.eventId)).toBe(1);
  });

  it('reads NDJSON, reporting a malformed line without failing the others', async () => {
    const a = headerRecord();
    const b = headerRecord();
    const { status, body } = await batch(`${JSON.stringify(a)}\n{"broken": \n\n${JSON.stringify(b)}\n`, 'application/x-ndjson');
    expect(status).toBe(200);
    expect(body.results.map((r: { status: number }) => r.status)).toEqual([201, 400, 201]);
    expect(body.results[1].problem.code).toBe('malformed_request');
  });

  it('appends versions of one record in the order given', async () => {
    const v1 = headerRecord();
    const v2 = { ...v1, version: 2, operation: 'update' };
    const { body } = await batch(JSON.stringify([v1, v2]), 'application/json');
    expect(body.results.map((r: { status: number }) => r.status)).toEqual([201, 201]);
    expect(Number(body.results[0].receipt.logPosition)).toBeLessThan(Number(body.results[1].receipt.logPosition));
  });

  it('replays the stored response for a repeated Idempotency-Key', async () => {
    const text = JSON.stringify([headerRecord(), headerRecord()]);
    const first = await batch(text, 'application/json', { 'idempotency-key': 'replay-1' });
    const again = await batch(text, 'application/json', { 'idempotency-key': 'replay-1' });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(first.body.accepted).toBe(2);
  });
});

describe('projection, compiled state and history', () => {
  it('projects accepted records into the journal and serves the process and its versions', async () => {
    const v1 = headerRecord({ regionCode: '350102' });
    const other = headerRecord({ processKey: v1.ocid, regionCode: '350102' });
    const v2: StandardRecord = { ...v1, version: 2, operation: 'update', title: 'v2' };
    for (const r of [v1, other, v2]) expect((await push(r)).status).toBe(201);
    await eventually(async () => (await gw.services.stores.journal.recordVersions(v1.id)).length === 2, 10_000, 'projection');

    const state = await gw.app.request(`/v1/records/${v1.ocid}`, { headers: asSystem(keys.platform) });
    expect(state.status).toBe(200);
    const compiled = await json(state);
    expect(JSON.stringify(compiled)).toContain('"title":"v2"');

    const history = await gw.app.request(`/v1/records/${v1.ocid}/history`, { headers: asSystem(keys.platform) });
    expect(history.status).toBe(200);
    const { processKey, versions } = await json(history);
    expect(processKey).toBe(v1.ocid);
    expect(versions.map((v: { recordId: string; version: number }) => [v.recordId, v.version])).toEqual([
      [v1.id, 1],
      [other.id, 1],
      [v1.id, 2],
    ]);

    const byRecordId = await gw.app.request(`/v1/records/${v1.id}/history`, { headers: asSystem(keys.ministry) });
    expect((await json(byRecordId)).processKey).toBe(v1.ocid);
  });

  it('hides a process from a system not entitled to its area', async () => {
    const xiamen = headerRecord({ regionCode: '350203' });
    expect((await push(xiamen)).status).toBe(201);
    await eventually(async () => (await gw.services.stores.journal.recordVersions(xiamen.id)).length === 1, 10_000, 'projection');
    expect((await gw.app.request(`/v1/records/${xiamen.ocid}`, { headers: asSystem(keys.fuzhou) })).status).toBe(404);
    expect((await gw.app.request(`/v1/records/${xiamen.ocid}`, { headers: asSystem(keys.platform) })).status).toBe(200);
  });

  it('answers with the receipt stored first when another confirmation of the same version won the race', async () => {
    const store = gw.services.stores.ingest;
    const original = store.confirmMany.bind(store);
    const record = headerRecord();
    let competing: Receipt | undefined;
    store.confirmMany = async (receipts) => {
      if (!receipts.some((r) => r.recordId === record.id)) return original(receipts);
      store.confirmMany = original;
      // Another confirmation (another process's projector, say) is stored first, in a tree of its own.
      const fields = receipts.map(({ proof: _proof, signature: _signature, ...f }) => f);
      [competing] = gw.services.signer.signNow([...fields, { ...fields[0]!, recordId: `${fields[0]!.recordId}-other` }]);
      await original([competing!]);
      return original(receipts);
    };
    const first = await push(record);
    expect(first.status).toBe(201);
    expect(competing).toBeDefined();
    expect(first.body.receipt).toEqual(competing);
    expect(await store.receipt(record.id, 1)).toEqual(competing);
    const retry = await push(record);
    expect(retry.body.receipt).toEqual(first.body.receipt);
  });

  it('confirms the receipt of a logged version whose confirmation was lost', async () => {
    const { services } = gw;
    const record = headerRecord();
    const { envelopeFor } = await import('../../gateway/core/envelope.ts');
    const envelope = envelopeFor(record, 'fj-gpms', 'urn:test', new Date());
    const [position] = await services.log.append([envelope]);
    const receipt = await eventually(() => services.stores.ingest.receipt(record.id, 1), 10_000, 'receipt');
    expect(await verifyReceipt(receipt, services.signer.jwks())).toEqual(receiptFields(envelope, position!));
    const retry = await push(record);
    expect(retry.status).toBe(200);
    expect(retry.body.receipt).toEqual(receipt);
  });
});
