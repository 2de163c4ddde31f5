/**
 * The API reference at /docs in a real browser (headless Chromium from the system, driven by
 * playwright-core): it renders the contract's operations, summarised in Chinese and English, with
 * the renderer served by the gateway itself and no request leaving it.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Listening, listen } from '../../gateway/http/server.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { describeWithService } from '../support/services.ts';

const CHROMIUM = '/usr/bin/chromium';

const describeBrowser = describeWithService(
  'Chromium',
  existsSync(CHROMIUM)
    ? { kind: 'local', address: CHROMIUM }
    : { kind: 'missing', reason: `${CHROMIUM} not found (apt-get install -y chromium)` },
);

describeBrowser('the API reference at /docs in a browser', () => {
  let gw: TestGateway;
  let server: Listening;
  let profile: string;
  let browser: BrowserContext;

  beforeAll(async () => {
    gw = await startTestGateway({ env: { PORT: '0' } });
    server = await listen(gw.app, gw.services.config);
    profile = mkdtempSync(join(tmpdir(), 'pxg-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close(100);
    await gw?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('renders the operations in Chinese and English from the gateway alone', async () => {
    const page = await browser.newPage();
    const elsewhere: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(server.url) && !request.url().startsWith('data:')) elsewhere.push(request.url());
    });
    // A fetch the page's policy blocks fires no request event, but the browser reports it.
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) blocked.push(message.text());
    });
    await page.goto(`${server.url}/docs`);
    await page.getByText('推送一条记录版本', { exact: false }).first().waitFor({ timeout: 20_000 });
    const text = await page.locator('body').textContent();
    expect(text).toContain('Push one record version');
    expect(text).toContain('0.1.0');
    expect(elsewhere).toEqual([]);
    expect(blocked).toEqual([]);
  });
});
