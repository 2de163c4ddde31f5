/**
 * The ministry supervises, it does not impersonate (docs/security.md, "Ministry supervision and the
 * audit log"): every administrative action on a subscription or a dead letter × (its owner, another
 * system, the ministry) answers as the table below says, and each action taken leaves exactly one
 * audit entry (actor, target, client address, request id) while a refused one leaves none. A new
 * administrative route fails the completeness test until it has a row here. Then: a pause by the
 * ministry stops webhook and pull delivery, is visible to the owner with its reason, cannot be
 * lifted by the owner, and delivery resumes where it stopped once the ministry resumes it.
 * Requests go over a real socket, so the audit log sees the client address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditAction, AuditEntry } from '../../gateway/audit/index.ts';
import { envelopeFor } from '../../gateway/core/envelope.ts';
import { type Listening, listen } from '../../gateway/http/server.ts';
import { Endpoint, eventually, SCHEMA_ID, uid } from '../integration/webhook.support.ts';
import { asSystem, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { headerRecord } from '../support/records.ts';
import { keys, testRegistry } from '../support/registry.ts';

type Who = 'owner' | 'other' | 'ministry';
/** The owner is the trading platform; "other" is Fuzhou's system; the ministry is mof. */
const CALLERS: Record<Who, { key: string; id: string }> = {
  owner: { key: keys.platform, id: 'ggzy-fj' },
  other: { key: keys.fuzhou, id: 'fz-gpms' },
  ministry: { key: keys.ministry, id: 'mof' },
};

/** What one action needs: a fresh target made for the caller, the request, and what it is audited as. */
interface Action {
  /** `METHOD path` exactly as in the route table. */
  route: string;
  name: string;
  audit: AuditAction;
  /** The status each caller gets: the supervision table of docs/security.md. */
  expect: Record<Who, number>;
  /** Makes the target (as the owner, before the call) and returns the request. */
  prepare(who: Who): Promise<{ url: string; body?: unknown; target: string }>;
}

const ACTIONS: Action[] = [
  {
    route: 'POST /v1/subscriptions',
    name: 'create a subscription (the ministry naming another system)',
    audit: 'subscription.created',
    // Fuzhou may not subscribe at all; the ministry cannot create one in the platform's name.
    expect: { owner: 201, other: 403, ministry: 422 },
    prepare: async (who) => {
      const id = `m-create-${who}-${uid()}`;
      return { url: '/v1/subscriptions', body: { id, mode: 'pull', ...(who === 'ministry' ? { systemId: 'ggzy-fj' } : {}) }, target: id };
    },
  },
  {
    route: 'DELETE /v1/subscriptions/:id',
    name: 'delete a subscription',
    audit: 'subscription.deleted',
    expect: { owner: 204, other: 404, ministry: 403 },
    prepare: async () => {
      const id = await subscribe('pull');
      return { url: `/v1/subscriptions/${id}`, target: id };
    },
  },
  {
    route: 'POST /v1/subscriptions/:id/replay',
    name: 'replay a subscription',
    audit: 'subscription.replayed',
    expect: { owner: 200, other: 404, ministry: 403 },
    prepare: async () => {
      const id = await subscribe('pull');
      return { url: `/v1/subscriptions/${id}/replay`, body: { from: 'beginning' }, target: id };
    },
  },
  {
    route: 'POST /v1/subscriptions/:id/rotate-secret',
    name: 'rotate the webhook secret',
    audit: 'subscription.secret_rotated',
    expect: { owner: 200, other: 404, ministry: 403 },
    prepare: async () => {
      const id = await subscribe('webhook');
      return { url: `/v1/subscriptions/${id}/rotate-secret`, target: id };
    },
  },
  {
    route: 'POST /v1/subscriptions/:id/enable',
    name: 're-enable the webhook endpoint',
    audit: 'subscription.enabled',
    expect: { owner: 200, other: 404, ministry: 403 },
    prepare: async () => {
      const id = await subscribe('webhook');
      return { url: `/v1/subscriptions/${id}/enable`, target: id };
    },
  },
  {
    route: 'POST /v1/subscriptions/:id/pause',
    name: 'pause a subscription with a reason',
    audit: 'subscription.paused',
    expect: { owner: 200, other: 404, ministry: 200 },
    prepare: async () => {
      const id = await subscribe('pull');
      return { url: `/v1/subscriptions/${id}/pause`, body: { reason: 'endpoint under review' }, target: id };
    },
  },
  {
    route: 'POST /v1/subscriptions/:id/resume',
    name: "resume the ministry's pause",
    audit: 'subscription.resumed',
    expect: { owner: 403, other: 404, ministry: 200 },
    prepare: async () => {
      const id = await subscribe('pull');
      await call('ministry', 'POST', `/v1/subscriptions/${id}/pause`, { reason: 'suspected data leak' });
      return { url: `/v1/subscriptions/${id}/resume`, target: id };
    },
  },
  {
    route: 'POST /v1/subscriptions/:id/resume',
    name: "resume the owner's own pause",
    audit: 'subscription.resumed',
    expect: { owner: 200, other: 404, ministry: 403 },
    prepare: async () => {
      const id = await subscribe('pull');
      await call('owner', 'POST', `/v1/subscriptions/${id}/pause`, { reason: 'our maintenance window' });
      return { url: `/v1/subscriptions/${id}/resume`, target: id };
    },
  },
  {
    route: 'POST /v1/dead-letters/:id/retry',
    name: 'retry a dead letter',
    audit: 'dead_letter.retried',
    expect: { owner: 200, other: 404, ministry: 403 },
    prepare: async () => {
      const id = await deadLetter(await subscribe('webhook'));
      return { url: `/v1/dead-letters/${id}/retry`, target: id };
    },
  },
  {
    route: 'DELETE /v1/dead-letters/:id',
    name: 'discard a dead letter',
    audit: 'dead_letter.discarded',
    expect: { owner: 204, other: 404, ministry: 403 },
    prepare: async () => {
      const id = await deadLetter(await subscribe('webhook'));
      return { url: `/v1/dead-letters/${id}`, target: id };
    },
  },
];

