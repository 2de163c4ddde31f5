/**
 * POST /v1/systems/{systemId}/inbound end to end on the embedded gateway with the real standard:
 * each adapter's native fixtures go in in the system's own media type and encoding, come out as
 * receipts from the normal ingest pipeline, and land in the journal; bad payloads are problems.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandardRecord } from '../../gateway/core/records.ts';
import { hashApiKey } from '../../gateway/registry/registry.ts';
import type { SystemEntry } from '../../gateway/registry/types.ts';
import { createStandard } from '../../gateway/standard/index.ts';
import { json, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { keys, testRegistry } from '../support/registry.ts';
import { eventually } from '../support/wait.ts';

const fixture = (path: string) => readFileSync(new URL(`../../adapters/${path}`, import.meta.url));
const standardFixture = (path: string) => JSON.parse(fixture(path).toString('utf8')) as StandardRecord[];

const nativeKeys = {
  platform: 'test-key-native-platform-000001',
  province: 'test-key-native-province-000002',
  emall: 'test-key-native-emall-00000003',
};

function system(
  id: string,
  kind: SystemEntry['kind'],
  key: string,
  recordTypes: ('notice' | 'transaction')[],
  adapter: SystemEntry['adapter'],
): SystemEntry {
  return {
    id,
    name: id,
    kind,
    publish: { areas: ['350000'], recordTypes },
    credentials: { apiKeys: [{ id: 'test', sha256: hashApiKey(key) }] },
    adapter,
  };
}

const systems = [
  system('ggzy-native', 'trading-platform', nativeKeys.platform, ['notice'], {
    id: 'national-trading-platform',
    config: { ocidPrefix: 'ocds-pxg350', platformCode: '12350100MB0167898Y', pubServicePlatCode: '12350000MB01234570' },
  }),
  system('fj-native', 'provincial', nativeKeys.province, ['notice'], { id: 'provincial-fujian', config: { ocidPrefix: 'ocds-pxg351' } }),
  system('emall-native', 'e-marketplace', nativeKeys.emall, ['transaction'], {
    id: 'emall',
    config: { marketplaceName: '福建省网上超市', marketplaceUrl: 'https://emall.example.gov.cn/' },
  }),
];

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({
    registry: testRegistry(systems),
    overrides: { standard: createStandard(), logger: { info() {}, warn() {}, error() {} } },
  });
});
afterAll(() => gw.close());

async function pushNative(systemId: string, key: string, body: Uint8Array | string, contentType: string, lang = 'en') {
  const res = await gw.app.request(`/v1/systems/${systemId}/inbound`, {
    method: 'POST',
    body,
    headers: { authorization: `Bearer ${key}`, 'content-type': contentType, 'accept-language': lang },
  });
  return { status: res.status, type: res.headers.get('content-type'), body: await json(res) };
}

async function journalRecord(id: string): Promise<StandardRecord> {
  const entries = await eventually(
    async () => {
      const versions = await gw.services.stores.journal.recordVersions(id);
      return versions.length > 0 && versions;
    },
    10_000,
    `record ${id} in the journal`,
  );
  return entries.at(-1)!.envelope.data;
}

describe('native inbound through adapters', () => {
  it('ingests a trading-platform XML data package (550–554) into receipts and the journal, and answers duplicates on a retry', async () => {
    const xml = fixture('national-trading-platform/fixtures/native/gljy-2026-015-series.xml');
    const first = await pushNative('ggzy-native', nativeKeys.platform, xml, 'application/xml');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ adapter: 'national-trading-platform', accepted: 5, duplicates: 0, rejected: 0 });
    const expected = standardFixture('national-trading-platform/fixtures/standard/gljy-2026-015-series.json');
    expect(first.body.results.map((r: { receipt: { recordId: string } }) => r.receipt.recordId)).toEqual(expected.map((r) => r.id));
    expect(await journalRecord('GGZY-554-GLJY2026015')).toEqual(expected[4]);

    const retry = await pushNative('ggzy-native', nativeKeys.platform, xml, 'application/xml; charset=utf-8');
    expect(retry.body).toMatchObject({ accepted: 0, duplicates: 5, rejected: 0 });
    expect(retry.body.results[0].receipt).toEqual(first.body.results[0].receipt);
  });

  it('ingests a GB18030 CSV export with rare characters (4-byte sequences) intact in the standard record', async () => {
    const csv = fixture('provincial-fujian/fixtures/native/fuzhou-notices.csv');
    const { status, body } = await pushNative('fj-native', nativeKeys.province, csv, 'text/csv; charset=GB18030');
    expect(status).toBe(200);
    expect(body).toMatchObject({ accepted: 5, rejected: 0 });
    const award = (await journalRecord('FJZC-2026-JG-05512')) as StandardRecord & { awards: { evaluationPanel: string[] }[] };
    expect(award.awards[0]!.evaluationPanel).toEqual(['刘䶮', '林𠀀', '王㐀', '黄丽', '陈晓东']);
    expect(award.ocid).toBe('ocds-pxg351-MHEZ-2026-003');
  });

  it('ingests pushed e-marketplace order events as transactions', async () => {
    const { status, body } = await pushNative(
      'emall-native',
      nativeKeys.emall,
      fixture('emall/fixtures/native/pushed-order.json'),
      'application/json',
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ accepted: 2, rejected: 0 });
    expect(await journalRecord('EV-20260415-0001601')).toEqual(standardFixture('emall/fixtures/standard/pushed-order.json')[1]);
  });

  it('answers 415 with a problem for a media type or charset the system’s adapter does not take', async () => {
    const xml = fixture('national-trading-platform/fixtures/native/551-tender.xml');
    const wrongType = await pushNative('ggzy-native', nativeKeys.platform, xml, 'application/json');
    expect(wrongType.status).toBe(415);
    expect(wrongType.type).toMatch(/^application\/problem\+json/);
    expect(wrongType.body).toMatchObject({ code: 'unsupported_media_type', status: 415 });
    const wrongCharset = await pushNative('ggzy-native', nativeKeys.platform, xml, 'application/xml; charset=gb18030');
    expect(wrongCharset.status).toBe(415);
  });

  it('refuses a DOCTYPE with external entities as a 400 problem without expanding it', async () => {
    const xml = fixture('national-trading-platform/fixtures/invalid/billion-laughs.xml');
    const { status, type, body } = await pushNative('ggzy-native', nativeKeys.platform, xml, 'application/xml');
    expect(status).toBe(400);
    expect(type).toMatch(/^application\/problem\+json/);
    expect(body).toMatchObject({
      code: 'adapter.xml-entity',
      status: 400,
      type: 'https://procurement-exchange.example/problems/adapter.xml-entity',
      retriable: false,
    });
    expect(body.requestId).toEqual(expect.any(String));
  });

  it('refuses an unmapped data set (556) as a 422 problem, in Chinese when asked', async () => {
    const xml = fixture('national-trading-platform/fixtures/invalid/556-bid-opening-record.xml');
    const { status, body } = await pushNative('ggzy-native', nativeKeys.platform, xml, 'application/xml', 'zh-CN');
    expect(status).toBe(422);
    expect(body.code).toBe('adapter.mapping');
    expect(body.detail).toContain('开标记录');
    expect(body.errors[0]).toMatchObject({ pointer: '/DATA_PACKAGE/RECORD[1]/TITLE/DATA_SET_CODE', keyword: 'unmapped' });
    // The monitor holds the refusal against the system.
    const codes = await gw.services.stores.monitor.rejectionCodes(0);
    expect(codes).toContainEqual({ systemId: 'ggzy-native', code: 'adapter.mapping', count: 1 });
  });

  it('refuses bytes that are not GB18030 as a 400 encoding problem', async () => {
    const bad = fixture('provincial-fujian/fixtures/invalid/invalid-gb18030-bytes.csv');
    const { status, body } = await pushNative('fj-native', nativeKeys.province, bad, 'text/csv; charset=gb18030');
    expect(status).toBe(400);
    expect(body.code).toBe('adapter.encoding');
  });

  it('passes translated records through the standard: an invalid record is rejected per record like in a batch', async () => {
    // A tender whose bid deadline comes before its documents are even available breaks the standard's rules.
    const xml = fixture('national-trading-platform/fixtures/native/551-tender.xml')
      .toString('utf8')
      .replaceAll('GGZY-551-GLJY2026015', 'GGZY-551-EARLY')
      .replace('<BID_CLOSING_TIME>20260323093000', '<BID_CLOSING_TIME>20260305093000');
    const { status, body } = await pushNative('ggzy-native', nativeKeys.platform, xml, 'application/xml');
    expect(status).toBe(200);
    expect(body).toMatchObject({ accepted: 0, rejected: 1 });
    expect(body.results[0].problem).toMatchObject({ code: 'record_invalid', status: 422 });
  });

  it('lets a system push only to its own inbound, and only when it has an adapter', async () => {
    const xml = fixture('national-trading-platform/fixtures/native/551-tender.xml');
    const other = await pushNative('fj-native', nativeKeys.platform, xml, 'application/xml');
    expect(other.status).toBe(403);
    const none = await pushNative('fj-gpms', keys.fujian, xml, 'application/xml');
    expect(none.status).toBe(404);
    const anonymous = await gw.app.request('/v1/systems/ggzy-native/inbound', {
      method: 'POST',
      body: xml,
      headers: { 'content-type': 'application/xml' },
    });
    expect(anonymous.status).toBe(401);
  });
});
