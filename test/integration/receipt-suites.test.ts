/**
 * Receipts under both cryptographic suites (PXG_CRYPTO_SUITE) in both deployments: the same receipt,
 * proof and signature checks for `ed25519+sha256` and `sm2+sm3`, on the embedded SQLite deployment and
 * on Kafka + PostgreSQL; the published keys name their algorithm; a suite switch keeps earlier receipts
 * verifiable; `pxg receipt verify` checks both.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../gateway/core/envelope.ts';
import { type SuiteId, suiteOf } from '../../gateway/crypto/index.ts';
import { leafHash, rootFromProof } from '../../gateway/ingest/receipt-tree.ts';
import { verifyReceipt } from '../../gateway/ingest/receipts.ts';
import type { Receipt } from '../../gateway/store/port.ts';
import { asSystem, json, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { describeKafka, kafkaBrokers, uniqueTopic } from '../support/kafka.ts';
import { databaseUrl, describePostgres, type FreshSchema, freshSchema } from '../support/postgres.ts';
import { headerRecord } from '../support/records.ts';
import { keys } from '../support/registry.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const SUITES: SuiteId[] = ['ed25519+sha256', 'sm2+sm3'];

/** The receipt checks every suite and deployment must pass. */
function receiptChecks(suiteId: SuiteId, gateway: () => TestGateway) {
  const suite = suiteOf(suiteId);
  const push = async (record: unknown) => {
    const res = await gateway().app.request('/v1/records', {
      method: 'POST',
      body: JSON.stringify(record),
      headers: asSystem(keys.fujian),
    });
    expect(res.status).toBe(201);
    return (await json(res)).receipt as Receipt;
  };
  const keySet = async () => json(await gateway().app.request('/v1/keys'));

  it('publishes its key with alg, crv, kid, use and not-before, and no private part', async () => {
    const { keys: published } = await keySet();
    expect(published[0]).toMatchObject({ alg: suite.signatureAlg, use: 'sig', crv: suiteId === 'sm2+sm3' ? 'SM2' : 'Ed25519' });
    expect(published[0].kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Number.isInteger(published[0].nbf)).toBe(true);
    expect(published.every((k: { d?: string }) => k.d === undefined)).toBe(true);
  });

  it('signs a receipt whose tree head and inclusion proof use the suite hash', async () => {
    const receipt = await push(headerRecord());
    const [header, payload] = receipt.signature.split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toMatchObject({
      alg: suite.signatureAlg,
      typ: 'pxg-receipt-tree+jws',
    });
    const head = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const { signature: _, proof, ...fields } = receipt;
    const path = proof.path.map((h) => Buffer.from(h, 'hex'));
    const leaf = leafHash(canonicalJson(fields), suite.hashAlg);
    expect(rootFromProof(leaf, proof.leafIndex, head.treeSize, path, suite.hashAlg)?.toString('hex')).toBe(head.rootHash);
    expect(await verifyReceipt(receipt, await keySet())).toEqual(fields);
  });

  it('rejects a receipt whose fields, tree head or signature were altered', async () => {
    const receipt = await push(headerRecord());
    const jwks = await keySet();
    await expect(verifyReceipt({ ...receipt, version: 99 }, jwks)).rejects.toThrow(/not in the signed tree/);
    const [header, , sig] = receipt.signature.split('.');
    const forgedHead = Buffer.from(canonicalJson({ rootHash: '0'.repeat(64), treeSize: 1 })).toString('base64url');
    await expect(verifyReceipt({ ...receipt, signature: `${header}.${forgedHead}.${sig}` }, jwks)).rejects.toThrow(/verification failed/);
    const otherKey = suite.signingKey(suite.generateKey()).publicJwk;
    await expect(verifyReceipt(receipt, { keys: [{ ...otherKey, kid: jwks.keys[0].kid }] })).rejects.toThrow(/verification failed/);
  });

  it('shares one signature among a batch, each receipt with its own proof', async () => {
    const records = [headerRecord(), headerRecord(), headerRecord(), headerRecord()];
    const res = await gateway().app.request('/v1/records/batch', {
      method: 'POST',
      body: JSON.stringify(records),
      headers: asSystem(keys.fujian, 'en', { 'content-type': 'application/json' }),
    });
    const receipts = (await json(res)).results.map((r: { receipt: Receipt }) => r.receipt) as Receipt[];
    expect(new Set(receipts.map((r) => r.signature)).size).toBe(1);
    const jwks = await keySet();
    for (const [n, receipt] of receipts.entries()) expect((await verifyReceipt(receipt, jwks)).recordId).toBe(records[n]!.id);
    await expect(verifyReceipt({ ...receipts[0]!, proof: receipts[1]!.proof }, jwks)).rejects.toThrow(/not in the signed tree/);
  });

  it('verifies with `pxg receipt verify` from a key file, and refuses an altered receipt', async () => {
    const receipt = await push(headerRecord());
    const dir = mkdtempSync(join(tmpdir(), 'pxg-receipt-'));
    try {
      writeFileSync(join(dir, 'keys.json'), JSON.stringify(await keySet()));
      writeFileSync(join(dir, 'ok.json'), JSON.stringify({ receipt }));
      writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...receipt, version: receipt.version + 1 }));
      const pxg = (file: string) =>
        spawnSync(process.execPath, ['bin/pxg.js', 'receipt', 'verify', join(dir, file), '--keys', join(dir, 'keys.json')], {
          cwd: root,
          encoding: 'utf8',
        });
      const ok = pxg('ok.json');
      expect(ok.stdout).toContain('receipt verifies');
      expect(ok.status).toBe(0);
      expect(pxg('bad.json').status).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

describe.each(SUITES)('receipts under %s, embedded deployment', (suiteId) => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { PXG_CRYPTO_SUITE: suiteId } });
  });
  afterAll(() => gw?.close());
  receiptChecks(suiteId, () => gw);
});

