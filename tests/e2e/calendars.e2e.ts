import { join } from 'node:path';
import type { Frame, FrameLocator, Page, Worker } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoToken } from '@/auth/demoTokenSource';
import { startDemoTenant } from '@/emulator/demoFetch';
import { GraphEmulator } from '@/emulator/graphEmulator';
import { SCREENSHOTS } from './support/buildOnce';
import { demoBrowserSuite, seriousAxeViolations } from './support/demoSuite';
import { openInTeamsHost } from './support/teamsHostHarness';

const PEOPLE = 3000;
const PHONE = { width: 390, height: 844 };
const TV = { width: 1920, height: 1080 };
const GRAPH = 'https://graph.microsoft.com/v1.0';
const CONSENT_KEY = 'whos-online:demo-consent';

/** What the emulated calendars carry beside free/busy (src/emulator/calendars.ts): never to be shown or kept. */
const SUBJECTS_AND_PLACES = [
  'Design review',
  'Sprint planning',
  'Customer call: Fabrikam',
  'Budget sync',
  'Hiring loop',
  'Quarterly business review',
  'Lunch with Priya',
  'alert(1)',
  'Microsoft Teams Meeting',
  'Room 4.12',
  'Berlin – Spree',
  'Café downstairs',
  'Harry\u2019s Bar',
];

/** Every text a row's calendar line may say (src/ui/strings.ts), each with the person's local time where it differs. */
const ENGLISH_LABEL =
  /^(Free until .+|Free for the rest of the day|In a meeting until .+?( · then free)?|Busy until .+|Out of office until .+|Out of office|Outside working hours)( · \d{1,2}:\d{2}\s?[AP]M local time)?$/;
const GERMAN_LABEL =
  /^(Frei bis .+|Für den Rest des Tages frei|In einer Besprechung bis .+?( · danach frei)?|Beschäftigt bis .+|Abwesend bis .+|Abwesend|Außerhalb der Arbeitszeit)( · \d{1,2}:\d{2} Ortszeit)?$/;

/**
 * The demo's Graph is emulated inside the board worker (no network request leaves the page), so
 * the test listens where the worker hands each call to it: the emulated fetch makes a `Request`
 * of every call, and this records the addresses of each getSchedule it is given.
 */
const RECORD_SCHEDULE_CALLS = `(() => {
  if (self.__scheduleCalls) return;
  const calls = [];
  self.__scheduleCalls = calls;
  const Original = self.Request;
  self.Request = class extends Original {
    constructor(input, init) {
      super(input, init);
      try {
        if (new URL(this.url).pathname.endsWith('/calendar/getSchedule') && init && typeof init.body === 'string') {
          calls.push({ at: Date.now(), schedules: JSON.parse(init.body).schedules });
        }
      } catch {}
    }
  };
})()`;

/** Every person row ever drawn in the tab since this was installed (ids in lower case). */
const RECORD_DRAWN_ROWS = () => {
  const w = window as unknown as { __drawn?: Set<string> };
  if (w.__drawn) return;
  const drawn = new Set<string>();
  w.__drawn = drawn;
  const note = () => {
    for (const row of document.querySelectorAll('[data-person-id]')) drawn.add(row.getAttribute('data-person-id')!.toLowerCase());
  };
  note();
  new MutationObserver(note).observe(document.body, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['data-person-id'],
  });
};

/** The calendar texts of the rows drawn now, with each row's id and whether the text fits or is cut with an ellipsis. */
function calendarLabels(frame: Frame) {
  return frame.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-person-id] [data-calendar]')].map((text) => {
      const style = getComputedStyle(text);
      const box = text.getBoundingClientRect();
      return {
        id: text.closest('[data-person-id]')!.getAttribute('data-person-id')!.toLowerCase(),
        text: text.textContent ?? '',
        fits: text.scrollWidth <= text.clientWidth + 1,
        ellipsis: style.textOverflow === 'ellipsis' && style.overflow.includes('hidden') && style.whiteSpace === 'nowrap',
        right: box.right,
        left: box.left,
        rowLabel: text.closest('[data-person-id]')!.getAttribute('aria-label') ?? '',
      };
    }),
  );
}

/** The emulated tenant's people as the demo build makes them (same seed, same size): their mail → their id. */
const tenant = new GraphEmulator({ users: PEOPLE });
const idByAddress = new Map(
  tenant.users.flatMap((u) => [
    ...(u.mail ? [[u.mail.toLowerCase(), u.id.toLowerCase()] as const] : []),
    [u.userPrincipalName.toLowerCase(), u.id.toLowerCase()] as const,
  ]),
);

