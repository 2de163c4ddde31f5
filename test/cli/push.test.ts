/**
 * `pxg push`, `pxg receipts verify`, `pxg receipt verify` on batch answers and `pxg reconcile`, run as a
 * provincial system would, against a test gateway served over HTTP (behind a proxy where a test needs
 * a busy or failing gateway).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { type Listening, listen, proxy, runPxg } from '../support/http-server.ts';
import { headerRecord } from '../support/records.ts';
import { keys } from '../support/registry.ts';

let gw: TestGateway;
let server: Listening;
let work: string;
beforeAll(async () => {
  gw = await startTestGateway();
  server = await listen(gw);
  work = mkdtempSync(join(tmpdir(), 'pxg-push-'));
});
afterAll(async () => {
  await server?.close();
  await gw?.close();
  rmSync(work, { recursive: true, force: true });
});

const env = (url = server.url) => ({ PXG_URL: url, PXG_API_KEY: keys.fujian, LANG: 'en' });

/** A fresh folder with the given files. */
function folder(name: string, files: Record<string, string>): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

const ndjson = (records: unknown[]) => `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;

describe('pxg push', { timeout: 120_000 }, () => {
  it('pushes a folder in batches, keeps a verifying receipt per record and sends nothing again on a second run', async () => {
    const records = [headerRecord(), headerRecord(), headerRecord()];
    const dir = folder('folder-ok', { 'a.json': JSON.stringify(records.slice(0, 2)), 'b.ndjson': ndjson(records.slice(2)) });
    const receipts = join(work, 'receipts-ok');
    const counting = await proxy(server.url, () => false);
    try {
      const first = await runPxg(['push', dir, '--batch', '2', '--receipts', receipts], { env: env(counting.url) });
      expect(first.code, first.stdout + first.stderr).toBe(0);
      expect(first.stdout).toContain('accepted: 3');
      expect(first.stdout).toContain('rejected: 0');
      expect(first.stdout).toContain(`receipts kept in ${receipts}: 3, verified: 3`);
      const kept = readdirSync(receipts).filter((f) => f !== 'push-state.json');
      expect(kept.sort()).toEqual(records.map((r) => `${encodeURIComponent(r.id)}.v1.json`).sort());
      const batchPosts = () => counting.requests.filter((r) => r === 'POST /v1/records/batch').length;
      expect(batchPosts()).toBe(2);

      const again = await runPxg(['push', dir, '--batch', '2', '--receipts', receipts], { env: env(counting.url) });
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('2 already receipted in an earlier run');
      expect(batchPosts()).toBe(2);
    } finally {
      await counting.close();
    }
  });

  it('names each rejected record with its id, version and reason, and exits 1', async () => {
    const good = headerRecord();
    const bad = { ...headerRecord(), version: 0 };
    const dir = folder('folder-bad', { 'records.ndjson': `${ndjson([good, bad])}{not json\n` });
    const result = await runPxg(['push', dir, '--receipts', join(work, 'receipts-bad')], { env: env() });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('accepted: 1');
    expect(result.stdout).toContain('rejected: 2');
    expect(result.stdout).toMatch(
      new RegExp(`records\\.ndjson#1 ${bad.id} v0: record_invalid: Record does not conform to the standard: /version`),
    );
    expect(result.stdout).toMatch(/records\.ndjson:3: not_json/);
  });

  it('waits as Retry-After says when the gateway answers 503, and counts the retries', async () => {
    const busy = await proxy(server.url, (req, res, n) => {
      if (req.url !== '/v1/records/batch' || n > 2) return false;
      res.writeHead(503, { 'retry-after': '0', 'content-type': 'application/problem+json' }).end('{"code":"log_unavailable"}');
      return true;
    });
    try {
      const result = await runPxg(['push', '-', '--receipts', join(work, 'receipts-busy')], {
        env: env(busy.url),
        stdin: ndjson([headerRecord()]),
      });
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toContain('retried: 2');
      expect(result.stdout).toContain('accepted: 1');
    } finally {
      await busy.close();
    }
  });

  it('stops when the gateway stays unavailable and resumes with only the batches not yet receipted', async () => {
    const records = [headerRecord(), headerRecord(), headerRecord(), headerRecord()];
    const dir = folder('folder-resume', { 'all.json': JSON.stringify(records) });
    const receipts = join(work, 'receipts-resume');
    let batches = 0;
    const failing = await proxy(server.url, (req, res) => {
      if (req.url !== '/v1/records/batch' || ++batches === 1) return false;
      res.writeHead(503, { 'retry-after': '0' }).end();
      return true;
    });
    try {
      const cut = await runPxg(['push', dir, '--batch', '2', '--retries', '1', '--receipts', receipts], { env: env(failing.url) });
      expect(cut.code).toBe(1);
      expect(cut.stdout).toContain('accepted: 2');
      expect(cut.stdout).toContain('run the same command again to resume');
      const state = JSON.parse(readFileSync(join(receipts, 'push-state.json'), 'utf8')) as { done: Record<string, unknown> };
      expect(Object.keys(state.done)).toHaveLength(1);
    } finally {
      await failing.close();
    }
    const resumed = await runPxg(['push', dir, '--batch', '2', '--receipts', receipts], { env: env() });
    expect(resumed.code, resumed.stdout).toBe(0);
    expect(resumed.stdout).toContain('pushed 1 of 2 batch(es) (1 already receipted in an earlier run)');
    expect(resumed.stdout).toContain('accepted: 2');
    expect(readdirSync(receipts).filter((f) => f.endsWith('.v1.json'))).toHaveLength(4);
  });
});

