import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium (installed by .ci/run); playwright cannot download its own here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface LaunchedBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh Chromium profile for each launch, removed on close. */
export async function launchChromium(options: { colorScheme?: 'light' | 'dark' } = {}): Promise<LaunchedBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'whos-online-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: FLAGS,
    headless: true,
    viewport: { width: 1100, height: 900 },
    colorScheme: options.colorScheme ?? 'light',
    locale: 'en-US',
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