describe('calendars: "Show calendars" (demo build, 3,000 people)', () => {
  // This browser keeps the demo's consent and the viewer's choices between tests, as a person's would.
  const suite = demoBrowserSuite({ DEMO_USERS: String(PEOPLE), DEMO_DRIFT_MS: '0' });

  /** Opens the tab in the simulated Teams host and waits for its people; `workers` collects the page's workers as they start. */
  async function open(
    options: { size?: { width: number; height: number }; theme?: 'default' | 'dark' | 'contrast'; locale?: string; tabPath?: string } = {},
  ): Promise<{ page: Page; tab: FrameLocator; frame: Frame; workers: Worker[] }> {
    const page = await suite.browser().context.newPage();
    const workers: Worker[] = [];
    page.on('worker', (worker) => {
      workers.push(worker);
      void worker.evaluate(RECORD_SCHEDULE_CALLS).catch(() => undefined);
    });
    await page.setViewportSize(options.size ?? { width: 1100, height: 900 });
    const locale = options.locale ?? 'en-us';
    const tab = await openInTeamsHost(page, suite.server().url, {
      theme: options.theme ?? 'default',
      locale,
      ...(options.tabPath ? { tabPath: options.tabPath } : {}),
    });
    await tab.getByText(locale.startsWith('de') ? /^Aktualisiert / : /^Updated /).waitFor({ timeout: 60_000 });
    await tab.locator('[data-person-id]').first().waitFor({ timeout: 30_000 });
    const frame = page.frames().find((f) => f !== page.mainFrame()) as Frame;
    return { page, tab, frame, workers };
  }

  /** The getSchedule calls the board worker made since it started (recorded by RECORD_SCHEDULE_CALLS). */
  async function scheduleCalls(workers: Worker[]): Promise<Array<{ at: number; ids: string[] }>> {
    for (const worker of workers) {
      const calls = await worker
        .evaluate(() => (self as unknown as { __scheduleCalls?: Array<{ at: number; schedules: string[] }> }).__scheduleCalls ?? null)
        .catch(() => null);
      if (calls) return calls.map((c) => ({ at: c.at, ids: c.schedules.map((a) => idByAddress.get(a.toLowerCase()) ?? `unknown:${a}`) }));
    }
    return [];
  }

  /** Waits until the rows drawn now show calendar texts (at least `atLeast`), and returns them. */
  async function labelsShown(frame: Frame, atLeast = 5) {
    await expect.poll(async () => (await calendarLabels(frame)).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(atLeast);
    return calendarLabels(frame);
  }

  it('asks for consent once, then shows calendars on the rows on screen only, asked 20 at most a call for drawn rows', async () => {
    const { page, tab, frame, workers } = await open();
    await frame.evaluate(RECORD_DRAWN_ROWS);
    const bar = tab.locator('[data-calendar-consent]');
    expect(await bar.count()).toBe(0);

    await tab.getByRole('switch', { name: 'Show calendars' }).click();
    await expect.poll(() => bar.count()).toBe(1);
    await expect(bar.textContent()).resolves.toContain('Calendars.ReadBasic');
    // Without consent nothing is asked of Graph, and nothing is shown.
    expect(await scheduleCalls(workers)).toEqual([]);
    expect(await tab.locator('[data-calendar]').count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'calendars-consent.png') });

    await bar.getByRole('button', { name: 'Grant access' }).click();
    await expect.poll(() => bar.count()).toBe(0);
    const first = await labelsShown(frame);
    expect(first.filter((l) => !ENGLISH_LABEL.test(l.text))).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'calendars.png') });

    // A jump far down the list: the rows between were never drawn, and nobody there is asked for.
    const list = tab.getByRole('list', { name: 'People' });
    await list.evaluate((el) => el.scrollTo(0, el.scrollHeight / 2));
    const firstIds = new Set(first.map((l) => l.id));
    await expect
      .poll(async () => (await calendarLabels(frame)).filter((l) => !firstIds.has(l.id)).length, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(5);

    const calls = await scheduleCalls(workers);
    const drawn = new Set(await frame.evaluate(() => [...(window as unknown as { __drawn: Set<string> }).__drawn]));
    const asked = calls.flatMap((c) => c.ids);
    console.log(`calendars: ${calls.length} getSchedule calls for ${asked.length} people; ${drawn.size} rows drawn in all`);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.filter((c) => c.ids.length === 0 || c.ids.length > 20)).toEqual([]);
    expect(asked.filter((id) => !drawn.has(id))).toEqual([]);
    // Each person once (their schedule stays fresh for 5 minutes).
    expect(new Set(asked).size).toBe(asked.length);
    // Every text shown is for a row that was asked for.
    const shown = await calendarLabels(frame);
    expect(shown.filter((l) => !asked.includes(l.id))).toEqual([]);

    // Off and on again: the consent is kept, no bar.
    await tab.getByRole('switch', { name: 'Show calendars' }).click();
    await expect.poll(() => tab.locator('[data-calendar]').count()).toBe(0);
    await tab.getByRole('switch', { name: 'Show calendars' }).click();
    await labelsShown(frame);
    expect(await bar.count()).toBe(0);
    await page.close();
  });

  it('after a reload the switch is still on and no consent is asked again', async () => {
    const { page, tab } = await open();
    // Any consent bar drawn from now on, however briefly, is noted (in every frame, the tab's included).
    await page.addInitScript(() => {
      const w = window as unknown as { __consentAsked?: number };
      w.__consentAsked = 0;
      const watch = () =>
        new MutationObserver((records) => {
          for (const record of records)
            for (const node of record.addedNodes)
              if (node instanceof Element && (node.matches('[data-calendar-consent]') || node.querySelector('[data-calendar-consent]')))
                w.__consentAsked! += 1;
        }).observe(document, { subtree: true, childList: true });
      watch();
    });
    await page.reload();
    await tab.getByText(/^Updated /).waitFor({ timeout: 60_000 });
    const reloaded = page.frames().find((f) => f !== page.mainFrame()) as Frame;
    expect(await tab.getByRole('switch', { name: 'Show calendars' }).isChecked()).toBe(true);
    await labelsShown(reloaded);
    expect(await reloaded.evaluate(() => (window as unknown as { __consentAsked: number }).__consentAsked)).toBe(0);
    expect(await tab.locator('[data-calendar-consent]').count()).toBe(0);
    await page.close();
  });

  /** Calendar texts from a few screens of the list (until one of them matches `want`), checked against `grammar`. */
  async function labelsOverScreens(tab: FrameLocator, frame: Frame, want: RegExp) {
    const seen = new Map<string, string>();
    const list = tab.getByRole('list', { name: 'People' });
    for (let screen = 0; screen < 8; screen++) {
      for (const l of await labelsShown(frame)) seen.set(l.id, l.text);
      if ([...seen.values()].some((t) => want.test(t))) break;
      const before = new Set(seen.keys());
      await list.evaluate((el) => el.scrollBy(0, el.clientHeight));
      await expect.poll(async () => (await calendarLabels(frame)).some((l) => !before.has(l.id)), { timeout: 30_000 }).toBe(true);
    }
    return [...seen.values()];
  }

  it("speaks the viewer's language and time format: German and English", async () => {
    const german = await open({ locale: 'de-de' });
    const deTexts = await labelsOverScreens(german.tab, german.frame, /^Außerhalb der Arbeitszeit/);
    console.log(`calendars, German: ${[...new Set(deTexts.map((t) => t.split(' · ')[0]!.replace(/\d.*$/, '…')))].join(' | ')}`);
    expect(deTexts.filter((t) => !GERMAN_LABEL.test(t))).toEqual([]);
    // Someone somewhere is outside their working hours at any hour (seven zones around the world).
    expect(deTexts.some((t) => t.startsWith('Außerhalb der Arbeitszeit'))).toBe(true);
    // German times are 24-hour.
    expect(deTexts.filter((t) => /[AP]M/.test(t))).toEqual([]);
    await german.page.screenshot({ path: join(SCREENSHOTS, 'calendars-de.png') });
    await german.page.close();

    const english = await open({ locale: 'en-us' });
    const enTexts = await labelsOverScreens(english.tab, english.frame, /^Outside working hours/);
    expect(enTexts.filter((t) => !ENGLISH_LABEL.test(t))).toEqual([]);
    expect(enTexts.some((t) => t.startsWith('Outside working hours'))).toBe(true);
    // US English times say AM or PM.
    const timed = enTexts.filter((t) => /\d:\d\d/.test(t));
    expect(timed.filter((t) => !/\d:\d\d\s?[AP]M/.test(t))).toEqual([]);
    await english.page.close();
  });

  it('never shows or keeps the subjects and places the calendars carry', async () => {
    const { page, tab, frame } = await open();
    await labelsShown(frame);
    // A row's actions menu says the calendar too.
    await tab
      .getByRole('button', { name: /^Actions for / })
      .first()
      .click();
    await tab.getByRole('menu').waitFor();
    const pageText = await frame.evaluate(() => {
      const attributes = [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => a.value));
      return [
        document.documentElement.innerText,
        ...attributes,
        JSON.stringify({ ...localStorage }),
        JSON.stringify({ ...sessionStorage }),
      ].join('\n');
    });
    expect(SUBJECTS_AND_PLACES.filter((s) => pageText.includes(s))).toEqual([]);
    await page.keyboard.press('Escape');

    // …though the emulated Graph does send them for these very people (asked here the same way).
    const shownIds = (await calendarLabels(frame)).map((l) => l.id);
    const addresses = tenant.users.filter((u) => shownIds.includes(u.id.toLowerCase()) && u.mail).map((u) => u.mail!);
    const demo = startDemoTenant(GRAPH, { users: PEOPLE });
    const start = new Date();
    const answer = await demo.fetch(`${GRAPH}/me/calendar/getSchedule`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${demoToken(['Calendars.ReadBasic'])}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        schedules: addresses.slice(0, 20),
        startTime: { dateTime: start.toISOString().slice(0, 19), timeZone: 'UTC' },
        endTime: { dateTime: new Date(start.getTime() + 4 * 86_400_000).toISOString().slice(0, 19), timeZone: 'UTC' },
        availabilityViewInterval: 30,
      }),
    });
    const sent = await answer.text();
    expect(SUBJECTS_AND_PLACES.filter((s) => sent.includes(s)).length).toBeGreaterThan(0);
    await page.close();
  });

  it('has no serious or critical accessibility violations with calendars on, in the light, dark and high-contrast themes', async () => {
    for (const theme of ['default', 'dark', 'contrast'] as const) {
      const { page, frame } = await open({ theme });
      await labelsShown(frame);
      const violations = await seriousAxeViolations(frame);
      expect({ theme, violations }).toEqual({ theme, violations: [] });
      if (theme !== 'default') await page.screenshot({ path: join(SCREENSHOTS, `calendars-${theme}.png`) });
      await page.close();
    }
  });

  it('on a phone (390 × 844) each calendar text fits or ends in an ellipsis, and nothing is wider than the screen', async () => {
    const { page, frame } = await open({ size: PHONE });
    const labels = await labelsShown(frame, 3);
    expect(labels.filter((l) => !l.fits && !l.ellipsis)).toEqual([]);
    expect(labels.filter((l) => l.left < 0 || l.right > PHONE.width + 0.5)).toEqual([]);
    // Cut or not, something of it is on screen (a word at least), and the row's name says it whole.
    expect(labels.filter((l) => l.right - l.left < 24)).toEqual([]);
    expect(labels.filter((l) => !l.rowLabel.includes(l.text.split(' · ')[0]!))).toEqual([]);
    expect(await frame.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    console.log(`calendars, phone: ${labels.length} texts, ${labels.filter((l) => !l.fits).length} cut with an ellipsis`);
    await page.screenshot({ path: join(SCREENSHOTS, 'calendars-phone.png') });
    await page.close();
  });

  it('the wall with calendar=1 asks its viewer for consent with the same bar, then says "free at" on tiles', async () => {
    // A wall's browser that never granted calendars (the board's tests above did, in this profile).
    const board = await open();
    await board.frame.evaluate((key) => localStorage.removeItem(key), CONSENT_KEY);
    await board.page.close();

    const { page, tab, frame } = await open({ size: TV, tabPath: '?view=wall&calendar=1&seconds=3600' });
    const bar = tab.locator('[data-calendar-consent]');
    await expect.poll(() => bar.count()).toBe(1);
    await bar.getByRole('button', { name: 'Grant access' }).click();
    await expect.poll(() => bar.count()).toBe(0);
    const tileLabels = () =>
      frame.evaluate(() =>
        [...document.querySelectorAll('ul[aria-label] > li[data-person-id]')].map((t) => t.getAttribute('aria-label') ?? ''),
      );
    await expect
      .poll(async () => (await tileLabels()).filter((l) => / · free at \d/.test(l)).length, { timeout: 30_000 })
      .toBeGreaterThan(0);
    const freeAt = await frame.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('ul[aria-label] > li[data-person-id]')]
        .map((t) => t.innerText)
        .filter((t) => t.includes('free at')),
    );
    expect(freeAt.length).toBeGreaterThan(0);
    console.log(`calendars, wall: ${freeAt.length} of ${(await tileLabels()).length} tiles say when they are free`);
    await page.screenshot({ path: join(SCREENSHOTS, 'calendars-wall.png') });
    await page.close();
  });
});