let gw: TestGateway;
let server: Listening;
const hooks = new Endpoint(() => []);

beforeAll(async () => {
  await hooks.start();
  gw = await startTestGateway({
    env: { PORT: '0' },
    registry: { ...testRegistry(), delivery: { allowTargets: ['127.0.0.1'], pollMs: 50 } },
  });
  server = await listen(gw.app, gw.services.config);
});

afterAll(async () => {
  await server?.close(100);
  await gw?.close();
  await hooks.close();
});

/** Sends a request as `who` over the socket, with a request id of its own. */
async function call(who: Who, method: string, url: string, body?: unknown, requestId = `rq-${uid()}`) {
  const res = await fetch(`${server.url}${url}`, {
    method,
    headers: { ...asSystem(CALLERS[who].key), 'x-request-id': requestId },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, text, body: text ? JSON.parse(text) : null, requestId };
}

/** A new subscription of the owner (through the API); its id. */
async function subscribe(mode: 'pull' | 'webhook', webhookUrl = hooks.url): Promise<string> {
  const id = `m-${mode}-${uid()}`;
  const created = await call('owner', 'POST', '/v1/subscriptions', {
    id,
    mode,
    ...(mode === 'webhook' ? { webhook: { url: webhookUrl } } : {}),
  });
  expect(created.status).toBe(201);
  return id;
}

/** A dead letter of a subscription, as a worker would have left it; its id. */
async function deadLetter(subscriptionId: string): Promise<string> {
  const envelope = envelopeFor(headerRecord({ regionCode: '350203' }), 'fj-gpms', SCHEMA_ID, new Date());
  const id = `dl-${uid()}`;
  const now = new Date().toISOString();
  await gw.services.stores.delivery.addDeadLetter({
    id,
    subscriptionId,
    seq: 1,
    eventId: envelope.id,
    attempts: 3,
    firstAttemptAt: now,
    lastAttemptAt: now,
    lastStatus: 500,
    lastError: 'HTTP 500',
    envelope,
    createdAt: now,
  });
  return id;
}

/** Audit entries appended after `seq`. */
async function auditAfter(seq: number): Promise<AuditEntry[]> {
  return gw.services.audit.list({ after: seq, limit: 1000 });
}

async function auditHead(): Promise<number> {
  return (await gw.services.audit.verify()).checkedThrough;
}

describe('administrative actions by owner, another system and the ministry', () => {
  it('has a row for every administrative route of subscriptions and dead letters', () => {
    const administrative = gw.app.routeTable
      .filter((r) => r.method !== 'GET' && /^\/v1\/(subscriptions|dead-letters)/.test(r.path))
      .map((r) => `${r.method} ${r.path}`);
    const rows = new Set(ACTIONS.map((a) => a.route));
    expect(administrative.filter((r) => !rows.has(r))).toEqual([]);
  });

  for (const action of ACTIONS) {
    for (const who of ['owner', 'other', 'ministry'] as const) {
      const want = action.expect[who];
      it(`${action.name}: the ${who} gets ${want}, audited ${want < 300 ? 'once' : 'not at all'}`, async () => {
        const { url, body, target } = await action.prepare(who);
        const before = await auditHead();
        const [method] = action.route.split(' ');
        const res = await call(who, method!, url, body);
        expect(res.status, res.text).toBe(want);
        const entries = await auditAfter(before);
        if (want >= 300) {
          expect(entries).toEqual([]);
          if (want === 403 && who === 'ministry') {
            expect(res.body.code).toBe('forbidden');
            expect(res.body.detail).toMatch(/ministry supervises .* does not act for system ggzy-fj/);
          }
          return;
        }
        expect(entries).toHaveLength(1);
        expect(entries[0]).toMatchObject({ action: action.audit, actor: CALLERS[who].id, target, requestId: res.requestId });
        expect(entries[0]!.address).toMatch(/127\.0\.0\.1/);
        if (who === 'ministry') expect(entries[0]!.systems).toEqual(['ggzy-fj']);
      });
    }
  }

  it('says in Chinese too that the ministry supervises but does not act for the system', async () => {
    const id = await subscribe('pull');
    const res = await fetch(`${server.url}/v1/subscriptions/${id}`, { method: 'DELETE', headers: asSystem(keys.ministry, 'zh-CN') });
    const problem = (await res.json()) as { code: string; detail: string };
    expect([res.status, problem.code]).toEqual([403, 'forbidden']);
    expect(problem.detail).toMatch(/财政部.*监督.*不代替系统 ggzy-fj/);
  });

  it('never writes a secret into the audit log, and never shows one to the ministry', async () => {
    const id = await subscribe('webhook');
    const rotated = await call('owner', 'POST', `/v1/subscriptions/${id}/rotate-secret`);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    const entries = await gw.services.audit.list({ limit: 1000 });
    expect(entries.length).toBeGreaterThan(0);
    expect(JSON.stringify(entries)).not.toContain('whsec_');
    const seen = await call('ministry', 'GET', `/v1/subscriptions/${id}`);
    const listed = await call('ministry', 'GET', '/v1/subscriptions');
    expect([seen.status, listed.status]).toEqual([200, 200]);
    expect(listed.body.subscriptions.map((s: { id: string }) => s.id)).toContain(id);
    expect(seen.text + listed.text).not.toContain('whsec_');
  });

  it("lets the ministry read every subscription's attempts and dead letters, and another system none, without an audit entry", async () => {
    const id = await subscribe('webhook');
    const letter = await deadLetter(id);
    const before = await auditHead();
    const reads = [
      `/v1/subscriptions/${id}`,
      `/v1/subscriptions/${id}/attempts`,
      `/v1/dead-letters/${letter}`,
      `/v1/dead-letters?subscription=${id}`,
    ];
    for (const url of reads) {
      expect([url, (await call('ministry', 'GET', url)).status]).toEqual([url, 200]);
      expect([url, (await call('other', 'GET', url)).status]).toEqual([url, 404]);
    }
    const listed = await call('ministry', 'GET', '/v1/dead-letters');
    expect(listed.body.deadLetters.map((d: { id: string }) => d.id)).toContain(letter);
    expect(await auditAfter(before)).toEqual([]);
  });

  it('keeps the audit chain intact through all of it', async () => {
    const check = await call('ministry', 'GET', '/v1/audit/verify');
    expect(check.body.chain).toMatchObject({ intact: true });
    expect(check.body.chain.checkedThrough).toBeGreaterThan(20);
  });
});

describe("the ministry's pause", () => {
  it('stops webhook delivery, shows the owner who paused it and why, and delivery resumes after the ministry resumes it', async () => {
    const endpoint = await new Endpoint(() => []).start();
    try {
      const id = await subscribe('webhook', endpoint.url);
      const push = async () => {
        const record = headerRecord({ regionCode: '350203' });
        const pushed = await fetch(`${server.url}/v1/records`, {
          method: 'POST',
          headers: asSystem(keys.fujian),
          body: JSON.stringify(record),
        });
        expect(pushed.status).toBe(201);
        return { recordId: record.id, eventId: ((await pushed.json()) as { receipt: { eventId: string } }).receipt.eventId };
      };
      const first = await push();
      await eventually(() => endpoint.accepted().some((r) => r.webhookId === first.eventId), 10_000, 'the first record is delivered');

      const paused = await call('ministry', 'POST', `/v1/subscriptions/${id}/pause`, { reason: '疑似向未授权方转发 forwarding suspected' });
      expect(paused.status).toBe(200);
      const view = await call('owner', 'GET', `/v1/subscriptions/${id}`);
      expect(view.body.paused).toMatchObject({ by: 'mof', reason: '疑似向未授权方转发 forwarding suspected' });

      const second = await push();
      // Once the record is in the journal, the worker (polling every 50 ms) has many chances to send it; it sends nothing.
      await eventually(
        async () => (await gw.services.stores.journal.recordVersions(second.recordId)).length > 0,
        10_000,
        'the second record reaches the journal',
      );
      await new Promise((r) => setTimeout(r, 1000));
      expect(endpoint.received.map((r) => r.webhookId)).not.toContain(second.eventId);

      const refused = await call('owner', 'POST', `/v1/subscriptions/${id}/resume`);
      expect(refused.status).toBe(403);
      expect(refused.body.detail).toContain('forwarding suspected');

      const resumed = await call('ministry', 'POST', `/v1/subscriptions/${id}/resume`);
      expect([resumed.status, resumed.body.paused]).toEqual([200, null]);
      await eventually(
        () => endpoint.accepted().some((r) => r.webhookId === second.eventId),
        10_000,
        'the second record is delivered after resuming',
      );

      const audited = await gw.services.audit.list({ systemId: 'ggzy-fj', limit: 1000 });
      const ours = audited.filter((e) => e.target === id && e.actor === 'mof');
      expect(ours.map((e) => e.action)).toEqual(['subscription.paused', 'subscription.resumed']);
      expect(ours[0]!.details).toEqual({ reason: '疑似向未授权方转发 forwarding suspected' });
    } finally {
      await endpoint.close();
    }
  });

  it('answers a pull feed with no events while paused, saying why, and the events once resumed', async () => {
    const id = await subscribe('pull');
    const record = headerRecord({ regionCode: '350203' });
    const pushed = await fetch(`${server.url}/v1/records`, {
      method: 'POST',
      headers: asSystem(keys.fujian),
      body: JSON.stringify(record),
    });
    const eventId = ((await pushed.json()) as { receipt: { eventId: string } }).receipt.eventId;
    await eventually(
      async () => (await call('owner', 'GET', `/v1/feeds/${id}`)).body.events.length > 0,
      10_000,
      'the record is in the feed',
    );

    expect((await call('ministry', 'POST', `/v1/subscriptions/${id}/pause`, { reason: 'audit of the platform' })).status).toBe(200);
    const page = await call('owner', 'GET', `/v1/feeds/${id}`);
    expect(page.body.events).toEqual([]);
    expect(page.body.paused).toMatchObject({ by: 'mof', reason: 'audit of the platform' });

    expect((await call('ministry', 'POST', `/v1/subscriptions/${id}/resume`)).status).toBe(200);
    const after = await call('owner', 'GET', `/v1/feeds/${id}`);
    expect(after.body.events.map((e: { id: string }) => e.id)).toContain(eventId);
    expect(after.body.paused).toBeUndefined();
  });

  it("keeps a paused subscription's dead letters where they are: a retry delivers nothing", async () => {
    const endpoint = await new Endpoint(() => []).start();
    try {
      const id = await subscribe('webhook', endpoint.url);
      const letter = await deadLetter(id);
      expect((await call('ministry', 'POST', `/v1/subscriptions/${id}/pause`, { reason: 'endpoint under review' })).status).toBe(200);
      const before = await auditHead();
      const retried = await call('owner', 'POST', `/v1/dead-letters/${letter}/retry`);
      expect([retried.status, retried.body.code]).toEqual([409, 'subscription_paused']);
      expect(retried.body.detail).toContain('endpoint under review');
      expect(endpoint.received).toEqual([]);
      expect(await gw.services.stores.delivery.deadLetter(letter)).not.toBeNull();
      expect(await auditAfter(before)).toEqual([]);
    } finally {
      await endpoint.close();
    }
  });

  it('requires a reason of bounded length', async () => {
    const id = await subscribe('pull');
    for (const body of [{}, { reason: '   ' }, { reason: 'x'.repeat(501) }, { reason: 42 }]) {
      const res = await call('ministry', 'POST', `/v1/subscriptions/${id}/pause`, body);
      expect([res.status, res.body.code]).toEqual([422, 'subscription_invalid']);
    }
    expect((await call('owner', 'GET', `/v1/subscriptions/${id}`)).body.paused).toBeNull();
  });

  it("lets the ministry take over the owner's pause, after which the owner cannot lift it", async () => {
    const id = await subscribe('pull');
    expect((await call('owner', 'POST', `/v1/subscriptions/${id}/pause`, { reason: 'ours' })).status).toBe(200);
    expect((await call('ministry', 'POST', `/v1/subscriptions/${id}/pause`, { reason: 'supervision' })).status).toBe(200);
    expect((await call('owner', 'POST', `/v1/subscriptions/${id}/pause`, { reason: 'ours again' })).status).toBe(403);
    expect((await call('owner', 'POST', `/v1/subscriptions/${id}/resume`)).status).toBe(403);
    expect((await call('owner', 'GET', `/v1/subscriptions/${id}`)).body.paused).toMatchObject({ by: 'mof', reason: 'supervision' });
  });
});
