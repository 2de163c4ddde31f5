/**
 * The publication policy decides everything public: off by default, a narrowed policy applies at
 * the next registry reload to every public answer, and bulk files built under the former policy
 * are neither listed nor served until rebuilt.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SystemRegistry } from '../../gateway/registry/registry.ts';
import { json, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { testRegistry } from '../support/registry.ts';
import { jsonLines, PUBLICATION, project, publishingRegistry, releaseIds } from './support.ts';

let gw: TestGateway | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

const get = (path: string) => gw!.app.request(`http://gateway.example${path}`);

describe('the publication policy', () => {
  it('publishes nothing when the registry has no publication section', async () => {
    gw = await startTestGateway({ registry: testRegistry() });
    await project(gw.services.stores);
    expect(releaseIds(await json(await get('/public/ocds/releases')))).toEqual([]);
    expect((await get('/public/ocds/records/ocds-px0001-FJGL-2026-GK-0012')).status).toBe(404);
    expect(await gw.services.publication.bulk.buildDue()).toEqual([]);
    expect((await json(await get('/public/bulk'))).days).toEqual([]);
    expect(await (await get('/public/atom/350000.xml')).text()).not.toContain('<entry>');
  });

  it('applies a narrowed policy at the next reload to every answer, and rebuilds bulk files built under the former one', async () => {
    const registry = publishingRegistry();
    gw = await startTestGateway({ registry });
    await project(gw.services.stores);
    await gw.services.publication.bulk.buildDay('2026-04-08');
    expect((await get('/public/bulk/2026-04-08.jsonl.gz')).status).toBe(200);

    registry.publication = { ...PUBLICATION, notices: { noticeTypes: ['intention'] } };
    expect((await gw.services.registry.reload()).ok).toBe(true);

    expect(releaseIds(await json(await get('/public/ocds/releases')))).toEqual(['FZYZ-2026-YX-003-N01-v1']);
    expect((await get('/public/ocds/records/ocds-px0001-FJGL-2026-GK-0012')).status).toBe(404);
    expect(await (await get('/public/atom/350000.xml')).text()).not.toContain('中标');
    // The day built under the former policy held the award: it is neither listed nor served.
    expect((await get('/public/bulk/2026-04-08.jsonl.gz')).status).toBe(404);
    expect((await get('/public/bulk/2026-04-08.manifest.json')).status).toBe(404);
    expect((await json(await get('/public/bulk'))).days).toEqual([]);

    expect(await gw.services.publication.bulk.buildDue()).toContain('2026-04-08');
    const res = await get('/public/bulk/2026-04-08.jsonl.gz');
    expect(jsonLines(new Uint8Array(await res.arrayBuffer())).flatMap((l) => releaseIds(l))).toEqual(['FZYZ-2026-YX-003-N01-v1']);
  });

  it('limits publication to the listed areas, a province covering its cities', async () => {
    gw = await startTestGateway({
      registry: publishingRegistry({ ...PUBLICATION, notices: { noticeTypes: ['award'], areas: ['330000'] } }),
    });
    await project(gw.services.stores);
    expect(releaseIds(await json(await get('/public/ocds/releases')))).toEqual(['ZJHZ-2026-001-N03-v1']);
  });

  it('refuses a registry that would publish e-marketplace transactions', async () => {
    const registry = new SystemRegistry({ content: { ...testRegistry(), publication: { transactions: { transactionTypes: ['order'] } } } });
    await expect(registry.start()).rejects.toThrow(/publication/);
  });
});
