import type { BrowserContext, Frame, FrameLocator, Page } from 'playwright-core';
import { workerCspViolation, type LaunchedBrowser } from '../chromium';
import { launchRigBrowser, type RigBrowserOptions } from './browser';
import type { HostBehaviour, HostMessage } from './hostProtocol';
import type { HostPageOptions } from './hostPage';
import { LOGIN_HOST, TAB_ORIGIN } from './names';
import { phoneHostInitScript, type PhoneHostOptions } from './phoneHost';
import type { Rig } from './rig';

/** Reports Content-Security-Policy violations from every frame to the test. */
const CSP_WATCH = `document.addEventListener('securitypolicyviolation', (e) => {
  if (typeof window.__rigCsp === 'function') window.__rigCsp({ page: location.href, directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample }).catch(() => {});
});`;

export interface CspViolation {
  page: string;
  directive: string;
  blocked: string;
  sample: string;
}

/**
 * One scenario: a fresh Chromium profile, and everything the tab says to its host, to the console
 * and to the network, recorded for assertions and for failure messages that say what happened.
 */
export class Scenario {
  readonly messages: HostMessage[] = [];
  readonly csp: CspViolation[] = [];
  readonly console: string[] = [];
  readonly pageErrors: string[] = [];
  /** Every top-level or frame navigation, in order. */
  readonly navigations: string[] = [];
  /** Navigations to Microsoft sign-in outside a sign-in window (the tab's own frame, page or another popup). */
  private readonly tabSignIns: string[] = [];
  readonly popups: Page[] = [];
  /** Every document response (any frame or window), with the headers that decide opener and framing. */
  readonly documents: Array<{ url: string; status: number; coop?: string; csp?: string }> = [];
  /** Where the rig's request log stood when the scenario began. */
  private readonly requestsFrom: number;
  private readonly entraFrom: number;
  private readonly graphFrom: number;

  private constructor(
    readonly rig: Rig,
    private readonly browser: LaunchedBrowser,
  ) {
    this.requestsFrom = rig.router.requests.length;
    this.entraFrom = rig.entra.requests.length;
    this.graphFrom = rig.graph.emulator.requests.length;
  }

  get context(): BrowserContext {
    return this.browser.context;
  }

  static async launch(rig: Rig, options: RigBrowserOptions = {}): Promise<Scenario> {
    const browser = await launchRigBrowser(options);
    const scenario = new Scenario(rig, browser);
    const context = browser.context;
    await context.exposeBinding('__rigRecord', (_source, entry: HostMessage) => void scenario.messages.push(entry));
    await context.exposeBinding('__rigCsp', (_source, violation: CspViolation) => void scenario.csp.push(violation));
    await context.addInitScript(CSP_WATCH);
    context.on('console', (message) => {
      // The board worker's violations (it makes the Graph calls) come as its console lines (chromium.ts).
      const inWorker = workerCspViolation(message.text());
      if (inWorker) scenario.csp.push({ ...inWorker, sample: '' });
      if (message.type() === 'error' || message.type() === 'warning') scenario.console.push(`${message.type()}: ${message.text()}`);
    });
    context.on('weberror', (error) => scenario.pageErrors.push(error.error().message));
    context.on('request', (request) => {
      if (!request.isNavigationRequest()) return;
      const url = request.url();
      scenario.navigations.push(url);
      // The document the frame shows while it starts navigating: auth.html going to Entra is a sign-in window doing its job.
      // A new window's first navigation has no frame yet (Playwright throws): it comes from no document.
      let from: string;
      try {
        from = request.frame().url();
      } catch {
        from = '';
      }
      if (new URL(url).host === LOGIN_HOST && !from.startsWith(`${TAB_ORIGIN}/auth.html`)) scenario.tabSignIns.push(url);
    });
    context.on('page', (page) => scenario.popups.push(page));
    context.on('response', (response) => {
      if (!response.request().isNavigationRequest()) return;
      const headers = response.headers();
      scenario.documents.push({
        url: response.url(),
        status: response.status(),
        coop: headers['cross-origin-opener-policy'],
        csp: headers['content-security-policy'],
      });
    });
    return scenario;
  }

  /** Opens a web host page (Teams or Outlook on the web, or desktop, which frames the tab the same way). */
  async openWebHost(host: string, options: HostPageOptions): Promise<{ page: Page; tab: FrameLocator; tabFrame: () => Promise<Frame> }> {
    const url = this.rig.hostPage(host, options);
    const page = await this.context.newPage();
    await page.goto(url);
    const tab = options.nestedFrame ? page.frameLocator('#inner').frameLocator('#tab') : page.frameLocator('#tab');
    return { page, tab, tabFrame: () => this.tabFrame(page, new URL(options.tabUrl).origin) };
  }

  /** Opens the tab top-level as the phone apps show it, with their native interface injected first. */
  async openPhone(options: PhoneHostOptions, path = '/'): Promise<Page> {
    await this.context.addInitScript(phoneHostInitScript(options));
    const page = await this.context.newPage();
    await page.goto(`${TAB_ORIGIN}${path}`);
    return page;
  }

