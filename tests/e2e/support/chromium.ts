import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (installed by .ci/run); playwright cannot download its own here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
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
  /** Content-Security-Policy violations in any page or frame since the last call (emptied by the call). */
  takeCspViolations(): string[];
  close(): Promise<void>;
}

/** Every page and frame reports its CSP violations to the test, whatever the test itself watches. */
const CSP_REPORTER = `document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolation?.(e.violatedDirective + ' blocked ' + e.blockedURI + ' on ' + location.href);
});`;

/**
 * The same in each worker (the board worker makes every Graph call): a violation there reaches
 * neither the document's event nor the page's console by itself, so the worker says it on its
 * console, which the page's console listeners hear too. Installed as the worker appears; the board
 * worker's first request waits for the page's token, well after that.
 */
const WORKER_CSP_PREFIX = 'CSP violation in a worker: ';
const WORKER_CSP_REPORTER = `self.addEventListener('securitypolicyviolation', (e) => {
  console.error(${JSON.stringify(WORKER_CSP_PREFIX)} + JSON.stringify({ directive: e.violatedDirective, blocked: e.blockedURI, page: location.href }));
});`;

/** A worker's violation, from a console line its reporter wrote (null: another line). */
export function workerCspViolation(text: string): { directive: string; blocked: string; page: string } | null {
  return text.startsWith(WORKER_CSP_PREFIX)
    ? (JSON.parse(text.slice(WORKER_CSP_PREFIX.length)) as { directive: string; blocked: string; page: string })
    : null;
}

export interface LaunchOptions {
  colorScheme?: 'light' | 'dark';
  /** Flags added after the usual ones (such as --host-resolver-rules). */
  extraArgs?: string[];
  /** Playwright's own default flags to leave out (such as --disable-popup-blocking). */
  ignoreDefaultArgs?: string[];
  /** Written to the fresh profile's Default/Preferences before launch (such as third-party cookie blocking). */
  preferences?: Record<string, unknown>;
}

/** A fresh Chromium profile for each launch, removed on close. */
export async function launchChromium(options: LaunchOptions = {}): Promise<LaunchedBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'whos-online-chromium-'));
  if (options.preferences) {
    await mkdir(join(profile, 'Default'), { recursive: true });
    await writeFile(join(profile, 'Default', 'Preferences'), JSON.stringify(options.preferences));
  }
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_FLAGS, ...(options.extraArgs ?? [])],
    ...(options.ignoreDefaultArgs ? { ignoreDefaultArgs: options.ignoreDefaultArgs } : {}),
    headless: true,
    viewport: { width: 1100, height: 900 },
    colorScheme: options.colorScheme ?? 'light',
    locale: 'en-US',
  });
  const violations: string[] = [];
  await context.exposeBinding('__cspViolation', (_source, text: string) => void violations.push(text));
  await context.addInitScript(CSP_REPORTER);
  const watchWorkers = (page: Page) =>
    page.on('worker', (worker) => {
      worker.on('console', (message) => {
        const violation = workerCspViolation(message.text());
        if (violation) violations.push(`${violation.directive} blocked ${violation.blocked} on ${violation.page}`);
      });
      void worker.evaluate(WORKER_CSP_REPORTER).catch(() => undefined);
    });
  for (const page of context.pages()) watchWorkers(page);
  context.on('page', watchWorkers);
  return {
    context,
    takeCspViolations: () => violations.splice(0),
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
