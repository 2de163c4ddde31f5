/**
 * Reconciliation (对账) through the HTTP API, on the embedded store and on PostgreSQL: a system
 * submits the manifest of what it meant to push on a day and gets back exactly the versions the
 * gateway lacks (missing), has without them being listed (extra) and holds with another content
 * hash (mismatched); a subscriber compares what it received with what it was sent.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash, type EventEnvelope } from '../../gateway/core/envelope.ts';
import type { StandardRecord } from '../../gateway/core/records.ts';
import { shanghaiDay } from '../../gateway/monitor/time.ts';
import { asSystem, json, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { databaseUrl, describePostgres } from '../support/postgres.ts';
import { headerRecord } from '../support/records.ts';
import { keys, testRegistry } from '../support/registry.ts';
import { uniqueSuffix } from '../support/services.ts';
import { eventually } from '../support/wait.ts';
import { Endpoint } from './webhook.support.ts';

const SECRET = 'whsec_cmVjb25jaWxpYXRpb24tdGVzdC1zZWNyZXQtMDE=';

/** The documented digest, computed independently: sha-256 of the sorted lines, as `LC_ALL=C sort | sha256sum` would. */
function digestOf(entries: { recordId: string; version: number; contentHash: string }[]): string {
  const lines = entries
    .map((e) => `${e.recordId}\t${e.version}\t${e.contentHash}\n`)
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return createHash('sha256').update(lines.join('')).digest('hex');
}

const entry = (r: StandardRecord) => ({ recordId: r.id, version: r.version, contentHash: contentHash(r) });
const byId = (a: { recordId: string; version: number }, b: { recordId: string; version: number }) =>
  a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : a.version - b.version;

