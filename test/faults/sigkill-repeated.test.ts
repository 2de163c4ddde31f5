/**
 * Repeated SIGKILL of an embedded gateway process under load, with two webhook subscribers: the
 * process is killed and restarted three times while clients push notices and orders, each client
 * retrying a record until it holds a receipt (as a well-behaved publishing system does). The audit
 * afterwards: every receipted record is in the log at the position its receipt names and in the
 * journal exactly once, no receipt names an event that is not in the log, and every record reached
 * every subscriber entitled to it (and none that is not).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { StandardRecord } from '../../gateway/core/records.ts';
import { generateSecret } from '../../gateway/delivery/signing.ts';
import { SqliteLog } from '../../gateway/log/sqlite.ts';
import { SqliteStateStores } from '../../gateway/store/sqlite/index.ts';
import { Endpoint } from '../integration/webhook.support.ts';
import { order, tenderNotice } from '../support/records.ts';
import { keys, testRegistry } from '../support/registry.ts';
import { type GatewayProcess, spawnGateway } from '../support/spawn.ts';
import { eventually } from '../support/wait.ts';
import { auditLog, deliveredTo, type PushedRecord, printAudit, pushUntilReceipted } from './audit.ts';

const CLIENTS = 8;
const KILLS = 3;
/** Each kill comes once this many more receipts were issued since the last (re)start: load, not a clock. */
const RECEIPTS_PER_LIFE = 15;

const dataDir = mkdtempSync(join(tmpdir(), 'pxg-kills-'));
const registryFile = join(dataDir, 'registry.json');
const secret = generateSecret();
let gateway: GatewayProcess | null = null;
const platform = new Endpoint(() => [secret]);
const ministry = new Endpoint(() => [secret]);

afterAll(async () => {
  if (gateway && gateway.child.exitCode === null) {
    gateway.child.kill('SIGKILL');
    await gateway.exited;
  }
  await platform.close();
  await ministry.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('loses no receipted record and no delivery across repeated SIGKILLs under load', async () => {
  await platform.start();
  await ministry.start();
  // The platform subscribes to notices only; the ministry to everything.
  writeFileSync(
    registryFile,
    JSON.stringify({
      ...testRegistry(),
      subscriptions: [
        {
          id: 'platform-hook',
          system: 'ggzy-fj',
          mode: 'webhook',
          from: 'beginning',
          webhook: { url: platform.url, secrets: [{ secret }] },
        },
        { id: 'ministry-hook', system: 'mof', mode: 'webhook', from: 'beginning', webhook: { url: ministry.url, secrets: [{ secret }] } },
      ],
      delivery: {
        allowTargets: ['127.0.0.1'],
        pollMs: 50,
        leaseTtlMs: 1500,
        retry: { maxAttempts: 1000, baseDelayMs: 20, maxDelayMs: 200, requestTimeoutMs: 5000 },
      },
    }),
  );
  const env = { PXG_DATA_DIR: dataDir, PXG_REGISTRY: registryFile };
  gateway = await spawnGateway(env);
  let url: string | null = gateway.url;

  const pushed: PushedRecord[] = [];
  let stop = false;
  let serial = 0;
  const clients = Array.from({ length: CLIENTS }, async () => {
    while (!stop) {
      const record: StandardRecord = serial++ % 3 === 2 ? order() : tenderNotice();
      pushed.push(await pushUntilReceipted(() => url, record, keys.fujian));
    }
  });

  for (let kill = 0; kill < KILLS; kill++) {
    const target = pushed.length + RECEIPTS_PER_LIFE;
    await eventually(async () => pushed.length >= target, 60_000, `${RECEIPTS_PER_LIFE} receipts before kill ${kill + 1}`);
    url = null;
    gateway.child.kill('SIGKILL');
    await gateway.exited;
    gateway = await spawnGateway(env);
    url = gateway.url;
  }
  stop = true;
  await Promise.all(clients);

  // Deliveries catch up after the last restart; then the process stops and the files are read.
  const notices = pushed.filter((p) => p.record.recordType === 'notice');
  await eventually(
    async () => deliveredTo(platform, notices).missing.length === 0 && deliveredTo(ministry, pushed).missing.length === 0,
    60_000,
    'every delivery',
  );
  gateway.child.kill('SIGTERM');
  await gateway.exited;

  const log = SqliteLog.inDataDir(dataDir);
  const stores = SqliteStateStores.inDataDir(dataDir);
  await log.start();
  await stores.start();
  try {
    const audit = await auditLog(pushed, log, stores.journal);
    const toPlatform = deliveredTo(platform, notices);
    const toMinistry = deliveredTo(ministry, pushed);
    printAudit(`repeated SIGKILL (${KILLS} kills, ${CLIENTS} clients)`, audit, { platform: toPlatform, ministry: toMinistry });
    expect(audit.receipted).toBe(pushed.length);
    expect(audit.notInLog).toEqual([]);
    expect(audit.wrongPosition).toEqual([]);
    expect(audit.journalCopies).toEqual([]);
    expect(toPlatform.missing).toEqual([]);
    expect(toMinistry.missing).toEqual([]);
    // Orders are not the platform's: none reached it.
    expect(platform.accepted().filter((r) => JSON.parse(r.body).type?.includes('.transaction.'))).toEqual([]);
  } finally {
    await log.close();
    await stores.close();
  }
}, 150_000);
