import type { Frame, Locator, Page } from 'playwright-core';
import type { Scenario } from './scenario';

/** The tab's document: a frame in a host page, or a phone's top-level page. */
export type TabScope = Frame | Page;

/**
 * The UI contract the real-host scenarios rely on. Kept loose where the issue fixes no words.
 */
export const UI = {
  /** People rows: role="listitem" inside role="list" (virtualised; only rows on screen exist). */
  rows: (tab: TabScope): Locator => tab.locator('[role="list"] [role="listitem"]'),
  /** The button that starts interactive sign-in or consent. */
  grantAccess: (tab: TabScope): Locator => tab.getByRole('button', { name: /grant access|sign in|zugriff erlauben|anmelden/i }),
  /** A person's actions menu button on a row ("⋯", aria-haspopup=menu). */
  actionsButton: (row: Locator): Locator => row.locator('button[aria-haspopup="menu"]'),
} as const;

/** What the tab shows as text, shortened, for failure messages. */
export async function visibleText(tab: TabScope, max = 1200): Promise<string> {
  try {
    const text = (await tab.locator('body').innerText({ timeout: 10_000 })).replace(/\s+\n/g, '\n').trim();
    return text.length > max ? `${text.slice(0, max)}…` : text || '(empty)';
  } catch (error) {
    return `(could not read the tab: ${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
  }
}

/** True when `locator` became visible within the time. */
export async function becomesVisible(locator: Locator, timeoutMs: number): Promise<boolean> {
  try {
    await locator.first().waitFor({ state: 'visible', timeout: timeoutMs });
    return true;
  } catch {
    return false;
  }
}

/** Builds a failure message that says what was expected, what the tab shows and what it said to its host. */
export async function failure(what: string, tab: TabScope | null, scenario: Scenario, extra: Record<string, string> = {}): Promise<Error> {
  const shown = tab ? await visibleText(tab) : '(no tab)';
  return new Error(`${what}\nThe tab shows:\n  ${shown.replace(/\n/g, '\n  ')}\n${scenario.report(extra)}`);
}

/** Waits for people rows; throws a failure that explains what the tab did instead. */
/**
 * Polls `checks` until one holds (its name is returned) or the time is up ('timeout'), so a
 * scenario that has already gone wrong fails at once instead of waiting out its time.
 */
export async function waitForOutcome<K extends string>(
  timeoutMs: number,
  checks: Record<K, () => boolean | Promise<boolean>>,
): Promise<K | 'timeout'> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const [name, check] of Object.entries(checks) as Array<[K, () => boolean | Promise<boolean>]>) {
      if (await Promise.resolve(check()).catch(() => false)) return name;
    }
    if (Date.now() > deadline) return 'timeout';
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The ways a start-up visibly goes wrong, for waitForOutcome. */
export function startupFailures(scenario: Scenario) {
  return {
    notifyFailure: () => scenario.sent('appInitialization.failure').length > 0,
    signInRedirect: () => scenario.signInNavigations().length > 0,
    redirectInIframe: () => [...scenario.console, ...scenario.pageErrors].some((line) => /redirect_in_iframe/.test(line)),
  };
}

const OUTCOME_MEANING: Record<string, string> = {
  notifyFailure: 'the tab called app.notifyFailure',
  signInRedirect: 'the tab navigated to Microsoft sign-in',
  redirectInIframe: 'MSAL refused a redirect inside the frame (redirect_in_iframe): the tab took the plain-browser path',
  timeout: 'nothing happened in time',
};

export const outcomeMeaning = (outcome: string) => OUTCOME_MEANING[outcome] ?? outcome;

/** Waits for people rows; fails as soon as the tab visibly went another way, saying which. */
export async function expectRows(tab: TabScope, scenario: Scenario, what: string, timeoutMs = 30_000): Promise<void> {
  const outcome = await waitForOutcome(timeoutMs, { rows: () => UI.rows(tab).first().isVisible(), ...startupFailures(scenario) });
  if (outcome === 'rows') return;
  throw await failure(
    `${what}: no people rows (role="listitem" in role="list") appeared${outcome === 'timeout' ? ` within ${timeoutMs / 1000} s` : `: ${outcomeMeaning(outcome)}`}.`,
    tab,
    scenario,
  );
}

/**
 * The background colour a person sees behind the board: the first non-transparent background from
 * the list (or the body) up to the root.
 */
export async function pageBackground(tab: TabScope): Promise<[number, number, number]> {
  return tab.evaluate(() => {
    let element: Element | null = document.querySelector('[role="list"]') ?? document.body;
    while (element) {
      const colour = getComputedStyle(element).backgroundColor;
      const parts = (colour.match(/[\d.]+/g) ?? []).map(Number);
      if (parts.length >= 3 && (parts.length < 4 || parts[3]! > 0)) return [parts[0]!, parts[1]!, parts[2]!] as [number, number, number];
      element = element.parentElement;
    }
    return [255, 255, 255] as [number, number, number];
  });
}

/** What happens when the tab's document touches localStorage: 'allowed' or the error it throws. */
export async function localStorageAccess(tab: TabScope): Promise<string> {
  return tab.evaluate(() => {
    try {
      window.localStorage.getItem('rig-probe');
      return 'allowed';
    } catch (error) {
      return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
  });
}