function reconciliationSuite(env: () => Promise<Record<string, string>>, cleanUp: () => Promise<void> = async () => {}) {
  let gw: TestGateway;
  let endpoint: Endpoint;
  let pushed: StandardRecord[];
  let withheld: StandardRecord[];
  let foreign: StandardRecord;
  let day: string;

  const call = (method: 'GET' | 'POST', path: string, key: string, body?: unknown) =>
    gw.app.request(path, { method, headers: asSystem(key), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

  beforeAll(async () => {
    endpoint = await new Endpoint(() => [SECRET]).start();
    gw = await startTestGateway({
      env: await env(),
      registry: {
        ...testRegistry(),
        subscriptions: [
          {
            id: 'recon-hooks',
            system: 'ggzy-fj',
            mode: 'webhook',
            format: 'cloudevents',
            webhook: { url: endpoint.url, secrets: [{ secret: SECRET }] },
          },
        ],
        delivery: { allowTargets: ['127.0.0.1'], pollMs: 50 },
      },
    });
    const all = Array.from({ length: 8 }, (_, i) => headerRecord({ version: 1 + (i % 2) }));
    withheld = [all[2]!, all[5]!];
    pushed = all.filter((r) => !withheld.includes(r));
    // A second version of one record, and one record from another system that must not show up.
    pushed.push({ ...pushed[0]!, version: pushed[0]!.version + 1, operation: 'update', title: 'v-next' } as StandardRecord);
    foreign = headerRecord({ regionCode: '350102' });
    for (const record of pushed) expect((await call('POST', '/v1/records', keys.fujian, record)).status).toBe(201);
    expect((await call('POST', '/v1/records', keys.fuzhou, foreign)).status).toBe(201);
    day = shanghaiDay(Date.now());
    // Reconciliation reads the journal: wait for the projector, and for the webhooks.
    const ids = new Set([...pushed, foreign].map((r) => `${r.id}@${r.version}`));
    await eventually(
      async () => {
        const entries = await gw.services.stores.journal.readJournal(0, 1000);
        return entries.filter((e) => ids.has(`${e.envelope.subject}@${e.envelope.recordversion}`)).length === ids.size;
      },
      10_000,
      'the journal',
    );
    await eventually(async () => endpoint.accepted().length >= pushed.length + 1, 10_000, 'the webhook deliveries');
    const head = await gw.services.stores.journal.journalHead();
    await eventually(async () => (await gw.services.stores.delivery.cursor('recon-hooks')).seq >= head, 10_000, 'the subscription cursor');
  });

  afterAll(async () => {
    await gw?.close();
    await endpoint?.close();
    await cleanUp();
  });

  it('finds exactly the versions a system withheld, and nothing else', async () => {
    const manifest = [...pushed, ...withheld].map(entry);
    const res = await call('POST', `/v1/reconciliation/fj-gpms/${day}`, keys.fujian, { records: manifest });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.missing).toEqual(withheld.map(entry).sort(byId));
    expect(body.extra).toEqual([]);
    expect(body.mismatched).toEqual([]);
    expect(body.match).toBe(false);
    expect(body.gateway.count).toBe(pushed.length);
    expect(body.submitted.count).toBe(manifest.length);
    expect(body.timeZone).toBe('Asia/Shanghai');
  });

  it('reports versions the gateway holds but the manifest omits as extra, and changed content as mismatched', async () => {
    const [omitted, changed, ...rest] = pushed;
    const manifest = [{ ...entry(changed!), contentHash: 'f'.repeat(64) }, ...rest.map(entry)];
    const body = await json(await call('POST', `/v1/reconciliation/fj-gpms/${day}`, keys.fujian, manifest));
    expect(body.missing).toEqual([]);
    expect(body.extra).toEqual([entry(omitted!)]);
    expect(body.mismatched).toEqual([
      { recordId: changed!.id, version: changed!.version, gatewayHash: contentHash(changed), submittedHash: 'f'.repeat(64) },
    ]);
  });

  it('matches a complete manifest, and its order-independent digest', async () => {
    const manifest = pushed.map(entry);
    const full = await json(await call('POST', `/v1/reconciliation/fj-gpms/${day}`, keys.fujian, { records: [...manifest].reverse() }));
    expect(full).toMatchObject({ match: true, missing: [], extra: [], mismatched: [] });
    const summary = await json(await call('GET', `/v1/reconciliation/fj-gpms/${day}`, keys.fujian));
    expect(summary).toMatchObject({ systemId: 'fj-gpms', date: day, count: pushed.length, digest: digestOf(manifest) });
    const byDigest = await json(
      await call('POST', `/v1/reconciliation/fj-gpms/${day}`, keys.fujian, { digest: digestOf(manifest), count: manifest.length }),
    );
    expect(byDigest).toMatchObject({ match: true, missing: null, extra: null });
    const wrong = await json(
      await call('POST', `/v1/reconciliation/fj-gpms/${day}`, keys.fujian, {
        digest: digestOf(manifest.slice(1)),
        count: manifest.length - 1,
      }),
    );
    expect(wrong.match).toBe(false);
  });

  it('lets only the system itself or the ministry reconcile', async () => {
    expect((await call('GET', `/v1/reconciliation/fj-gpms/${day}`, keys.fuzhou)).status).toBe(403);
    expect((await call('POST', `/v1/reconciliation/fj-gpms/${day}`, keys.platform, [])).status).toBe(403);
    const ministry = await json(await call('GET', `/v1/reconciliation/fj-gpms/${day}?records=true`, keys.ministry));
    expect(ministry.records.map((r: { recordId: string }) => r.recordId).sort()).toEqual(pushed.map((r) => r.id).sort());
    expect((await call('GET', `/v1/reconciliation/fj-gpms/2026-02-30`, keys.fujian)).status).toBe(400);
  });

  it('tells a subscriber exactly which delivered versions it does not have', async () => {
    const received = endpoint.accepted().map((r) => JSON.parse(r.body) as EventEnvelope);
    const sent = await json(await call('GET', `/v1/reconciliation/subscriptions/recon-hooks/${day}?records=true`, keys.platform));
    expect(sent.basis).toBe('delivered');
    const expected = [...pushed, foreign].map(entry).sort(byId);
    expect([...sent.records].sort(byId)).toEqual(expected);
    const lost = received.find((e) => e.subject === pushed[1]!.id)!;
    const theirs = received
      .filter((e) => e !== lost)
      .map((e) => ({ recordId: e.subject, version: e.recordversion, contentHash: e.contenthash }));
    const body = await json(await call('POST', `/v1/reconciliation/subscriptions/recon-hooks/${day}`, keys.platform, { records: theirs }));
    expect(body.missing).toEqual([{ recordId: lost.subject, version: lost.recordversion, contentHash: lost.contenthash }]);
    expect(body.extra).toEqual([]);
    expect((await call('GET', `/v1/reconciliation/subscriptions/recon-hooks/${day}`, keys.fuzhou)).status).toBe(404);
  });
}

describe('reconciliation on the embedded store', () => {
  reconciliationSuite(async () => ({}));
});

describePostgres('reconciliation on PostgreSQL', () => {
  const schema = `t_recon_${uniqueSuffix()}`.slice(0, 60);
  reconciliationSuite(
    async () => ({ PXG_STORE: 'postgres', DATABASE_URL: await databaseUrl(), PXG_PG_SCHEMA: schema }),
    async () => {
      const client = new pg.Client({ connectionString: await databaseUrl() });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  );
});
