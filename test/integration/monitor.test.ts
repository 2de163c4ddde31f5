/**
 * The ministry's monitoring API over a running gateway: who may call it, system freshness against
 * the expected cadence (OK → SILENT), durable rejection counts and codes, and subscription health
 * (a healthy webhook, a failing one that ends disabled: ERROR, a pull feed); then the status rules
 * themselves with their thresholds, and the MonitorStore shared by two processes on SQLite and PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscriptionStatus } from '../../gateway/monitor/subscriptions.ts';
import { systemStatus } from '../../gateway/monitor/systems.ts';
import { cadenceSeconds, dayBounds, shanghaiDay } from '../../gateway/monitor/time.ts';
import type { StateStores } from '../../gateway/store/port.ts';
import { PostgresStore } from '../../gateway/store/postgres/index.ts';
import { SqliteStateStores } from '../../gateway/store/sqlite/index.ts';
import { asSystem, json, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { databaseUrl, describePostgres } from '../support/postgres.ts';
import { headerRecord } from '../support/records.ts';
import { keys, testRegistry } from '../support/registry.ts';
import { uniqueSuffix } from '../support/services.ts';
import { eventually } from '../support/wait.ts';
import { Endpoint } from './webhook.support.ts';

const SECRET = 'whsec_bW9uaXRvci10ZXN0LXNlY3JldC0wMTIzNDU2Nzg5';

describe('GET /v1/monitor/*', () => {
  let gw: TestGateway;
  let healthy: Endpoint;
  let broken: Endpoint;

  const get = (path: string, key: string) => gw.app.request(path, { headers: asSystem(key) });
  const systemOf = async (id: string) =>
    (await json(await get('/v1/monitor/systems', keys.ministry))).systems.find((s: { id: string }) => s.id === id);
  const subscriptionOf = async (id: string) =>
    (await json(await get('/v1/monitor/subscriptions', keys.ministry))).subscriptions.find((s: { id: string }) => s.id === id);

  beforeAll(async () => {
    healthy = await new Endpoint(() => [SECRET]).start();
    broken = await new Endpoint(() => [SECRET]).start();
    broken.answer = () => ({ status: 500 });
    const registry = testRegistry();
    // Fujian is expected every 4 s: late after 2 s (50 %), silent after 3 s (75 %).
    registry.systems = registry.systems.map((s) => (s.id === 'fj-gpms' ? { ...s, expectedCadence: 'PT4S' } : s));
    gw = await startTestGateway({
      env: { PXG_MONITOR_LATE_PERCENT: '50', PXG_MONITOR_SILENT_PERCENT: '75', PXG_MONITOR_ERROR_FAILING_S: '0' },
      registry: {
        ...registry,
        subscriptions: [
          { id: 'mon-healthy', system: 'ggzy-fj', mode: 'webhook', webhook: { url: healthy.url, secrets: [{ secret: SECRET }] } },
          { id: 'mon-broken', system: 'ggzy-fj', mode: 'webhook', webhook: { url: broken.url, secrets: [{ secret: SECRET }] } },
          { id: 'mon-pull', system: 'ggzy-fj', mode: 'pull' },
        ],
        delivery: {
          allowTargets: ['127.0.0.1'],
          pollMs: 50,
          retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20, disableAfterDeadLetters: 1 },
        },
      },
    });
  });

  afterAll(async () => {
    await gw?.close();
    await healthy?.close();
    await broken?.close();
  });

  it('answers only the ministry: 401 without a key, 403 for any other system', async () => {
    expect((await gw.app.request('/v1/monitor/systems')).status).toBe(401);
    const refused = await get('/v1/monitor/subscriptions', keys.platform);
    expect(refused.status).toBe(403);
    expect((await json(refused)).code).toBe('forbidden');
    expect((await get('/v1/monitor/systems', keys.fujian)).status).toBe(403);
    expect((await get('/v1/monitor/systems', keys.ministry)).status).toBe(200);
  });

  it('shows a system that never pushed as SILENT', async () => {
    expect(await systemOf('fz-gpms')).toMatchObject({
      status: 'SILENT',
      reasons: ['never_accepted'],
      lastAcceptedAt: null,
      expectedCadenceS: 86_400,
    });
  });

  it('shows a system OK right after a push, then SILENT once it stops for longer than its cadence allows', async () => {
    const push = await gw.app.request('/v1/records', {
      method: 'POST',
      body: JSON.stringify(headerRecord()),
      headers: asSystem(keys.fujian),
    });
    expect(push.status).toBe(201);
    const fresh = await eventually(
      async () => {
        const s = await systemOf('fj-gpms');
        return s.lastAcceptedAt ? s : null;
      },
      5_000,
      'the accepted push',
    );
    expect(fresh).toMatchObject({ status: 'OK', expectedCadenceS: 4, counts: { '1h': { accepted: 1, rejected: 0 } } });
    const silent = await eventually(
      async () => {
        const s = await systemOf('fj-gpms');
        return s.status === 'SILENT' ? s : null;
      },
      8_000,
      'the system to go silent',
    );
    expect(silent.reasons).toEqual(['silent']);
    expect(silent.ageS).toBeGreaterThanOrEqual(3);
    expect(silent.trend.accepted.reduce((a: number, b: number) => a + b, 0)).toBe(1);
  });

  it('counts rejections durably, by code, and warns when many of the last hour were refused', async () => {
    const push = (record: unknown, key: string) =>
      gw.app.request('/v1/records', { method: 'POST', body: JSON.stringify(record), headers: asSystem(key) });
    expect((await push(headerRecord({ regionCode: '35' }), keys.fuzhou)).status).toBe(422);
    expect((await push(headerRecord({ regionCode: '350200' }), keys.fuzhou)).status).toBe(403);
    expect((await push(headerRecord({ regionCode: '350200' }), keys.fuzhou)).status).toBe(403);
    // Refused as a whole before any record is read: counted too, so a broken sender does not look merely silent.
    const malformed = await gw.app.request('/v1/records', { method: 'POST', body: '{"recordType": ', headers: asSystem(keys.fuzhou) });
    expect(malformed.status).toBe(400);
    const fuzhou = await systemOf('fz-gpms');
    expect(fuzhou.counts).toEqual({ '1h': { accepted: 0, rejected: 4 }, '24h': { accepted: 0, rejected: 4 } });
    expect(fuzhou.topRejectionCodes).toEqual([
      { code: 'publish_not_allowed', count: 2 },
      { code: 'malformed_request', count: 1 },
      { code: 'record_invalid', count: 1 },
    ]);
    expect(fuzhou.reasons).toEqual(['never_accepted', 'rejections']);
    expect(fuzhou.lastRejectedAt).not.toBeNull();
    // Stored, not only counted in memory: the store answers the same.
    const codes = await gw.services.stores.monitor.rejectionCodes(0);
    expect(codes.filter((c) => c.systemId === 'fz-gpms')).toEqual([
      { systemId: 'fz-gpms', code: 'publish_not_allowed', count: 2 },
      { systemId: 'fz-gpms', code: 'malformed_request', count: 1 },
      { systemId: 'fz-gpms', code: 'record_invalid', count: 1 },
    ]);
  });

  it('shows a delivering webhook OK, a failing one ERROR with its dead letter, and a pull feed without lag', async () => {
    const push = await gw.app.request('/v1/records', {
      method: 'POST',
      body: JSON.stringify(headerRecord()),
      headers: asSystem(keys.fujian),
    });
    expect(push.status).toBe(201);
    const broken_ = await eventually(
      async () => {
        const s = await subscriptionOf('mon-broken');
        return s.status === 'ERROR' && s.deadLetters > 0 ? s : null;
      },
      10_000,
      'the broken subscription to be ERROR',
    );
    expect(broken_.endpoint.status).toBe('disabled');
    expect(broken_.reasons).toEqual(expect.arrayContaining(['endpoint_disabled', 'dead_letters']));
    expect(broken_.delivery.successRate).toBe(0);

    const ok = await eventually(
      async () => {
        const s = await subscriptionOf('mon-healthy');
        return s.lag?.events === 0 && s.delivery.attempts1h > 0 ? s : null;
      },
      10_000,
      'the healthy subscription to catch up',
    );
    expect(ok).toMatchObject({ status: 'OK', reasons: [], deadLetters: 0, endpoint: { status: 'active' }, delivery: { successRate: 1 } });
    expect(ok.lag.head).toBeGreaterThan(0);

    expect(await subscriptionOf('mon-pull')).toMatchObject({ mode: 'pull', status: 'OK', lag: null, endpoint: null });
  });

  it("reports the projector's backlog over the whole log beside this process's projection lag", async () => {
    const logHealth = async () => (await json(await get('/v1/monitor/subscriptions', keys.ministry))).log;
    await eventually(
      async () => {
        const log = await logHealth();
        return log.backlogEvents === 0 && log.lagEvents === 0 ? log : null;
      },
      10_000,
      'the projector to catch up',
    );
    await gw.services.projector.close();
    try {
      for (let i = 0; i < 2; i++)
        expect(
          (await gw.app.request('/v1/records', { method: 'POST', body: JSON.stringify(headerRecord()), headers: asSystem(keys.fujian) }))
            .status,
        ).toBe(201);
      expect(await logHealth()).toMatchObject({ backlogEvents: 2, lagEvents: 2 });
    } finally {
      await gw.services.projector.start();
    }
    await eventually(
      async () => {
        const log = await logHealth();
        return log.backlogEvents === 0 && log.lagEvents === 0 ? log : null;
      },
      10_000,
      'the projector to catch up after its restart',
    );
  });
});

describe('GET /readyz', () => {
  it('answers 503 not_ready naming the log when the log cannot take writes, and 200 again once it can', async () => {
    const gw = await startTestGateway({ env: { PXG_MONITOR_READY_CACHE_MS: '0' } });
    try {
      expect((await gw.app.request('/readyz')).status).toBe(200);
      await gw.services.log.close();
      const res = await gw.app.request('/readyz', { headers: { 'accept-language': 'en' } });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      const body = await json(res);
      expect(body).toMatchObject({ code: 'not_ready', retriable: true, checks: { log: false, store: true, signingKey: true } });
      expect(body.errors).toEqual([{ pointer: '', keyword: 'log', message: 'The record log cannot accept writes' }]);
      await gw.services.log.start();
      expect((await gw.app.request('/readyz')).status).toBe(200);
    } finally {
      await gw.close();
    }
  });
});

describe('status rules', () => {
  const systemThresholds = { defaultCadenceS: 3600, latePercent: 150, silentPercent: 300, rejectWarnPercent: 20 };
  const none = { accepted: 0, rejected: 0 };

  it('rates a system by the age of its last accepted push against its cadence', () => {
    expect(systemStatus({ cadenceS: 600, ageS: 600, lastHour: none }, systemThresholds)).toEqual({ status: 'OK', reasons: [] });
    expect(systemStatus({ cadenceS: 600, ageS: 901, lastHour: none }, systemThresholds)).toEqual({ status: 'WARN', reasons: ['late'] });
    expect(systemStatus({ cadenceS: 600, ageS: 1801, lastHour: none }, systemThresholds)).toEqual({
      status: 'SILENT',
      reasons: ['silent'],
    });
    expect(systemStatus({ cadenceS: 600, ageS: null, lastHour: none }, systemThresholds)).toEqual({
      status: 'SILENT',
      reasons: ['never_accepted'],
    });
  });

  it('warns about a system whose share of rejected records reaches the threshold', () => {
    expect(systemStatus({ cadenceS: 600, ageS: 1, lastHour: { accepted: 80, rejected: 20 } }, systemThresholds).status).toBe('WARN');
    expect(systemStatus({ cadenceS: 600, ageS: 1, lastHour: { accepted: 81, rejected: 19 } }, systemThresholds).status).toBe('OK');
  });

  const subscriptionThresholds = { lagWarnS: 60, lagWarnEvents: 100, stallS: 300, errorFailingS: 600, successWarnPercent: 95 };
  const now = Date.parse('2026-03-01T12:00:00Z');
  const ago = (s: number) => new Date(now - s * 1000).toISOString();
  const base = {
    lag: { events: 0, seconds: 0, capped: false, cursor: 10, head: 10 },
    deadLetters: 0,
    endpoint: { status: 'active' as const, reason: null, since: ago(86_400) },
    delivery: { attempts1h: 10, successRate: 1, latencyMs: { p50: 5, p95: 9 }, lastSuccessAt: ago(5), lastFailureAt: null },
  };

  it('rates subscriptions OK, WARN, STALLED and ERROR like a lag monitor', () => {
    expect(subscriptionStatus(base, subscriptionThresholds, now)).toEqual({ status: 'OK', reasons: [] });
    expect(subscriptionStatus({ ...base, lag: { ...base.lag, events: 3, seconds: 61 } }, subscriptionThresholds, now)).toEqual({
      status: 'WARN',
      reasons: ['lagging'],
    });
    expect(subscriptionStatus({ ...base, lag: { ...base.lag, events: 100, seconds: 1 } }, subscriptionThresholds, now).reasons).toEqual([
      'lagging',
    ]);
    const stalled = { ...base, lag: { ...base.lag, events: 3, seconds: 400 }, delivery: { ...base.delivery, lastSuccessAt: ago(400) } };
    expect(subscriptionStatus(stalled, subscriptionThresholds, now)).toEqual({ status: 'STALLED', reasons: ['stalled'] });
    // Still delivering recently, only behind: lagging, not stalled.
    expect(
      subscriptionStatus({ ...stalled, delivery: { ...base.delivery, lastSuccessAt: ago(10) } }, subscriptionThresholds, now).status,
    ).toBe('WARN');
    const failing = { ...base, endpoint: { status: 'failing' as const, reason: 'HTTP 500', since: ago(30) } };
    expect(subscriptionStatus(failing, subscriptionThresholds, now)).toEqual({ status: 'WARN', reasons: ['endpoint_failing'] });
    expect(subscriptionStatus({ ...failing, endpoint: { ...failing.endpoint, since: ago(601) } }, subscriptionThresholds, now).status).toBe(
      'ERROR',
    );
    expect(
      subscriptionStatus({ ...base, endpoint: { status: 'disabled', reason: 'gone', since: ago(1) } }, subscriptionThresholds, now),
    ).toEqual({ status: 'ERROR', reasons: ['endpoint_disabled'] });
    expect(subscriptionStatus({ ...base, deadLetters: 2 }, subscriptionThresholds, now)).toEqual({
      status: 'WARN',
      reasons: ['dead_letters'],
    });
    expect(subscriptionStatus({ ...base, delivery: { ...base.delivery, successRate: 0.9 } }, subscriptionThresholds, now)).toEqual({
      status: 'WARN',
      reasons: ['low_success_rate'],
    });
  });

  it('reads cadences as seconds or ISO 8601 durations and days in Asia/Shanghai', () => {
    expect(cadenceSeconds(900)).toBe(900);
    expect(cadenceSeconds('PT15M')).toBe(900);
    expect(cadenceSeconds('P1DT2H')).toBe(93_600);
    expect(cadenceSeconds('P1W')).toBe(604_800);
    expect(cadenceSeconds('PT')).toBeNull();
    expect(cadenceSeconds('15 minutes')).toBeNull();
    expect(shanghaiDay(Date.parse('2026-03-01T15:59:59Z'))).toBe('2026-03-01');
    expect(shanghaiDay(Date.parse('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
    expect(dayBounds('2026-03-02')).toEqual({ startMs: Date.parse('2026-03-01T16:00:00Z'), endMs: Date.parse('2026-03-02T16:00:00Z') });
    expect(dayBounds('2026-02-30')).toBeNull();
  });
});

/**
 * The MonitorStore behaviour, against both implementations: two store instances over the same
 * database stand for two gateway processes.
 */
