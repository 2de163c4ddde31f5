/**
 * Headless Chromium from the system (Debian's chromium), driven by playwright-core: nothing is
 * downloaded. The flags keep it off the network (this machine has none) and out of any profile.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { describeWithService } from './services.ts';

const CHROMIUM = '/usr/bin/chromium';

/** A describe that needs Chromium: skipped with the reason locally, failing under CI when it is missing. */
export const describeBrowser = describeWithService(
  'Chromium',
  existsSync(CHROMIUM)
    ? { kind: 'local', address: CHROMIUM }
    : { kind: 'missing', reason: `${CHROMIUM} not found (apt-get install -y chromium)` },
);

/** A browser in a fresh profile; `close()` closes it and removes the profile. */
export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches headless Chromium with a throw-away profile. */
export async function launchBrowser(viewport = { width: 1400, height: 900 }): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'pxg-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
