/**
 * `pxg ocds export --from`: records read from a running gateway's pull feed become OCDS packages that
 * validate with the extension, and the gateway serves the extension files the packages declare.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandardRecord } from '../../gateway/core/records.ts';
import { validateOcdsRecordPackage } from '../../gateway/standard/index.ts';
import { asSystem, json, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { keys } from '../support/registry.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const examplesDir = new URL('../../schemas/v1/examples/valid/', import.meta.url);
const examples = readdirSync(examplesDir)
  .filter((f) => f.startsWith('notice-'))
  .map((f) => JSON.parse(readFileSync(new URL(f, examplesDir), 'utf8')) as StandardRecord);

let gw: TestGateway;
let server: ServerType;
let base: string;
beforeAll(async () => {
  gw = await startTestGateway();
  server = serve({ fetch: gw.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await gw?.close();
});

/** Runs pxg without blocking this process's event loop (the gateway answers from it). */
function pxg(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/pxg.js', ...args], { cwd: root, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('pxg ocds export from a running gateway', () => {
  it('reads every event of a pull subscription and writes a versioned record package that validates', async () => {
    const sub = await gw.app.request('/v1/subscriptions', {
      method: 'POST',
      headers: asSystem(keys.platform),
      body: JSON.stringify({ mode: 'pull' }),
    });
    expect(sub.status).toBe(201);
    const id = (await json(sub)).subscription.id as string;
    const pushed = examples.filter((n) => String(n.regionCode).startsWith('35'));
    expect(pushed.length).toBeGreaterThan(0);
    for (const record of pushed) {
      const res = await gw.app.request('/v1/records', { method: 'POST', headers: asSystem(keys.fujian), body: JSON.stringify(record) });
      expect(res.status).toBe(201);
    }
    // Wait until the feed has them all (delivery is asynchronous), without consuming the cursor.
    for (let round = 0; round < 50; round++) {
      const page = await json(await gw.app.request(`/v1/feeds/${id}?limit=500&wait=1`, { headers: asSystem(keys.platform) }));
      if (page.events.length >= pushed.length) break;
    }
    const run = await pxg(['ocds', 'export', '--package', 'versioned', '--from', base, '--subscription', id], {
      PXG_API_KEY: keys.platform,
    });
    expect(run.code, run.stderr).toBe(0);
    const pkg = JSON.parse(run.stdout);
    const releases = (pkg.records as { releases: unknown[] }[]).flatMap((r) => r.releases);
    expect(releases).toHaveLength(pushed.length);
    expect(validateOcdsRecordPackage(pkg, { extension: true })).toEqual([]);
  });

  it('fails with exit code 1 and the status when the key is refused', async () => {
    const run = await pxg(['ocds', 'export', '--from', base, '--subscription', 'nope', '--key', 'pxg_wrong']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('401');
  });

  it('serves the extension files the packages declare, and nothing else', async () => {
    const extension = await gw.app.request('/public/ocds/extension/extension.json');
    expect(extension.status).toBe(200);
    expect((await json(extension)).schemas).toEqual(['release-schema.json']);
    const codelist = await gw.app.request('/public/ocds/extension/codelists/partyScale.csv');
    expect(codelist.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await codelist.text()).split('\n')[0]).toBe('Code,Title,Description');
    expect((await gw.app.request('/public/ocds/extension/..%2F1.1%2Frelease-schema.json')).status).toBe(404);
    expect((await gw.app.request('/public/ocds/extension/codelists/missing.csv')).status).toBe(404);
  });
});
