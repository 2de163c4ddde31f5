/**
 * `pxg serve` and its configuration: a bad environment stops it with every problem listed, and
 * SIGHUP reloads the systems registry without a restart.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, expect, it } from 'vitest';
import { keys, testRegistry } from '../support/registry.ts';
import { spawnGateway } from '../support/spawn.ts';
import { eventually } from '../support/wait.ts';

const dir = mkdtempSync(join(tmpdir(), 'pxg-serve-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('refuses to start with a bad environment, listing every problem, exit code 2', async () => {
  const error = await spawnGateway({ PXG_DATA_DIR: dir, PORT: 'eighty', PXG_LOG: 'redis' }).catch((e: Error) => e);
  expect(error).toBeInstanceOf(Error);
  const message = (error as Error).message;
  expect(message).toContain('gateway exited (2)');
  expect(message).toContain('PORT must be an integer');
  expect(message).toContain('PXG_LOG must be one of sqlite, kafka');
});

it('refuses to start with an invalid registry, naming the problem', async () => {
  const file = join(dir, 'invalid-registry.json');
  writeFileSync(file, JSON.stringify({ systems: [{ id: 'x' }] }));
  const error = await spawnGateway({ PXG_DATA_DIR: join(dir, 'a'), PXG_REGISTRY: file }).catch((e: Error) => e);
  expect((error as Error).message).toContain('gateway exited (1)');
  expect((error as Error).message).toContain("must have required property 'kind'");
});

it('refuses to start with a broken PXG_HOLIDAYS file, and names the years a good one adds', async () => {
  const file = join(dir, 'holidays.json');
  writeFileSync(
    file,
    JSON.stringify({ years: [{ year: 2027, document: 'test', published: '2026-11-01', daysOff: ['2027-02-30'], weekendWorkdays: [] }] }),
  );
  const error = await spawnGateway({ PXG_DATA_DIR: join(dir, 'h1'), PXG_HOLIDAYS: file }).catch((e: Error) => e);
  expect((error as Error).message).toContain('gateway exited (2)');
  expect((error as Error).message).toContain(`pxg serve: PXG_HOLIDAYS: ${file}: holiday schedule: '2027-02-30' is not a yyyy-mm-dd date`);
  writeFileSync(
    file,
    JSON.stringify({
      years: [{ year: 2027, document: 'test', published: '2026-11-01', daysOff: ['2027-10-01/2027-10-07'], weekendWorkdays: [] }],
    }),
  );
  const gateway = await spawnGateway({ PXG_DATA_DIR: join(dir, 'h2'), PXG_HOLIDAYS: file });
  try {
    expect(gateway.output()).toContain(`pxg: holiday arrangements of 2027 from ${file}`);
  } finally {
    gateway.child.kill('SIGTERM');
    await gateway.exited;
  }
});

it('reloads the registry on SIGHUP', async () => {
  const file = join(dir, 'registry.json');
  const all = testRegistry().systems;
  writeFileSync(file, JSON.stringify({ systems: all.filter((s) => s.id !== 'ggzy-fj') }));
  const gateway = await spawnGateway({ PXG_DATA_DIR: join(dir, 'b'), PXG_REGISTRY: file });
  try {
    const status = async () => {
      const res = await request(`${gateway.url}/v1/records/ocds-none`, { headers: { authorization: `Bearer ${keys.platform}` } });
      await res.body.dump();
      return res.statusCode;
    };
    expect(await status()).toBe(401);
    writeFileSync(file, JSON.stringify({ systems: all }));
    gateway.child.kill('SIGHUP');
    await eventually(async () => (await status()) === 404, 10_000, 'the reloaded registry');
  } finally {
    gateway.child.kill('SIGTERM');
    await gateway.exited;
  }
});