function monitorStoreBehaviour(open: () => Promise<{ a: StateStores; b: StateStores; cleanUp(): Promise<void> }>) {
  let a: StateStores;
  let b: StateStores;
  let cleanUp: () => Promise<void>;

  beforeAll(async () => {
    ({ a, b, cleanUp } = await open());
    await a.start();
    await b.start();
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await cleanUp?.();
  });

  it('shares rejections and the accepted index between gateway processes', async () => {
    const at = Date.parse('2026-03-01T02:30:00Z');
    await a.monitor.recordRejections([
      { systemId: 'fj-gpms', atMs: at, code: 'record_invalid', recordType: 'notice', recordId: 'N-1', version: 1 },
      { systemId: 'fj-gpms', atMs: at + 1, code: 'record_invalid', recordType: 'notice', recordId: 'N-2', version: 1 },
      { systemId: 'fz-gpms', atMs: at + 2, code: 'publish_not_allowed', recordType: null, recordId: null, version: null },
    ]);
    const accepted = (seq: number, systemId: string, atMs: number) => ({
      seq,
      systemId,
      recordId: `R-${seq}`,
      version: 1,
      contentHash: 'a'.repeat(64),
      atMs,
      day: shanghaiDay(atMs),
    });
    await a.monitor.indexAccepted([
      accepted(1, 'fj-gpms', at),
      accepted(2, 'fj-gpms', at + 3600_000),
      accepted(3, 'fz-gpms', Date.parse('2026-03-01T17:00:00Z')),
    ]);
    await b.monitor.indexAccepted([accepted(2, 'fj-gpms', at + 3600_000)]);

    expect(await b.monitor.indexedSeq()).toBe(3);
    expect(await b.monitor.rejectionCodes(at)).toEqual([
      { systemId: 'fj-gpms', code: 'record_invalid', count: 2 },
      { systemId: 'fz-gpms', code: 'publish_not_allowed', count: 1 },
    ]);
    expect(await b.monitor.counts(at + 1)).toEqual([
      { systemId: 'fj-gpms', accepted: 1, rejected: 1 },
      { systemId: 'fz-gpms', accepted: 1, rejected: 1 },
    ]);
    expect(await b.monitor.lastActivity()).toEqual([
      { systemId: 'fj-gpms', lastAcceptedMs: at + 3600_000, lastRejectedMs: at + 1 },
      { systemId: 'fz-gpms', lastAcceptedMs: Date.parse('2026-03-01T17:00:00Z'), lastRejectedMs: at + 2 },
    ]);
    const hour = 3600_000;
    expect((await b.monitor.buckets(at - hour, hour)).filter((x) => x.systemId === 'fj-gpms')).toEqual([
      { systemId: 'fj-gpms', bucketStartMs: Math.floor(at / hour) * hour, accepted: 1, rejected: 2 },
      { systemId: 'fj-gpms', bucketStartMs: Math.floor(at / hour) * hour + hour, accepted: 1, rejected: 0 },
    ]);
    expect((await b.monitor.acceptedOn('fj-gpms', '2026-03-01')).map((r) => r.seq)).toEqual([1, 2]);
    expect((await b.monitor.acceptedOn(null, '2026-03-02')).map((r) => r.seq)).toEqual([3]);
    expect(await a.monitor.pruneRejections(at + 2)).toBe(2);
    expect(await b.monitor.rejectionCodes(0)).toEqual([{ systemId: 'fz-gpms', code: 'publish_not_allowed', count: 1 }]);
  });
}

describe('monitor store on SQLite', () => {
  monitorStoreBehaviour(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pxg-monitor-'));
    const file = join(dir, 'state.db');
    return {
      a: new SqliteStateStores(file),
      b: new SqliteStateStores(file),
      cleanUp: async () => rmSync(dir, { recursive: true, force: true }),
    };
  });
});

describePostgres('monitor store on PostgreSQL', () => {
  monitorStoreBehaviour(async () => {
    const url = await databaseUrl();
    const schema = `t_monitor_${uniqueSuffix()}`.slice(0, 60);
    return {
      a: new PostgresStore({ url, schema }),
      b: new PostgresStore({ url, schema }),
      cleanUp: async () => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await client.end();
      },
    };
  });
});
