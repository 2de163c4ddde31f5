/** Configuration and the systems registry: parsed once, checked as a whole, failing with every problem listed. */
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, env, loadConfig } from '../../gateway/config/index.ts';
import { hashApiKey, RegistryError, SystemRegistry } from '../../gateway/registry/registry.ts';
import { testRegistry } from '../support/registry.ts';
import { eventually } from '../support/wait.ts';

describe('configuration', () => {
  it('has defaults that start the embedded gateway on 127.0.0.1:8080', () => {
    const config = loadConfig({});
    expect(config.http).toMatchObject({ host: '127.0.0.1', port: 8080 });
    expect(config.log.kind).toBe('sqlite');
    expect(config.store.kind).toBe('sqlite');
    expect(config.registry.file).toMatch(/config\/registry\.demo\.json$/);
    expect(Object.isFrozen(config) && Object.isFrozen(config.limits)).toBe(true);
  });

  it('refuses a secrets key that is not 32 bytes', () => {
    expect(() => loadConfig({ PXG_SECRETS_KEY: 'ab'.repeat(16) })).toThrow(/PXG_SECRETS_KEY must be 32 bytes/);
    expect(loadConfig({ PXG_SECRETS_KEY: 'ab'.repeat(32), PXG_CRYPTO_SUITE: 'sm2+sm3' }).signing.suite).toBe('sm2+sm3');
    expect(() => loadConfig({ PXG_CRYPTO_SUITE: 'rsa+md5' })).toThrow(/PXG_CRYPTO_SUITE must be one of ed25519\+sha256, sm2\+sm3/);
  });

  it('lists every problem at once', () => {
    try {
      loadConfig({ PORT: 'eighty', PXG_LOG: 'redis', PXG_MAX_JSON_DEPTH: '0', PXG_TLS_CERT: 'cert.pem', PXG_STORE: 'postgres' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems;
      expect(problems).toHaveLength(6);
      expect(problems.join('\n')).toMatch(/PORT must be an integer/);
      expect(problems.join('\n')).toMatch(/PXG_LOG must be one of sqlite, kafka/);
      expect(problems.join('\n')).toMatch(/PXG_MAX_JSON_DEPTH/);
      expect(problems.join('\n')).toMatch(/PXG_TLS_CERT and PXG_TLS_KEY must be set together/);
      expect(problems.join('\n')).toMatch(/PXG_STORE=postgres needs DATABASE_URL/);
      expect(problems.join('\n')).toMatch(/PXG_STORE=postgres needs PXG_SECRETS_KEY/);
    }
  });

  it('documents every environment variable in docs/configuration.md', () => {
    const page = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
    for (const spec of Object.values(env)) expect(page, spec.name).toContain(`\`${spec.name}\``);
  });
});

describe('systems registry', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pxg-registry-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the demo registry with a provincial system, a trading platform, an e-marketplace, a finance department and the ministry', async () => {
    const registry = new SystemRegistry({ file: new URL('../../config/registry.demo.json', import.meta.url).pathname });
    await registry.start();
    expect(
      registry
        .systems()
        .map((s) => s.kind)
        .sort(),
    ).toEqual(['e-marketplace', 'finance-department', 'ministry', 'provincial', 'trading-platform']);
    expect(registry.byApiKey('pxg_demo_fj_gpms_62ab15bac6b2ce7e01ed1507')?.publish?.areas).toEqual(['350000']);
    // As docs/configuration.md says: the e-marketplace owns its orders, the platform only contributes.
    expect(registry.byId('emall-zcy')?.publish?.recordTypes).toEqual(['transaction']);
    expect(registry.byId('ggzy-fj')?.publish).toBeUndefined();
    expect(registry.byId('ggzy-fj')?.contribute?.[0]?.noticeTypes).toEqual(['correction', 'award', 'contract']);
  });

  it('refuses an invalid registry at start-up, listing every problem', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        systems: [
          { id: 'X', kind: 'bank', credentials: {} },
          { id: 'ok-1', name: 'a', kind: 'ministry', credentials: { apiKeys: [{ id: 'k', sha256: 'abc' }] } },
        ],
      }),
    );
    const registry = new SystemRegistry({ file });
    const error = await registry.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    const text = (error as RegistryError).problems.join('\n');
    expect(text).toMatch(/\/systems\/0\/id/);
    expect(text).toMatch(/\/systems\/0 must have required property 'name'/);
    expect(text).toMatch(/\/systems\/0\/kind/);
    expect(text).toMatch(/\/systems\/1\/credentials\/apiKeys\/0\/sha256/);
  });

  it('refuses the same API key registered to two systems', async () => {
    const hash = hashApiKey('shared-key-shared-key-0000');
    const registry = new SystemRegistry({
      content: {
        systems: [
          { id: 'a-sys', name: 'a', kind: 'ministry', credentials: { apiKeys: [{ id: 'k', sha256: hash }] } },
          { id: 'b-sys', name: 'b', kind: 'ministry', credentials: { apiKeys: [{ id: 'k', sha256: hash }] } },
        ],
      },
    });
    await expect(registry.start()).rejects.toThrow(/also registered to another system/);
  });

  it('reloads a changed file, and keeps the previous registry when the new one is invalid', async () => {
    const file = join(dir, 'live.json');
    writeFileSync(file, JSON.stringify(testRegistry()));
    const outcomes: boolean[] = [];
    const registry = new SystemRegistry({ file, watch: true }, process.env, (o) => outcomes.push(o.ok));
    await registry.start();
    try {
      const before = registry.systems().length;
      // Replaced the way deploy tools do it: write aside, then rename over.
      writeFileSync(`${file}.tmp`, JSON.stringify({ systems: testRegistry().systems.slice(0, 2) }));
      renameSync(`${file}.tmp`, file);
      await eventually(async () => registry.systems().length === 2, 5000, 'reload on change');
      writeFileSync(file, '{ not json');
      const result = await registry.reload();
      expect(result.ok).toBe(false);
      expect(registry.systems().length).toBe(2);
      expect(before).toBeGreaterThan(2);
      expect(outcomes).toContain(false);
    } finally {
      await registry.close();
    }
  });
});