describeKafka('on Kafka', () => {
  describePostgres('and PostgreSQL', () => {
    describe.each(SUITES)('receipts under %s, distributed deployment', (suiteId) => {
      let db: FreshSchema;
      let gw: TestGateway;
      beforeAll(async () => {
        db = await freshSchema('suites');
        gw = await startTestGateway({
          env: {
            PXG_CRYPTO_SUITE: suiteId,
            PXG_LOG: 'kafka',
            KAFKA_BROKERS: (await kafkaBrokers()).join(','),
            PXG_KAFKA_TOPIC_PREFIX: `${uniqueTopic('pxg-suites')}.`,
            PXG_STORE: 'postgres',
            DATABASE_URL: await databaseUrl(),
            PXG_PG_SCHEMA: db.schema,
            PXG_SECRETS_KEY: 'ab'.repeat(32),
          },
        });
      }, 60_000);
      afterAll(async () => {
        await gw?.close();
        await db?.drop();
      });
      receiptChecks(suiteId, () => gw);
    });
  });
});

describe('switching the suite of a deployment', () => {
  it('keeps receipts signed before the switch verifiable, their key listed as retired', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pxg-switch-'));
    try {
      const before = await startTestGateway({ env: { PXG_DATA_DIR: dataDir, PXG_CRYPTO_SUITE: 'ed25519+sha256' } });
      const res = await before.app.request('/v1/records', {
        method: 'POST',
        body: JSON.stringify(headerRecord()),
        headers: asSystem(keys.fujian),
      });
      const old = (await json(res)).receipt as Receipt;
      await before.close();
      const after = await startTestGateway({ env: { PXG_DATA_DIR: dataDir, PXG_CRYPTO_SUITE: 'sm2+sm3' } });
      try {
        const jwks = await json(await after.app.request('/v1/keys'));
        expect(jwks.keys.map((k: { alg: string }) => k.alg)).toEqual(['SM2-SM3', 'EdDSA']);
        expect(jwks.keys[0].retiredAt).toBeUndefined();
        expect(Date.parse(jwks.keys[1].retiredAt)).toBeGreaterThanOrEqual(jwks.keys[1].nbf * 1000);
        expect((await verifyReceipt(old, jwks)).recordId).toBe(old.recordId);
        const res2 = await after.app.request('/v1/records', {
          method: 'POST',
          body: JSON.stringify(headerRecord()),
          headers: asSystem(keys.fujian),
        });
        const fresh = (await json(res2)).receipt as Receipt;
        expect(JSON.parse(Buffer.from(fresh.signature.split('.')[0]!, 'base64url').toString()).alg).toBe('SM2-SM3');
        expect((await verifyReceipt(fresh, jwks)).recordId).toBe(fresh.recordId);
        // The retired key alone does not verify the new receipt.
        await expect(verifyReceipt(fresh, { keys: [jwks.keys[1]] })).rejects.toThrow();
      } finally {
        await after.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
