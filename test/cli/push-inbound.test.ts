/**
 * `pxg push --system ID --inbound`: a native export pushed through the system's inbound adapter
 * (the e-marketplace order API here), with receipts kept per record version; then `pxg reconcile
 * --export` reads the same export through the adapter locally and agrees with the gateway.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashApiKey } from '../../gateway/registry/registry.ts';
import { createStandard } from '../../gateway/standard/index.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { type Listening, listen, runPxg } from '../support/http-server.ts';
import { testRegistry } from '../support/registry.ts';

const KEY = 'test-key-cli-inbound-emall-0001';
const CONFIG = { marketplaceName: '福建省网上超市', marketplaceUrl: 'https://emall.example.gov.cn/' };
const NATIVE = fileURLToPath(new URL('../../adapters/emall/fixtures/native/', import.meta.url));

let gw: TestGateway;
let server: Listening;
let work: string;
beforeAll(async () => {
  gw = await startTestGateway({
    registry: testRegistry([
      {
        id: 'emall-cli',
        name: 'emall-cli',
        kind: 'e-marketplace',
        publish: { areas: ['350000'], recordTypes: ['transaction'] },
        credentials: { apiKeys: [{ id: 'test', sha256: hashApiKey(KEY) }] },
        adapter: { id: 'emall', config: CONFIG },
      },
    ]),
    overrides: { standard: createStandard() },
  });
  server = await listen(gw);
  work = mkdtempSync(join(tmpdir(), 'pxg-inbound-'));
});
afterAll(async () => {
  await server?.close();
  await gw?.close();
  rmSync(work, { recursive: true, force: true });
});

it('pushes a native export through the adapter, keeps a receipt per record, and reconciles the export', { timeout: 120_000 }, async () => {
  const exportDir = join(work, 'export');
  mkdirSync(exportDir);
  copyFileSync(join(NATIVE, 'pushed-order.json'), join(exportDir, 'pushed-order.json'));
  const env = { PXG_URL: server.url, PXG_API_KEY: KEY, LANG: 'en' };
  const receipts = join(work, 'receipts');
  const pushed = await runPxg(['push', exportDir, '--system', 'emall-cli', '--inbound', '--receipts', receipts], { env });
  expect(pushed.code, pushed.stdout + pushed.stderr).toBe(0);
  const kept = readdirSync(receipts).filter((f) => /\.v\d+\.json$/.test(f));
  expect(kept.length).toBeGreaterThan(0);
  expect(pushed.stdout).toContain(`accepted: ${kept.length}`);
  expect(pushed.stdout).toContain(`verified: ${kept.length}`);

  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const reconciled = await runPxg(
    [
      'reconcile',
      '--system',
      'emall-cli',
      '--date',
      today,
      '--export',
      join(exportDir, 'pushed-order.json'),
      '--adapter',
      'emall',
      '--adapter-config',
      JSON.stringify(CONFIG),
      '--content-type',
      'application/json',
    ],
    { env },
  );
  expect(reconciled.code, reconciled.stdout + reconciled.stderr).toBe(0);
  expect(reconciled.stdout).toContain(`gateway:  ${kept.length} version(s)`);
});
