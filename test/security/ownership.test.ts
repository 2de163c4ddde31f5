/**
 * Process ownership over HTTP: the system whose record opens a process owns it; others add only
 * what the registry grants them. The matrix derives each expected outcome from the registry's
 * declarations (publish rights and contribution grants) for every system × record kind × situation
 * (its own new process, someone else's process in its area, out of its area).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeFor } from '../../gateway/core/envelope.ts';
import type { StandardRecord } from '../../gateway/core/records.ts';
import type { ContributionGrant, RegistryFile, SystemEntry } from '../../gateway/registry/types.ts';
import { json, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { ownershipKeys, ownershipRegistry, ownershipSystems } from '../support/ownership.ts';
import { headerRecord, uniqueSuffix } from '../support/records.ts';
import { eventually } from '../support/wait.ts';

type Kind = { recordType: 'notice' | 'transaction'; subtype: string };
type Situation = 'own' | 'others' | 'out';
type Outcome = 201 | 'process_not_owned' | 'publish_not_allowed';

const KINDS: Kind[] = [
  { recordType: 'notice', subtype: 'tender' },
  { recordType: 'notice', subtype: 'award' },
  { recordType: 'notice', subtype: 'complaintRuling' },
  { recordType: 'transaction', subtype: 'order' },
  { recordType: 'transaction', subtype: 'acceptance' },
];
/** 福州市鼓楼区: inside Fujian and Fuzhou. */
const IN_AREA = '350102';
/** 北京市东城区: no test system's area. */
const OUT_OF_AREA = '110101';
const SCHEMA = 'https://procurement-exchange.example/schemas/v1/notice.schema.json';

const systems = ownershipSystems();
const byId = (id: string) => systems.find((s) => s.id === id)!;
/** Who opens "someone else's process" of each record type. */
const ownerOf = (kind: Kind) => byId(kind.recordType === 'notice' ? 'fj-gpms' : 'emall-zcy');

/** GB/T 2260 coverage, restated from the domain: a province covers its 2-digit prefix, a prefecture its 4. */
function covers(areas: string[], region: string): boolean {
  return areas.some((a) => region.startsWith(a.endsWith('0000') ? a.slice(0, 2) : a.endsWith('00') ? a.slice(0, 4) : a));
}

function granted(system: SystemEntry, kind: Kind, region: string): ContributionGrant[] {
  return (system.contribute ?? []).filter((g) => {
    const types = kind.recordType === 'notice' ? g.noticeTypes : g.transactionTypes;
    return g.recordTypes.includes(kind.recordType) && (!types || types.includes(kind.subtype)) && covers(g.areas, region);
  });
}

/** The outcome the registry's declarations call for. */
function expected(system: SystemEntry, kind: Kind, situation: Situation): Outcome {
  const region = situation === 'out' ? OUT_OF_AREA : IN_AREA;
  const publishes = !!system.publish?.recordTypes.includes(kind.recordType) && covers(system.publish.areas, region);
  const grants = granted(system, kind, region);
  if (!publishes && grants.length === 0) return 'publish_not_allowed';
  if (situation !== 'others') return publishes ? 201 : 'process_not_owned';
  const owner = ownerOf(kind);
  return grants.some((g) => !g.ofOwners || g.ofOwners.includes(owner.id) || g.ofOwners.includes(owner.kind)) ? 201 : 'process_not_owned';
}

function recordOf(kind: Kind, processKey: string, region: string, set: Record<string, unknown> = {}): StandardRecord {
  const subtype = kind.recordType === 'notice' ? { noticeType: kind.subtype } : { transactionType: kind.subtype };
  return headerRecord({ recordType: kind.recordType, processKey, regionCode: region, set: { ...subtype, ...set } });
}

