/**
 * The live dashboard in a real browser (headless Chromium from the system, driven by
 * playwright-core; nothing is downloaded): it shows nothing before the ministry key is entered,
 * refuses a wrong key, then, updated over SSE, shows a system that went silent as SILENT and a
 * subscriber whose endpoint fails as ERROR — in English and in Chinese. Saves a screenshot to
 * test-results/dashboard.png (and, with PXG_UPDATE_DOCS=1, docs/dashboard.png for the README).
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Listening, listen } from '../../gateway/http/server.ts';
import { Endpoint } from '../integration/webhook.support.ts';
import { type Browser, describeBrowser, launchBrowser } from '../support/browser.ts';
import { asSystem, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { headerRecord } from '../support/records.ts';
import { keys, testRegistry } from '../support/registry.ts';

const SECRET = 'whsec_ZGFzaGJvYXJkLXRlc3Qtc2VjcmV0LTAxMjM0NTY3';
const RESULTS = new URL('../../test-results/', import.meta.url).pathname;

describeBrowser('the monitoring dashboard in a browser', () => {
  let gw: TestGateway;
  let server: Listening;
  let healthy: Endpoint;
  let broken: Endpoint;
  let browser: Browser;

  beforeAll(async () => {
    healthy = await new Endpoint(() => [SECRET]).start();
    broken = await new Endpoint(() => [SECRET]).start();
    broken.answer = () => ({ status: 503 });
    const registry = testRegistry();
    // Fujian is expected every 2 s and silent after 2 s without an accepted push.
    registry.systems = registry.systems.map((s) => (s.id === 'fj-gpms' ? { ...s, expectedCadence: 2 } : s));
    gw = await startTestGateway({
      env: {
        PORT: '0',
        PXG_MONITOR_LATE_PERCENT: '50',
        PXG_MONITOR_SILENT_PERCENT: '100',
        PXG_MONITOR_ERROR_FAILING_S: '0',
        PXG_MONITOR_REFRESH_MS: '300',
      },
      registry: {
        ...registry,
        subscriptions: [
          { id: 'platform-live', system: 'ggzy-fj', mode: 'webhook', webhook: { url: healthy.url, secrets: [{ secret: SECRET }] } },
          { id: 'platform-broken', system: 'ggzy-fj', mode: 'webhook', webhook: { url: broken.url, secrets: [{ secret: SECRET }] } },
        ],
        delivery: { allowTargets: ['127.0.0.1'], pollMs: 50, retry: { maxAttempts: 1, disableAfterDeadLetters: 1 } },
      },
    });
    server = await listen(gw.app, gw.services.config);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close(100);
    await gw?.close();
    await healthy?.close();
    await broken?.close();
  });

  it('shows a silent system and a failing subscriber live, after the ministry key is entered', async () => {
    // Fujian pushes once, then falls silent; the push reaches the healthy subscriber and fails at the broken one.
    const push = await gw.app.request('/v1/records', {
      method: 'POST',
      body: JSON.stringify(headerRecord()),
      headers: asSystem(keys.fujian),
    });
    expect(push.status).toBe(201);

    const page = await browser.context.newPage();
    await page.goto(`${server.url}/monitor?lang=en`);
    expect(await page.locator('#content').innerHTML()).toBe('');
    expect(await page.locator('#state').textContent()).toContain('Enter the key');

    await page.fill('#key', keys.platform);
    await page.click('button[type=submit]');
    await page.locator('#state', { hasText: 'not allowed' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('#content').innerHTML()).toBe('');

    await page.fill('#key', keys.ministry);
    await page.click('button[type=submit]');
    const silent = page.locator('tr[data-system="fj-gpms"][data-status="SILENT"]');
    const failing = page.locator('tr[data-subscription="platform-broken"][data-status="ERROR"]');
    await silent.waitFor({ timeout: 15_000 });
    await failing.waitFor({ timeout: 15_000 });
    expect(await silent.locator('.badge').textContent()).toBe('SILENT');
    expect(await failing.locator('.badge').textContent()).toBe('ERROR');
    expect(await failing.textContent()).toContain('disabled');
    await page.locator('tr[data-subscription="platform-live"][data-status="OK"]').waitFor({ timeout: 15_000 });
    expect(await silent.locator('svg.spark polyline').count()).toBeGreaterThan(0);

    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, 'dashboard.png'), fullPage: true });
    // The README's picture is refreshed on request only, so a test run leaves the tracked tree as it was.
    if (process.env.PXG_UPDATE_DOCS === '1')
      copyFileSync(join(RESULTS, 'dashboard.png'), new URL('../../docs/dashboard.png', import.meta.url).pathname);

    // The key stays for the tab's session: the Chinese page connects by itself.
    await page.goto(`${server.url}/monitor?lang=zh`);
    await page.locator('tr[data-system="fj-gpms"][data-status="SILENT"] .badge').waitFor({ timeout: 15_000 });
    expect(await page.locator('tr[data-system="fj-gpms"] .badge').textContent()).toBe('静默');
    expect(await page.locator('tr[data-subscription="platform-broken"] .badge').textContent()).toBe('错误');
    expect(await page.locator('h1').textContent()).toBe('政府采购数据同步监测');
  });

  it('refuses the stream without a valid token', async () => {
    const res = await fetch(`${server.url}/v1/monitor/stream?token=forged.token`);
    expect(res.status).toBe(401);
    const session = await fetch(`${server.url}/v1/monitor/session`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.platform}` },
    });
    expect(session.status).toBe(403);
  });
});
