/**
 * The public routes end to end over SQLite: only what the publication policy enables appears,
 * nothing personal and nothing internal leaks, pages continue by Link rel=next, answers are
 * cacheable (ETag → 304), and the daily bulk files are built once and served with their digests.
 */
import { createHash } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../gateway/core/index.ts';
import { validateOcdsRecordPackage, validateOcdsReleasePackage } from '../../gateway/standard/ocds-schema.ts';
import { json, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { jsonLines, keysOf, PERSONAL, project, publishingRegistry, releaseIds } from './support.ts';

/** Keys that exist only in the gateway's internals: the envelope's attributes, receipts, log positions, contacts. */
const DENIED_KEYS = [
  'specversion',
  'source',
  'subject',
  'datacontenttype',
  'dataschema',
  'recordversion',
  'processkey',
  'contenthash',
  'contentHash',
  'traceparent',
  'logPosition',
  'seq',
  'eventId',
  'sourceSystem',
  'proof',
  'signature',
  'acceptedAt',
  'contactPoint',
  'telephone',
  'faxNumber',
  'email',
];

let gw: TestGateway;
let envelopes: EventEnvelope[];
let positions: string[];

beforeAll(async () => {
  gw = await startTestGateway({ registry: publishingRegistry() });
  ({ envelopes, positions } = await project(gw.services.stores));
});
afterAll(() => gw?.close());

const get = (path: string, headers: Record<string, string> = {}) => gw.app.request(`http://gateway.example${path}`, { headers });

/** Every public answer of this data, as text (bulk files decompressed). */
async function everyPublicAnswer(): Promise<Map<string, string>> {
  await gw.services.publication.bulk.buildDay('2026-04-08');
  await gw.services.publication.bulk.buildDay('2026-04-09');
  const paths = [
    '/public/ocds/releases?limit=1000',
    '/public/ocds/records/ocds-px0001-FJGL-2026-GK-0012',
    '/public/ocds/records/ocds-px0001-ZJHZ-2026-001',
    '/public/ocds/records/ocds-px0001-FZYZ-2026-YX-003',
    '/public/bulk',
    '/public/bulk/2026-04-08.manifest.json',
    '/public/bulk/2026-04-09.manifest.json',
    '/public/atom/350000.xml',
    '/public/atom/330000.xml',
  ];
  const answers = new Map<string, string>();
  for (const path of paths) {
    const res = await get(path);
    expect(res.status, path).toBe(200);
    answers.set(path, await res.text());
  }
  for (const day of ['2026-04-08', '2026-04-09']) {
    const res = await get(`/public/bulk/${day}.jsonl.gz`);
    expect(res.status).toBe(200);
    answers.set(
      day,
      jsonLines(new Uint8Array(await res.arrayBuffer()))
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );
  }
  return answers;
}

/** A JSON answer, or JSON Lines (a decompressed bulk file). */
function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text.split('\n').map((line) => JSON.parse(line));
  }
}

