/**
 * An in-process gateway for tests: the real composition over a temporary data dir (SQLite log and
 * stores), the test registry and, unless told otherwise, the header-only standard.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeServices, compose, startServices } from '../../gateway/compose.ts';
import { configFor } from '../../gateway/config/index.ts';
import { createApp } from '../../gateway/http/app.ts';
import { SystemRegistry } from '../../gateway/registry/registry.ts';
import type { RegistryFile } from '../../gateway/registry/types.ts';
import type { ServiceOverrides, Services } from '../../gateway/services.ts';
import { headerStandard } from './header-standard.ts';
import { testRegistry } from './registry.ts';

/** A started test gateway. */
export interface TestGateway {
  services: Services;
  app: ReturnType<typeof createApp>;
  dataDir: string;
  close(): Promise<void>;
}

const silent = { info() {}, warn() {}, error() {} };

/** The secrets key of test gateways (the distributed deployment needs one; every test process shares it). */
export const TEST_SECRETS_KEY = '5e'.repeat(32);

/** Starts a gateway over a fresh data dir. */
export async function startTestGateway(
  options: { env?: Record<string, string>; registry?: RegistryFile; overrides?: ServiceOverrides } = {},
): Promise<TestGateway> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pxg-test-'));
  const config = configFor({ PXG_DATA_DIR: dataDir, PXG_REGISTRY_WATCH: 'false', PXG_SECRETS_KEY: TEST_SECRETS_KEY, ...options.env });
  const services = compose(config, {
    logger: silent,
    standard: headerStandard(),
    registry: new SystemRegistry({ content: options.registry ?? testRegistry() }),
    // Header-only test records are no real notices: their "compiled state" is the list of current versions.
    compileProcess: (processKey, records) => ({ ok: true, state: { processKey, records } }),
    ...options.overrides,
  });
  await startServices(services);
  return {
    services,
    app: createApp(services),
    dataDir,
    close: async () => {
      await closeServices(services);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Request headers of a system. */
export function asSystem(key: string, lang: 'en' | 'zh-CN' = 'en', extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${key}`, 'accept-language': lang, 'content-type': 'application/json', ...extra };
}

/** A response body as loosely-typed JSON, for assertions. */
// biome-ignore lint/suspicious/noExplicitAny: test assertions navigate arbitrary JSON
export async function json(res: Response): Promise<any> {
  return res.json();
}