describe('process ownership over HTTP', () => {
  let gw: TestGateway;
  let registry: RegistryFile;

  beforeAll(async () => {
    registry = ownershipRegistry();
    gw = await startTestGateway({ registry });
  });
  afterAll(async () => gw?.close());

  async function push(systemId: string, body: unknown, path = '/v1/records'): Promise<Response> {
    return await gw.app.request(path, {
      method: 'POST',
      headers: { authorization: `Bearer ${ownershipKeys[systemId]}`, 'content-type': 'application/json', 'accept-language': 'en' },
      body: JSON.stringify(body),
    });
  }

  async function compiled(processKey: string): Promise<string[]> {
    const res = await gw.app.request(`/v1/records/${encodeURIComponent(processKey)}`, {
      headers: { authorization: `Bearer ${ownershipKeys.mof}` },
    });
    if (res.status === 404) return [];
    return ((await json(res)).records as StandardRecord[]).map((r) => r.id);
  }

  async function opened(kind: Kind): Promise<{ processKey: string; first: StandardRecord }> {
    const processKey = `${kind.recordType === 'notice' ? 'ocds-own' : 'ORD-own'}-${uniqueSuffix()}`;
    const openerKind: Kind =
      kind.recordType === 'notice' ? { recordType: 'notice', subtype: 'tender' } : { recordType: 'transaction', subtype: 'order' };
    const first = recordOf(openerKind, processKey, IN_AREA);
    expect((await push(ownerOf(kind).id, first)).status).toBe(201);
    return { processKey, first };
  }

  const cases = systems
    .filter((s) => s.kind !== 'ministry')
    .flatMap((system) =>
      KINDS.flatMap((kind) =>
        (['own', 'others', 'out'] as Situation[])
          .filter((situation) => !(situation === 'others' && ownerOf(kind).id === system.id))
          .map((situation) => ({ system, kind, situation, outcome: expected(system, kind, situation) })),
      ),
    );

  it('derives a matrix in which each outcome occurs', () => {
    const outcomes = new Set(cases.map((c) => c.outcome));
    expect([...outcomes].sort()).toEqual([201, 'process_not_owned', 'publish_not_allowed'].sort());
  });

  it.each(cases.map((c) => [c.system.id, `${c.kind.recordType}/${c.kind.subtype}`, c.situation, c.outcome, c] as const))(
    '%s pushing a %s into %s process: %s',
    async (_id, _kind, _situation, outcome, { system, kind, situation }) => {
      const region = situation === 'out' ? OUT_OF_AREA : IN_AREA;
      const target = situation === 'others' ? await opened(kind) : null;
      const processKey = target?.processKey ?? `${kind.recordType === 'notice' ? 'ocds-new' : 'ORD-new'}-${uniqueSuffix()}`;
      const record = recordOf(kind, processKey, region);
      const res = await push(system.id, record);
      if (outcome === 201) {
        expect(res.status).toBe(201);
        await eventually(async () => (await compiled(processKey)).includes(record.id), 10_000, 'the accepted record in its process');
        return;
      }
      expect(res.status).toBe(403);
      const problem = await json(res);
      expect(problem.code ?? problem.type.split('/').pop()).toBe(outcome);
      // Nothing changed: no receipt, no record id taken, no owner made.
      expect(await gw.services.stores.ingest.receipt(record.id, record.version)).toBeNull();
      expect(await gw.services.stores.ingest.recordOwners([record.id])).toEqual(new Map());
      const owners = await gw.services.stores.ingest.processOwners([processKey]);
      expect(owners.get(processKey)).toBe(target ? ownerOf(kind).id : undefined);
    },
  );

  it('refuses the issue attack: a foreign record with the same ocid, its own id and a later date, leaving the compiled view unchanged', async () => {
    const processKey = `ocds-attack-${uniqueSuffix()}`;
    const tender = recordOf({ recordType: 'notice', subtype: 'tender' }, processKey, IN_AREA, {
      title: '省级采购项目',
      date: '2026-03-01T09:00:00+08:00',
    });
    expect((await push('fj-gpms', tender)).status).toBe(201);
    await eventually(async () => (await compiled(processKey)).length === 1, 10_000, 'the tender');
    const before = await (
      await gw.app.request(`/v1/records/${processKey}`, { headers: { authorization: `Bearer ${ownershipKeys.mof}` } })
    ).text();
    // Fuzhou may publish notices for 350102, so publishing rights alone would let it in.
    const hijack = recordOf({ recordType: 'notice', subtype: 'tender' }, processKey, IN_AREA, {
      title: 'Hijacked title',
      date: '2026-03-09T09:00:00+08:00',
    });
    const res = await push('fz-gpms', hijack);
    expect(res.status).toBe(403);
    const problem = await json(res);
    expect(problem.type).toMatch(/process_not_owned$/);
    expect(problem.processKey).toBe(processKey);
    expect(problem.ownerKind).toBe('provincial');
    expect(JSON.stringify(problem)).not.toContain('fj-gpms');
    // The refused record left no trace: the compiled view and history are as before.
    const after = await (
      await gw.app.request(`/v1/records/${processKey}`, { headers: { authorization: `Bearer ${ownershipKeys.mof}` } })
    ).text();
    expect(after).toBe(before);
    expect(after).not.toContain('Hijacked');
    const history = await json(
      await gw.app.request(`/v1/records/${processKey}/history`, { headers: { authorization: `Bearer ${ownershipKeys.mof}` } }),
    );
    expect(history.versions.map((v: { recordId: string }) => v.recordId)).toEqual([tender.id]);
  });

  it('answers a refused record in a batch with its own problem and accepts the rest', async () => {
    const { processKey } = await opened({ recordType: 'notice', subtype: 'tender' });
    const award = recordOf({ recordType: 'notice', subtype: 'award' }, processKey, IN_AREA);
    const tender = recordOf({ recordType: 'notice', subtype: 'correction' }, processKey, IN_AREA);
    const foreign = recordOf({ recordType: 'notice', subtype: 'award' }, processKey, IN_AREA);
    const platform = await json(await push('ggzy-fj', [award, tender], '/v1/records/batch'));
    expect(platform.results.map((r: { status: number }) => r.status)).toEqual([201, 201]);
    const other = await json(await push('zj-gpms', [foreign], '/v1/records/batch'));
    // Zhejiang may not publish for Fujian at all: refused before ownership is even asked.
    expect(other.results[0].problem.type).toMatch(/publish_not_allowed$/);
    const city = await json(
      await push('fz-gpms', [recordOf({ recordType: 'notice', subtype: 'award' }, processKey, IN_AREA)], '/v1/records/batch'),
    );
    expect(city.results[0].status).toBe(403);
    expect(city.results[0].problem.type).toMatch(/process_not_owned$/);
  });

  it('keeps records stored before ownership existed out of reads unless they were allowed', async () => {
    const { processKey, first } = await opened({ recordType: 'notice', subtype: 'tender' });
    // Appended as the gateway accepted them before ownership was enforced: a foreign one and a granted one.
    const foreign = recordOf({ recordType: 'notice', subtype: 'tender' }, processKey, IN_AREA, { date: '2026-03-05T09:00:00+08:00' });
    const contribution = recordOf({ recordType: 'notice', subtype: 'award' }, processKey, IN_AREA, { date: '2026-03-06T09:00:00+08:00' });
    await gw.services.log.append([
      envelopeFor(foreign, 'fz-gpms', SCHEMA, new Date()),
      envelopeFor(contribution, 'ggzy-fj', SCHEMA, new Date()),
    ]);
    // Projected and indexed (the projector confirms their receipts, naming their publishers).
    await eventually(
      async () => (await gw.services.stores.ingest.recordOwners([foreign.id, contribution.id])).size === 2,
      10_000,
      'the old records',
    );
    expect(await compiled(processKey)).toEqual([first.id, contribution.id]);
    const history = await json(
      await gw.app.request(`/v1/records/${foreign.id}/history`, { headers: { authorization: `Bearer ${ownershipKeys.mof}` } }),
    );
    expect(history.versions.map((v: { recordId: string }) => v.recordId).sort()).toEqual([first.id, contribution.id].sort());
  });

  it('applies a declared transfer once, audited: the successor publishes into the processes, the old system may not', async () => {
    const { processKey } = await opened({ recordType: 'notice', subtype: 'tender' });
    registry.transfers = [
      {
        id: `fj-migration-${uniqueSuffix()}`,
        from: 'fj-gpms',
        to: 'fj-gpms-next',
        processPrefix: processKey,
        reason: 'platform migration',
      },
    ];
    expect((await gw.services.registry.reload()).ok).toBe(true);
    const apply = gw.services.lifecycle.find((l) => l.name === 'ownership-transfers')!;
    await apply.start();
    // A second application (a reload, another process) applies nothing again.
    await apply.start();
    const audited = await gw.services.audit.list({ action: 'process.ownership_transferred', limit: 10 });
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ actor: 'operator', target: processKey, systems: ['fj-gpms', 'fj-gpms-next'] });
    const next = recordOf({ recordType: 'notice', subtype: 'correction' }, processKey, IN_AREA);
    expect((await push('fj-gpms-next', next)).status).toBe(201);
    const old = await push('fj-gpms', recordOf({ recordType: 'notice', subtype: 'correction' }, processKey, IN_AREA));
    expect(old.status).toBe(403);
    // Nor may the old system open new processes under the transferred prefix.
    const fresh = await push('fj-gpms', recordOf({ recordType: 'notice', subtype: 'tender' }, `${processKey}-b`, IN_AREA));
    expect(fresh.status).toBe(403);
    // Its earlier records stay in the process it handed over.
    await eventually(async () => (await compiled(processKey)).length === 2, 10_000, 'the successor record');
  });
});
