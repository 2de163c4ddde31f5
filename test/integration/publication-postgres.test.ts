/**
 * Public publication on the distributed deployment: two gateway processes share one PostgreSQL
 * state store. Either serves the public routes over the shared journal; one builds a bulk day
 * (the other holding the lease builds nothing), and every process serves the stored file.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PostgresStore } from '../../gateway/store/postgres/index.ts';
import { jsonLines, project, publishingRegistry, releaseIds } from '../publication/support.ts';
import { json, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { databaseUrl, describePostgres, type FreshSchema, freshSchema } from '../support/postgres.ts';

describePostgres('public publication on PostgreSQL', () => {
  let db: FreshSchema;
  let a: TestGateway;
  let b: TestGateway;

  beforeAll(async () => {
    db = await freshSchema('publication');
    const url = await databaseUrl();
    const stores = () => new PostgresStore({ url, schema: db.schema, maxConnections: 4 });
    a = await startTestGateway({ registry: publishingRegistry(), overrides: { stores: stores() } });
    b = await startTestGateway({ registry: publishingRegistry(), overrides: { stores: stores() } });
    await project(a.services.stores);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  const get = (gw: TestGateway, path: string) => gw.app.request(`http://gateway.example${path}`);

  it('serves the same public releases and record packages from either process', async () => {
    const fromA = await json(await get(a, '/public/ocds/releases'));
    const fromB = await json(await get(b, '/public/ocds/releases'));
    expect(releaseIds(fromB).sort()).toEqual(
      ['FJGL-2026-GK-0012-N03-v1', 'FJGL-2026-GK-0012-N04-v1', 'FZYZ-2026-YX-003-N01-v1', 'ZJHZ-2026-001-N03-v1'].sort(),
    );
    expect(fromB).toEqual(fromA);
    const record = await get(b, '/public/ocds/records/ocds-px0001-FJGL-2026-GK-0012');
    expect(record.status).toBe(200);
    expect((await json(record)).records[0].ocid).toBe('ocds-px0001-FJGL-2026-GK-0012');
  });

  it('builds a day in one process only while another holds the lease, and every process serves it', async () => {
    expect(await b.services.stores.publication.lease('bulk-build', 'another-process', 60_000, Date.now())).toBe(true);
    expect(await a.services.publication.bulk.buildDue()).toEqual([]);
    await b.services.stores.publication.releaseLease('bulk-build', 'another-process');

    const built = await a.services.publication.bulk.buildDue();
    expect(built.slice(0, 2)).toEqual(['2026-04-08', '2026-04-09']);
    const index = await json(await get(b, '/public/bulk'));
    const day = index.days.find((d: { day: string }) => d.day === '2026-04-08');
    const res = await get(b, '/public/bulk/2026-04-08.jsonl.gz');
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(day.sha256);
    expect(jsonLines(bytes).flatMap((l) => releaseIds(l))).toEqual(['FJGL-2026-GK-0012-N03-v1', 'FZYZ-2026-YX-003-N01-v1']);
    const manifest = await json(await get(a, '/public/bulk/2026-04-08.manifest.json'));
    expect(manifest.files[0].sha256).toBe(day.sha256);
  });
});
