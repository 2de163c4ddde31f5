/**
 * Killing the gateway (SIGKILL) while 50 clients push: after a restart, every record that got a
 * receipt is in the log exactly once, at the position its receipt names, and a retry of it returns
 * the identical receipt.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, expect, it } from 'vitest';
import type { StandardRecord } from '../../gateway/core/records.ts';
import { SqliteLog } from '../../gateway/log/sqlite.ts';
import type { Receipt } from '../../gateway/store/port.ts';
import { tenderNotice } from '../support/records.ts';
import { keys, testRegistry } from '../support/registry.ts';
import { type GatewayProcess, spawnGateway } from '../support/spawn.ts';

const CLIENTS = 50;
const LOAD_MS = 1500;

const dataDir = mkdtempSync(join(tmpdir(), 'pxg-kill-'));
const registryFile = join(dataDir, 'registry.json');
let gateway: GatewayProcess | null = null;

afterAll(async () => {
  if (gateway && gateway.child.exitCode === null) {
    gateway.child.kill('SIGKILL');
    await gateway.exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

it('keeps every receipted record in the log exactly once across a SIGKILL under load', async () => {
  writeFileSync(registryFile, JSON.stringify(testRegistry()));
  const env = { PXG_DATA_DIR: dataDir, PXG_REGISTRY: registryFile };
  gateway = await spawnGateway(env);
  const url = gateway.url;
  const dispatcher = new Agent({ connections: CLIENTS });
  const receipted: { record: StandardRecord; receipt: Receipt }[] = [];
  let stop = false;

  async function client(): Promise<void> {
    while (!stop) {
      const record = tenderNotice();
      try {
        const res = await request(`${url}/v1/records`, {
          method: 'POST',
          dispatcher,
          headers: { authorization: `Bearer ${keys.fujian}`, 'content-type': 'application/json' },
          body: JSON.stringify(record),
        });
        const body = (await res.body.json()) as { receipt?: Receipt };
        if (res.statusCode === 201 && body.receipt) receipted.push({ record, receipt: body.receipt });
        else if (res.statusCode !== 201) throw new Error(`unexpected ${res.statusCode}: ${JSON.stringify(body)}`);
      } catch (error) {
        // The connection dies with the gateway: no receipt, nothing to check for this record.
        if (!stop) throw error;
        return;
      }
    }
  }

  const clients = Array.from({ length: CLIENTS }, () => client());
  await new Promise((r) => setTimeout(r, LOAD_MS));
  stop = true;
  gateway.child.kill('SIGKILL');
  await gateway.exited;
  await Promise.all(clients);
  await dispatcher.destroy();
  expect(receipted.length).toBeGreaterThan(0);

  // The log, read directly from the data dir after the crash.
  const log = SqliteLog.inDataDir(dataDir);
  await log.start();
  const { events } = await log.read(null, 1_000_000);
  await log.close();
  const copies = new Map<string, string[]>();
  for (const e of events) copies.set(e.envelope.id, [...(copies.get(e.envelope.id) ?? []), e.position]);
  for (const { receipt } of receipted) expect(copies.get(receipt.eventId), receipt.recordId).toEqual([receipt.logPosition]);

  // After a restart the gateway answers a retry with the identical receipt and appends nothing.
  gateway = await spawnGateway(env);
  const sample = receipted.filter((_, i) => i % Math.max(1, Math.floor(receipted.length / 20)) === 0);
  for (const { record, receipt } of sample) {
    const res = await request(`${gateway.url}/v1/records`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.fujian}`, 'content-type': 'application/json' },
      body: JSON.stringify(record),
    });
    const body = (await res.body.json()) as { receipt: Receipt };
    expect(res.statusCode).toBe(200);
    expect(body.receipt).toEqual(receipt);
  }
  gateway.child.kill('SIGTERM');
  await gateway.exited;
  const after = SqliteLog.inDataDir(dataDir);
  await after.start();
  const total = (await after.read(null, 1_000_000)).events.length;
  await after.close();
  expect(total).toBe(events.length);
}, 180_000);