  /** The tab's frame inside a host page, once it has loaded. */
  async tabFrame(page: Page, origin = TAB_ORIGIN, timeoutMs = 15_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const frame = page.frames().find((f) => f !== page.mainFrame() && f.url().startsWith(`${origin}/`));
      if (frame) return frame;
      if (Date.now() > deadline) throw new Error(`The tab's frame (${origin}) never loaded in ${page.url()}.\n${this.report()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The func names the tab (and its auth window) sent, in order. */
  funcs(from: HostMessage['from'] = 'tab'): string[] {
    return this.messages.filter((m) => m.from === from).map((m) => m.func);
  }

  sent(func: string, from: HostMessage['from'] = 'tab'): HostMessage[] {
    return this.messages.filter((m) => m.func === func && m.from === from);
  }

  naaMethods(): string[] {
    return this.messages.flatMap((m) => (m.naa ? [m.naa.method] : []));
  }

  /** Waits for the tab to send `func`; false when it did not within the time. */
  async waitForMessage(func: string, timeoutMs: number, from: HostMessage['from'] = 'tab'): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.sent(func, from).length > 0) return true;
      await new Promise((r) => setTimeout(r, 100));
    }
    return this.sent(func, from).length > 0;
  }

  /**
   * Navigations to Microsoft sign-in since the scenario began, in any frame or window but a
   * sign-in window that opened on auth.html (whose redirect to Entra is the point).
   */
  signInNavigations(): string[] {
    return [...this.tabSignIns];
  }

  /** Requests the rig's https server got for `host` since the scenario began. */
  requestsTo(host: string): string[] {
    return this.rig.router.requestsTo(host, this.requestsFrom).map((r) => `${r.method} ${r.path} → ${r.status ?? '…'}`);
  }

  /**
   * Who issued the bearer tokens Graph received in this scenario (the `xms_rig` claim the rig puts
   * in every access token it hands out: 'host-naa:Teams/web', 'fake-entra', …).
   */
  graphTokenIssuers(): string[] {
    return this.rig.graph.emulator.requests.slice(this.graphFrom).flatMap((r) => {
      const payload = r.authorization?.replace(/^Bearer\s+/i, '').split('.')[1];
      if (!payload) return [];
      try {
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { xms_rig?: string };
        return claims.xms_rig ? [claims.xms_rig] : [];
      } catch {
        return [];
      }
    });
  }

  entraRequests() {
    return this.rig.entra.requests.slice(this.entraFrom);
  }

  /** A readable account of what happened, for failure messages. */
  report(extra: Record<string, string> = {}): string {
    const messages = this.messages.map((m) => {
      const args = JSON.stringify(m.args ?? []);
      const naa = m.naa ? ` naa=${m.naa.method}${m.naa.scope ? ` [${m.naa.scope}]` : ''}` : '';
      return `  ${m.channel}/${m.from} ${m.func} ${args.length > 160 ? `${args.slice(0, 160)}…` : args}${naa}${m.note ? ` (${m.note})` : ''}`;
    });
    const parts = [
      `Messages the tab sent its host (${messages.length}):\n${messages.join('\n') || '  (none)'}`,
      `Navigations:\n${this.navigations.map((n) => `  ${n}`).join('\n') || '  (none)'}`,
      `Console errors and warnings:\n${
        this.console
          .slice(-15)
          .map((c) => `  ${c}`)
          .join('\n') || '  (none)'
      }`,
      `Page errors:\n${this.pageErrors.map((e) => `  ${e}`).join('\n') || '  (none)'}`,
      `CSP violations:\n${this.csp.map((v) => `  ${v.directive} ${v.blocked} on ${v.page}`).join('\n') || '  (none)'}`,
      `Requests the rig answered with an error status:\n${
        this.rig.router.requests
          .slice(this.requestsFrom)
          .filter((r) => (r.status ?? 0) >= 400)
          .map((r) => `  ${r.status} ${r.method} https://${r.host}${r.path}`)
          .join('\n') || '  (none)'
      }`,
      ...Object.entries(extra).map(([k, v]) => `${k}:\n${v}`),
    ];
    return parts.join('\n');
  }

  close(): Promise<void> {
    return this.browser.close();
  }
}

/** Runs `body` in a fresh scenario and always closes its browser. */
export async function withScenario(rig: Rig, options: RigBrowserOptions, body: (scenario: Scenario) => Promise<void>): Promise<void> {
  const scenario = await Scenario.launch(rig, options);
  try {
    await body(scenario);
    // Every scenario runs under the headers the tab is really served with: none may be violated.
    if (scenario.csp.length > 0) throw new Error(`Content-Security-Policy violations:\n${scenario.report()}`);
  } finally {
    await scenario.close();
  }
}

export type { HostBehaviour };
