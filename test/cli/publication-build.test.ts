/** `pxg publication build <day>`: builds a day's public bulk file in the configured state store and prints its manifest. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStateStores } from '../../gateway/store/sqlite/index.ts';
import { jsonLines, project, publishingRegistry, releaseIds } from '../publication/support.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
let dataDir: string;
let registryFile: string;

const pxg = (args: string[], registry = registryFile) =>
  spawnSync(process.execPath, ['bin/pxg.js', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, PXG_DATA_DIR: dataDir, PXG_REGISTRY: registry, PXG_LOG: 'sqlite', PXG_STORE: 'sqlite' },
  });

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'pxg-publication-'));
  registryFile = join(dataDir, 'registry.json');
  writeFileSync(registryFile, JSON.stringify(publishingRegistry()));
  const stores = SqliteStateStores.inDataDir(dataDir);
  await stores.start();
  await project(stores);
  await stores.close();
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('pxg publication build', () => {
  it('builds the day and prints its manifest, whose digest the stored file has', async () => {
    const run = pxg(['publication', 'build', '2026-04-08']);
    expect(run.status, run.stderr).toBe(0);
    const manifest = JSON.parse(run.stdout);
    expect(manifest.files[0]).toMatchObject({ name: '2026-04-08.jsonl.gz', releases: 2 });
    const stores = SqliteStateStores.inDataDir(dataDir);
    await stores.start();
    try {
      const stored = await stores.publication.bulkDay('2026-04-08');
      expect(stored?.sha256).toBe(manifest.files[0].sha256);
      expect(jsonLines(stored!.gzip).flatMap((l) => releaseIds(l))).toEqual(['FJGL-2026-GK-0012-N03-v1', 'FZYZ-2026-YX-003-N01-v1']);
    } finally {
      await stores.close();
    }
  });

  it('refuses a malformed day with the usage and exit code 2', () => {
    const run = pxg(['publication', 'build', '2026-02-30']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('usage: pxg publication build');
  });

  it('refuses to build while publication is off', () => {
    const off = join(dataDir, 'registry-off.json');
    writeFileSync(off, JSON.stringify({ ...publishingRegistry(), publication: undefined }));
    const run = pxg(['publication', 'build', '2026-04-08'], off);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('publication is off');
  });
});
