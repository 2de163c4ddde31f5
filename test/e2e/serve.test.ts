/**
 * `pxg serve` end to end, as `npm start` runs it: the demo registry, the real standard, the
 * embedded SQLite log; a demo system pushes an example record and verifies its receipt.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGatewayClient, type StandardRecord } from 'procurement-exchange/client';
import { request } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tenderNotice } from '../support/records.ts';
import { type GatewayProcess, spawnGateway } from '../support/spawn.ts';
import { eventually } from '../support/wait.ts';

/** The demo key of the Fujian provincial system (config/registry.demo.json, documented as demo-only). */
const FUJIAN_DEMO_KEY = 'pxg_demo_fj_gpms_62ab15bac6b2ce7e01ed1507';
const MINISTRY_DEMO_KEY = 'pxg_demo_mof_monitor_9aaefa70e619ee237311f0d9';

/** Runs the `pxg` command line (bin/pxg.js) and resolves with its exit code and output. */
function pxg(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const bin = new URL('../../bin/pxg.js', import.meta.url).pathname;
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let dataDir: string;
let gateway: GatewayProcess;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'pxg-e2e-'));
  gateway = await spawnGateway({ PXG_DATA_DIR: dataDir });
});
afterAll(async () => {
  if (gateway && gateway.child.exitCode === null) {
    gateway.child.kill('SIGKILL');
    await gateway.exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

it('prints where it listens and answers GET /healthz with 200', async () => {
  expect(gateway.output()).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
  const res = await request(`${gateway.url}/healthz`);
  expect(res.statusCode).toBe(200);
  expect(await res.body.json()).toMatchObject({ status: 'ok' });
});

it('accepts an example tender notice from the Fujian demo system with a receipt that verifies against GET /v1/keys', async () => {
  const record = tenderNotice();
  // The typed client generated from the contract, as an integrator would use it.
  const fujian = createGatewayClient({ baseUrl: gateway.url, headers: { authorization: `Bearer ${FUJIAN_DEMO_KEY}` } });
  const { data: body, error, response } = await fujian.POST('/v1/records', { body: record as StandardRecord });
  expect(response.status, JSON.stringify(error)).toBe(201);
  if (!body) throw new Error('no receipt');
  expect(body.receipt.recordId).toBe(record.id);
  // What a provincial system would run later to prove the acceptance: `pxg receipt verify`.
  const answer = join(dataDir, 'answer.json');
  writeFileSync(answer, JSON.stringify(body));
  const verified = await pxg(['receipt', 'verify', answer, '--keys', `${gateway.url}/v1/keys`]);
  expect(verified.code, verified.stderr).toBe(0);
  expect(JSON.parse(verified.stdout.slice(verified.stdout.indexOf('{')))).toMatchObject({ recordId: record.id, version: record.version });
  writeFileSync(answer, JSON.stringify({ receipt: { ...body.receipt, version: body.receipt.version + 1 } }));
  const forged = await pxg(['receipt', 'verify', answer, '--keys', `${gateway.url}/v1/keys`]);
  expect(forged.code).toBe(1);
  expect(forged.stderr).toMatch(/does not verify/);

  const ministry = createGatewayClient({ baseUrl: gateway.url, headers: { authorization: `Bearer ${MINISTRY_DEMO_KEY}` } });
  const compiled = await eventually(
    async () => {
      const r = await ministry.GET('/v1/records/{id}', { params: { path: { id: record.ocid! } } });
      return r.response.status === 200 ? (r.data as { processKey: string; compiledRelease: { ocid: string; tender?: unknown } }) : null;
    },
    10_000,
    'the compiled process',
  );
  expect(compiled.processKey).toBe(record.ocid);
  expect(compiled.compiledRelease.ocid).toBe(record.ocid);
  expect(compiled.compiledRelease.tender).toBeDefined();
  const versioned = await request(`${gateway.url}/v1/records/${record.ocid}?versioned=true`, {
    headers: { authorization: `Bearer ${MINISTRY_DEMO_KEY}` },
  });
  expect(((await versioned.body.json()) as { versionedRelease?: unknown }).versionedRelease).toBeDefined();
});

it('serves the contract as JSON and a docs page', async () => {
  const contract = await request(`${gateway.url}/openapi.json`);
  expect(contract.statusCode).toBe(200);
  expect(((await contract.body.json()) as { openapi: string }).openapi).toBe('3.1.0');
  const docs = await request(`${gateway.url}/docs`);
  expect(docs.statusCode).toBe(200);
  expect(await docs.body.text()).toContain('/openapi.json');
});

it('shuts down gracefully on SIGTERM with exit code 0', async () => {
  gateway.child.kill('SIGTERM');
  const { code } = await gateway.exited;
  expect(code).toBe(0);
  expect(gateway.output()).toContain('pxg: stopped');
});
