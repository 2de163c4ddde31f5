import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Listening, listen } from '../../gateway/http/server.ts';
import { type Browser, describeBrowser, launchBrowser } from '../support/browser.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';

describeBrowser('the API reference at /docs in a browser', () => {
  let gw: TestGateway;
  let server: Listening;
  let browser: Browser;

  beforeAll(async () => {
    gw = await startTestGateway({ env: { PORT: '0' } });
    server = await listen(gw.app, gw.services.config);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close(100);
    await gw?.close();
  });

  it('renders the operations in Chinese and English from the gateway alone', async () => {
    const page = await browser.context.newPage();
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