describe('pxg receipts verify and pxg receipt verify', { timeout: 120_000 }, () => {
  it('verifies a folder of kept receipts and fails on a tampered one', async () => {
    const receipts = join(work, 'receipts-verify');
    const pushed = await runPxg(['push', '-', '--receipts', receipts], { env: env(), stdin: ndjson([headerRecord(), headerRecord()]) });
    expect(pushed.code).toBe(0);
    const ok = await runPxg(['receipts', 'verify', receipts], { env: env() });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('2 receipts verify');
    const [file] = readdirSync(receipts).filter((f) => f.endsWith('.v1.json'));
    const receipt = JSON.parse(readFileSync(join(receipts, file!), 'utf8'));
    writeFileSync(join(receipts, file!), JSON.stringify({ ...receipt, version: 2 }));
    const tampered = await runPxg(['receipts', 'verify', receipts, '--keys', `${server.url}/v1/keys`], { env: env() });
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain('1 of 2 receipt(s)');
  });

  it('verifies every receipt of a batch answer', async () => {
    const res = await fetch(`${server.url}/v1/records/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.fujian}`, 'content-type': 'application/json' },
      body: JSON.stringify([headerRecord(), headerRecord()]),
    });
    const answer = join(work, 'batch-answer.json');
    writeFileSync(answer, await res.text());
    const result = await runPxg(['receipt', 'verify', answer, '--keys', `${server.url}/v1/keys`]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('2 receipts verify');
  });
});

describe('pxg reconcile', { timeout: 120_000 }, () => {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

  it('agrees with the gateway from kept receipts and names the versions missing at the gateway from local records', async () => {
    // Only this test pushes as fz-gpms, so its receipts are the whole day of that system.
    const fuzhou = { ...env(), PXG_API_KEY: keys.fuzhou };
    const pushedRecords = [headerRecord(), headerRecord()];
    const receipts = join(work, 'receipts-reconcile');
    const pushed = await runPxg(['push', '-', '--receipts', receipts], { env: fuzhou, stdin: ndjson(pushedRecords) });
    expect(pushed.code, pushed.stdout).toBe(0);
    const agree = await runPxg(['reconcile', '--system', 'fz-gpms', '--date', today, '--receipts', receipts], { env: fuzhou });
    expect(agree.code, agree.stdout + agree.stderr).toBe(0);
    expect(agree.stdout).toContain('the gateway and this manifest agree');
    expect(agree.stdout).toContain('gateway:  2 version(s)');

    const notPushed = headerRecord();
    const dir = folder('reconcile-records', { 'day.ndjson': ndjson([...pushedRecords, notPushed]) });
    const differ = await runPxg(['reconcile', '--system', 'fz-gpms', '--date', today, '--records', dir], { env: fuzhou });
    expect(differ.code).toBe(1);
    expect(differ.stdout).toContain('missing at the gateway (1): push these versions again');
    expect(differ.stdout).toContain(`${notPushed.id} v1`);
  });
});
