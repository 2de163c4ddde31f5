/**
 * Secrets at rest, on both state stores: webhook secrets and the shared dashboard-token key are sealed
 * (AES-256-GCM, or SM4-GCM under sm2+sm3) before they reach a row; the raw rows, read with SQL, hold no
 * `whsec_` text; reads through the store give the secret back; plain rows of earlier releases are
 * re-sealed at start-up.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SecretBox, type SuiteId } from '../../gateway/crypto/index.ts';
import type { StateStores, Subscription } from '../../gateway/store/port.ts';
import { PostgresStore } from '../../gateway/store/postgres/index.ts';
import { sealSecrets } from '../../gateway/store/sealed.ts';
import { SqliteStateStores } from '../../gateway/store/sqlite/index.ts';
import { databaseUrl, describePostgres, type FreshSchema, freshSchema } from '../support/postgres.ts';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

function webhook(id: string, secret = SECRET): Subscription {
  return {
    id,
    systemId: 'ggzy-fj',
    filter: {},
    format: 'cloudevents',
    mode: 'webhook',
    origin: 'api',
    createdAt: '2026-03-01T00:00:00.000Z',
    webhook: { url: 'http://127.0.0.1:9/hook', secrets: [{ secret }, { secret: `${secret}x`, expiresAt: '2030-01-01T00:00:00.000Z' }] },
  };
}

/** A state store to seal, and SQL reads of its raw rows. */
interface Backend {
  open(): Promise<StateStores>;
  rawSubscription(id: string): Promise<string>;
  rawShared(name: string): Promise<string>;
  close(): Promise<void>;
}

function sealedSecretsSuite(name: string, backend: () => Promise<Backend>) {
  describe.each(['ed25519+sha256', 'sm2+sm3'] as SuiteId[])(`${name}: secrets at rest under %s`, (suite) => {
    const key = randomBytes(32);
    const cipher = suite === 'sm2+sm3' ? 'sm4-gcm' : 'aes-256-gcm';
    let b: Backend;
    afterAll(() => b?.close());

    it('stores a webhook secret sealed: no whsec_ text in the row, the plain secret back on read', async () => {
      b = await backend();
      const stores = sealSecrets(await b.open(), new SecretBox(key, suite));
      await stores.start();
      await stores.delivery.putSubscription(webhook('s-sealed'));
      const raw = await b.rawSubscription('s-sealed');
      expect(raw).not.toContain('whsec_');
      expect(raw).toContain(`pxgenc:v1:${cipher}:`);
      expect((await stores.delivery.subscription('s-sealed'))?.webhook?.secrets.map((s) => s.secret)).toEqual([SECRET, `${SECRET}x`]);
      expect((await stores.delivery.subscriptions()).find((s) => s.id === 's-sealed')?.webhook?.secrets[0]?.secret).toBe(SECRET);
    });

    it('re-seals at start-up a plain secret written before sealing', async () => {
      const plain = await b.open();
      await plain.start();
      await plain.delivery.putSubscription(webhook('s-plain'));
      expect(await b.rawSubscription('s-plain')).toContain('whsec_');
      const stores = sealSecrets(plain, new SecretBox(key, suite));
      await stores.start();
      expect(await b.rawSubscription('s-plain')).not.toContain('whsec_');
      expect((await stores.delivery.subscription('s-plain'))?.webhook?.secrets[0]?.secret).toBe(SECRET);
    });

    it('keeps the shared dashboard-token key sealed, the same key for every process', async () => {
      const one = sealSecrets(await b.open(), new SecretBox(key, suite));
      const two = sealSecrets(await b.open(), new SecretBox(key, suite));
      await one.start();
      await two.start();
      const first = await one.monitor.sharedSecret('token-key', 'candidate-of-process-one');
      expect(await two.monitor.sharedSecret('token-key', 'candidate-of-process-two')).toBe(first);
      expect(first).toBe('candidate-of-process-one');
      expect(await b.rawShared('token-key')).not.toContain('candidate-of-process-one');
    });

    it('refuses to open a secret with another key', async () => {
      const other = sealSecrets(await b.open(), new SecretBox(randomBytes(32), suite));
      await other.start();
      await expect(other.delivery.subscription('s-sealed')).rejects.toThrow();
    });
  });
}

sealedSecretsSuite('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pxg-sealed-'));
  const file = join(dir, 'state.db');
  const opened: StateStores[] = [];
  const read = (sql: string, ...args: string[]) => {
    const db = new Database(file, { readonly: true });
    try {
      return JSON.stringify(db.prepare(sql).get(...args) ?? null);
    } finally {
      db.close();
    }
  };
  return {
    async open() {
      const stores = new SqliteStateStores(file);
      opened.push(stores);
      return stores;
    },
    rawSubscription: async (id) => read('SELECT * FROM delivery_subscriptions WHERE id = ?', id),
    rawShared: async () => read('SELECT * FROM monitor_secrets'),
    async close() {
      for (const s of opened) await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describePostgres('PostgreSQL', () => {
  sealedSecretsSuite('PostgreSQL', async () => {
    const db: FreshSchema = await freshSchema('sealed');
    const url = await databaseUrl();
    const opened: StateStores[] = [];
    const read = async (sql: string, ...args: string[]) => JSON.stringify((await db.pool.query(sql, args)).rows);
    return {
      async open() {
        const stores = new PostgresStore({ url, schema: db.schema, maxConnections: 2 });
        opened.push(stores);
        return stores;
      },
      rawSubscription: (id) => read('SELECT * FROM delivery_subscriptions WHERE id = $1', id),
      rawShared: () => read('SELECT * FROM monitor_secrets'),
      async close() {
        for (const s of opened) await s.close();
        await db.drop();
      },
    };
  });
});
