/**
 * A gateway with public publication on (award, contract, intention notices; tenders stay private),
 * and a journal holding real example notices accepted on two days, with personal data planted:
 * contact points, and a natural person supplier identified by a resident ID.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { type EventEnvelope, envelopeFor, type StandardRecord } from '../../gateway/core/index.ts';
import type { PublicationSection } from '../../gateway/registry/index.ts';
import type { StateStores } from '../../gateway/store/index.ts';
import { testRegistry } from '../support/registry.ts';

/** The publication section of these tests. */
export const PUBLICATION: PublicationSection = {
  notices: { noticeTypes: ['award', 'contract', 'intention'] },
  publisher: { name: '福建省政府采购网' },
  uriBase: 'https://gateway.example/public/ocds/',
};

/** The registry with publication on. */
export function publishingRegistry(publication: PublicationSection = PUBLICATION) {
  return { ...testRegistry(), publication };
}

function example(name: string): StandardRecord {
  return JSON.parse(readFileSync(new URL(`../../schemas/v1/examples/valid/${name}.json`, import.meta.url), 'utf8')) as StandardRecord;
}

/** The resident ID of the natural person supplier: it must never leave through /public/. */
export const RESIDENT_ID = '11010519491231002X';
/** Personal strings of the example notices' contact points. */
export const PERSONAL = ['林老师', '陈工', '0591-87712345', '0591-83306789', 'bid@rongxin-zb.com.cn', RESIDENT_ID];

/** An award in Hangzhou (330100) won by a natural person. */
function personAward(): StandardRecord {
  const award = example('notice-award') as unknown as Record<string, unknown> & StandardRecord;
  const personId = `CN-RESIDENT-${RESIDENT_ID}`;
  const parties = (award.parties as Record<string, unknown>[]).map((p) =>
    (p.roles as string[]).includes('supplier')
      ? { ...p, id: personId, name: '张三', identifier: { scheme: 'CN-RESIDENT', id: RESIDENT_ID }, address: undefined }
      : p,
  );
  const text = JSON.stringify({
    ...award,
    id: 'ZJHZ-2026-001-N03',
    ocid: 'ocds-px0001-ZJHZ-2026-001',
    regionCode: '330106',
    parties,
  }).replaceAll(String((award.parties as { id: string; roles: string[] }[]).find((p) => p.roles.includes('supplier'))!.id), personId);
  return JSON.parse(text) as StandardRecord;
}

/** The notices of the tests with the day each was accepted on. */
export function notices(): { record: StandardRecord; time: string }[] {
  return [
    { record: example('notice-tender'), time: '2026-04-08T09:00:00+08:00' },
    { record: example('notice-award'), time: '2026-04-08T10:00:00+08:00' },
    { record: example('notice-intention'), time: '2026-04-08T23:59:00+08:00' },
    { record: example('transaction-order'), time: '2026-04-08T11:00:00+08:00' },
    { record: example('notice-contract'), time: '2026-04-09T08:00:00+08:00' },
    { record: personAward(), time: '2026-04-09T09:00:00+08:00' },
  ];
}

/** Projects the notices into the journal as the projector would; returns their envelopes and log positions. */
export async function project(stores: StateStores, tag = 'p'): Promise<{ envelopes: EventEnvelope[]; positions: string[] }> {
  const envelopes = notices().map(({ record, time }) => ({
    ...envelopeFor(record, 'fj-gpms', 'https://procurement-exchange.example/schemas/v1/notice.schema.json', new Date(time)),
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  }));
  const positions = envelopes.map((_, i) => `${tag}-log-position-${i}`);
  await stores.journal.project(envelopes.map((envelope, i) => ({ logPosition: positions[i]!, envelope })));
  return { envelopes, positions };
}

/** The lines of a gzipped JSON Lines file. */
export function jsonLines(gzip: Uint8Array): Record<string, unknown>[] {
  return gunzipSync(gzip)
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Every key anywhere in a JSON value. */
export function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) keysOf(item, into);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      into.add(key);
      keysOf(item, into);
    }
  }
  return into;
}

/** The release ids (`{noticeId}-v{version}`) in a release package. */
export function releaseIds(pkg: Record<string, unknown>): string[] {
  return (pkg.releases as { id: string }[]).map((r) => r.id);
}