describe('public publication', () => {
  it('publishes the enabled notice types only: no tender, no transaction, in any public answer', async () => {
    const res = await get('/public/ocds/releases?limit=1000');
    const pkg = await json(res);
    expect(releaseIds(pkg).sort()).toEqual(
      ['FJGL-2026-GK-0012-N03-v1', 'FJGL-2026-GK-0012-N04-v1', 'FZYZ-2026-YX-003-N01-v1', 'ZJHZ-2026-001-N03-v1'].sort(),
    );
    for (const [path, text] of await everyPublicAnswer()) {
      expect(text, path).not.toContain('FJGL-2026-GK-0012-N01');
      expect(text, path).not.toMatch(/"recordType":"transaction"|transactionType/);
    }
  });

  it('leaks no internal field and no personal data in any public answer', async () => {
    const internalValues = [...envelopes.flatMap((e) => [e.id, e.source, e.contenthash, e.traceparent!]), ...positions];
    for (const [path, text] of await everyPublicAnswer()) {
      const parsed = path.endsWith('.xml') ? new XMLParser({ ignoreAttributes: false }).parse(text) : jsonOf(text);
      const keys = keysOf(parsed);
      expect(
        DENIED_KEYS.filter((k) => keys.has(k)),
        path,
      ).toEqual([]);
      expect(
        internalValues.filter((v) => text.includes(v)),
        path,
      ).toEqual([]);
      expect(
        PERSONAL.filter((v) => text.includes(v)),
        path,
      ).toEqual([]);
    }
  });

  it('keeps a natural person supplier by name under a pseudonymous party id', async () => {
    const pkg = await json(await get('/public/ocds/records/ocds-px0001-ZJHZ-2026-001'));
    const parties = pkg.records[0].compiledRelease.parties as { id: string; name: string; identifier?: unknown }[];
    const person = parties.find((p) => p.name === '张三')!;
    expect(person.id).toMatch(/^natural-person-\d+$/);
    expect(person.identifier).toBeUndefined();
  });

  it('continues a page by Link rel=next, missing nothing and repeating nothing', async () => {
    const seen: string[] = [];
    let next: string | undefined = '/public/ocds/releases?limit=1';
    for (let i = 0; i < 10 && next; i++) {
      const res = await get(next);
      const pkg = await json(res);
      const link = /^<([^>]+)>; rel="next"$/.exec(res.headers.get('link') ?? '');
      expect(link?.[1]).toMatch(/^http:\/\/gateway\.example\/public\/ocds\/releases\?since=\d+&limit=1$/);
      seen.push(...releaseIds(pkg));
      next = releaseIds(pkg).length === 0 ? undefined : new URL(link![1]!).pathname + new URL(link![1]!).search;
    }
    expect(seen.sort()).toEqual(releaseIds(await json(await get('/public/ocds/releases?limit=1000'))).sort());
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('answers 304 to a matching If-None-Match and 200 with the body to another', async () => {
    const first = await get('/public/ocds/records/ocds-px0001-FJGL-2026-GK-0012');
    const etag = first.headers.get('etag')!;
    expect(first.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    const again = await get('/public/ocds/records/ocds-px0001-FJGL-2026-GK-0012', { 'if-none-match': `"other", ${etag}` });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const other = await get('/public/ocds/records/ocds-px0001-FJGL-2026-GK-0012', { 'if-none-match': '"other"' });
    expect(other.status).toBe(200);
  });

  it('answers 404 for a process none of whose notices is public', async () => {
    // The tender alone is not public; a process with no notice at all neither.
    await gw.services.stores.journal.project([
      {
        logPosition: 'x',
        envelope: { ...envelopes[0]!, id: 'evt-lone', data: { ...envelopes[0]!.data, ocid: 'ocds-px0001-LONE', id: 'LONE-N01' } },
      },
    ]);
    expect((await get('/public/ocds/records/ocds-px0001-LONE')).status).toBe(404);
    expect((await get('/public/ocds/records/ocds-px0001-NONE')).status).toBe(404);
  });

  it('serves a valid Atom 1.0 feed per area, a province including its cities, titles in Chinese', async () => {
    const res = await get('/public/atom/350000.xml');
    expect(res.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
    const text = await res.text();
    expect(XMLValidator.validate(text)).toBe(true);
    const feed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'entry' || name === 'link' }).parse(text).feed;
    expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    for (const element of ['id', 'title', 'updated', 'author']) expect(feed[element], element).toBeDefined();
    const titles = feed.entry.map((e: { title: string }) => e.title);
    expect(titles).toContain('【中标（成交）结果公告】福州市鼓楼区中小学教学计算机采购项目中标结果公告');
    expect(titles.some((t: string) => t.includes('招标公告】'))).toBe(false);
    for (const entry of feed.entry) {
      for (const element of ['id', 'title', 'updated']) expect(entry[element], element).toBeDefined();
      const href = entry.link[0]['@_href'] as string;
      expect(href).toMatch(/^http:\/\/gateway\.example\/public\/ocds\/records\//);
      expect((await get(new URL(href).pathname)).status).toBe(200);
    }
    const zhejiang = new XMLParser({ isArray: (name) => name === 'entry' }).parse(await (await get('/public/atom/330000.xml')).text()).feed;
    expect(zhejiang.entry.map((e: { title: string }) => e.title)).toHaveLength(1);
    const xiamen = new XMLParser().parse(await (await get('/public/atom/350200.xml')).text()).feed;
    expect(xiamen.entry).toBeUndefined();
  });
});

describe('OCDS validity', () => {
  it('answers release and record packages, and bulk lines, that are valid OCDS 1.1', async () => {
    expect(validateOcdsReleasePackage(await json(await get('/public/ocds/releases?limit=1000')))).toEqual([]);
    // A page past the end has no release: a poll answer (OCDS wants at least one release in a package).
    expect((await json(await get('/public/ocds/releases?since=999999'))).releases).toEqual([]);
    for (const ocid of ['ocds-px0001-FJGL-2026-GK-0012', 'ocds-px0001-ZJHZ-2026-001']) {
      expect(validateOcdsRecordPackage(await json(await get(`/public/ocds/records/${ocid}`))), ocid).toEqual([]);
    }
    const stored = await gw.services.publication.bulk.buildDay('2026-04-09');
    const lines = jsonLines(stored.gzip);
    expect(lines.length).toBe(2);
    for (const line of lines) expect(validateOcdsReleasePackage(line)).toEqual([]);
  });
});

describe('daily bulk files', () => {
  it('builds each ended day once, with a manifest whose digest and counts match the file', async () => {
    const built = await gw.services.publication.bulk.buildDue();
    // Days already built by the test above under the same policy are not built again.
    expect(built.filter((d) => d === '2026-04-08' || d === '2026-04-09')).toEqual([]);
    const index = await json(await get('/public/bulk'));
    const day = index.days.find((d: { day: string }) => d.day === '2026-04-08');
    const manifest = await json(await get('/public/bulk/2026-04-08.manifest.json'));
    const res = await get('/public/bulk/2026-04-08.jsonl.gz');
    expect(res.headers.get('content-type')).toBe('application/gzip');
    const bytes = new Uint8Array(await res.arrayBuffer());
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(manifest.files[0]).toMatchObject({ name: '2026-04-08.jsonl.gz', sha256, bytes: bytes.length });
    expect(day).toMatchObject({ sha256, bytes: bytes.length });
    const lines = jsonLines(bytes);
    // 2026-04-08 (Asia/Shanghai): the award and the intention; the tender and the order are not public.
    expect(lines.flatMap((l) => releaseIds(l)).sort()).toEqual(['FJGL-2026-GK-0012-N03-v1', 'FZYZ-2026-YX-003-N01-v1']);
    expect(manifest.files[0].releases).toBe(2);
    for (const line of lines) expect(line).toMatchObject({ version: '1.1', publisher: { name: '福建省政府采购网' } });
  });

  it('builds every past day the journal covers that is not built yet', async () => {
    const other = await startTestGateway({ registry: publishingRegistry() });
    try {
      await project(other.services.stores);
      const built = await other.services.publication.bulk.buildDue();
      expect(built.slice(0, 2)).toEqual(['2026-04-08', '2026-04-09']);
      // A run builds at most a month; later runs continue the backfill until every ended day is built.
      let runs = 1;
      while ((await other.services.publication.bulk.buildDue()).length > 0 && runs < 20) runs += 1;
      expect(runs).toBeLessThan(20);
      const days = (await other.services.stores.publication.bulkDays()).map((d) => d.day);
      expect(days[0]).toBe('2026-04-08');
      expect(new Set(days).size).toBe(days.length);
      expect(await other.services.publication.bulk.buildDue()).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('refuses path traversal and odd names in the bulk file name with 404', async () => {
    for (const name of ['..%2F..%2Fstate.db', '2026-04-08.jsonl', '2026-13-40.jsonl.gz', '2026-04-08.manifest.json.gz', '%00']) {
      const res = await get(`/public/bulk/${name}`);
      expect(res.status, name).toBe(404);
    }
  });
});
