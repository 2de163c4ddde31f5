/**
 * GET /v1/audit and GET /v1/audit/verify on both deployments (the audit log in SQLite, and in
 * PostgreSQL): the ministry only, filters by system, action and time, paging by `after` with the
 * `next` cursor, bounded limits, and a chain check that notices an entry altered in the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../gateway/audit/index.ts';
import { PostgresStore } from '../../gateway/store/postgres/index.ts';
import type { SqliteStateStores } from '../../gateway/store/sqlite/index.ts';
import { asSystem, json, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { databaseUrl, describePostgres, type FreshSchema, freshSchema } from '../support/postgres.ts';
import { keys } from '../support/registry.ts';

/** A started gateway and how to rewrite one stored audit entry behind its back. */
interface Deployment {
  gw: TestGateway;
  tamper(seq: number, event: AuditEvent): Promise<void>;
  dispose(): Promise<void>;
}

const EVENTS: AuditEvent[] = [
  { action: 'subscription.created', actor: 'ggzy-fj', target: 'a-1' },
  { action: 'subscription.paused', actor: 'mof', target: 'a-1', systems: ['ggzy-fj'], details: { reason: 'review' } },
  { action: 'subscription.created', actor: 'emall-zcy', target: 'a-2' },
  { action: 'dead_letter.discarded', actor: 'emall-zcy', target: 'dl-9', details: { subscriptionId: 'a-2' } },
  { action: 'subscription.resumed', actor: 'mof', target: 'a-1', systems: ['ggzy-fj'] },
];

function auditRouteSuite(name: string, deploy: () => Promise<Deployment>): void {
  describe(`GET /v1/audit on ${name}`, () => {
    let d: Deployment;
    const get = async (url: string, key: string = keys.ministry) => {
      const res = await d.gw.app.request(url, { headers: asSystem(key) });
      return { status: res.status, body: await json(res) };
    };
    const seqs = (body: { entries: { seq: number }[] }) => body.entries.map((e) => e.seq);

    beforeAll(async () => {
      d = await deploy();
      for (const event of EVENTS) await d.gw.services.audit.append(event);
    });
    afterAll(async () => {
      await d?.dispose();
    });

    it('answers the ministry every entry in order, with the next cursor, and no one else', async () => {
      const all = await get('/v1/audit');
      expect(all.status).toBe(200);
      expect(seqs(all.body)).toEqual([1, 2, 3, 4, 5]);
      expect(all.body.entries[1]).toMatchObject({ actor: 'mof', target: 'a-1', systems: ['ggzy-fj'], details: { reason: 'review' } });
      expect(all.body.next).toBe(5);
      for (const key of [keys.platform, keys.fujian]) {
        const refused = await get('/v1/audit', key);
        expect([refused.status, refused.body.code]).toEqual([403, 'forbidden']);
      }
      expect((await get('/v1/audit/verify', keys.platform)).status).toBe(403);
    });

    it('filters by system, counting both the actor and the systems concerned', async () => {
      expect(seqs((await get('/v1/audit?system=ggzy-fj')).body)).toEqual([1, 2, 5]);
      expect(seqs((await get('/v1/audit?system=emall-zcy')).body)).toEqual([3, 4]);
      expect(seqs((await get('/v1/audit?system=nobody')).body)).toEqual([]);
    });

    it('filters by action', async () => {
      expect(seqs((await get('/v1/audit?action=subscription.created')).body)).toEqual([1, 3]);
      expect(seqs((await get('/v1/audit?action=subscription.created&system=emall-zcy')).body)).toEqual([3]);
    });

    it('filters by time, in any RFC 3339 offset, since inclusive and until exclusive', async () => {
      const entries = (await get('/v1/audit')).body.entries as { seq: number; at: string }[];
      const third = entries[2]!.at;
      const since = await get(`/v1/audit?since=${encodeURIComponent(third)}`);
      expect(seqs(since.body)).toEqual(entries.filter((e) => e.at >= third).map((e) => e.seq));
      const until = await get(`/v1/audit?until=${encodeURIComponent(third)}`);
      expect(seqs(until.body)).toEqual(entries.filter((e) => e.at < third).map((e) => e.seq));
      expect(seqs((await get(`/v1/audit?since=${encodeURIComponent('2000-01-01T08:00:00+08:00')}`)).body)).toEqual([1, 2, 3, 4, 5]);
      expect(seqs((await get(`/v1/audit?until=${encodeURIComponent('2000-01-01T08:00:00+08:00')}`)).body)).toEqual([]);
    });

    it('pages with limit and after, continuing from next', async () => {
      const first = await get('/v1/audit?limit=2');
      expect([seqs(first.body), first.body.next]).toEqual([[1, 2], 2]);
      const second = await get(`/v1/audit?limit=2&after=${first.body.next}`);
      expect([seqs(second.body), second.body.next]).toEqual([[3, 4], 4]);
      const last = await get(`/v1/audit?limit=2&after=${second.body.next}`);
      expect([seqs(last.body), last.body.next]).toEqual([[5], 5]);
      const empty = await get('/v1/audit?limit=2&after=5');
      expect([seqs(empty.body), empty.body.next]).toEqual([[], 5]);
    });

    it('refuses an unknown action, a time that is not RFC 3339 and an unbounded limit', async () => {
      for (const query of [
        'action=subscription.exploded',
        'since=yesterday',
        'until=2026-13-01',
        'limit=5000',
        'after=-1',
        'system=a%20b',
      ]) {
        const res = await get(`/v1/audit?${query}`);
        expect([query, res.status, res.body.code]).toEqual([query, 400, 'malformed_request']);
      }
    });

    it('verifies the chain, and finds an entry altered in the database', async () => {
      expect((await get('/v1/audit/verify')).body.chain).toEqual({ intact: true, checkedThrough: 5 });
      await d.tamper(2, { ...EVENTS[1]!, details: { reason: 'nothing to see' } });
      expect((await get('/v1/audit/verify')).body.chain).toEqual({ intact: false, checkedThrough: 1, brokenAt: 2 });
    });
  });
}

auditRouteSuite('SQLite', async () => {
  const gw = await startTestGateway();
  const stores = gw.services.stores as SqliteStateStores;
  return {
    gw,
    tamper: async (seq, event) => {
      stores.connection().prepare('UPDATE audit_log SET event = ? WHERE seq = ?').run(JSON.stringify(event), seq);
    },
    dispose: () => gw.close(),
  };
});

describePostgres('the audit log in PostgreSQL', () => {
  let schema: FreshSchema;
  auditRouteSuite('PostgreSQL', async () => {
    schema = await freshSchema('audit_route');
    const stores = new PostgresStore({ url: await databaseUrl(), schema: schema.schema, maxConnections: 4 });
    const gw = await startTestGateway({ overrides: { stores } });
    return {
      gw,
      tamper: async (seq, event) => {
        await schema.pool.query('UPDATE audit_log SET event = $1 WHERE seq = $2', [JSON.stringify(event), seq]);
      },
      dispose: async () => {
        await gw.close();
        await schema.drop();
      },
    };
  });
});
