import { join } from 'node:path';
import type { Frame, FrameLocator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS } from './support/buildOnce';
import { demoBrowserSuite, seriousAxeViolations } from './support/demoSuite';
import { openInTeamsHost } from './support/teamsHostHarness';

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 800 };

/** How many people rows are wholly inside the list's visible box, and where the first one starts. */
function peopleOnScreen(frame: Frame): Promise<{ whole: number; firstTop: number }> {
  return frame.evaluate(() => {
    const list = document.querySelector<HTMLElement>('[role="list"]')!.getBoundingClientRect();
    const rows = [...document.querySelectorAll<HTMLElement>('[data-person-id]')].map((row) => row.getBoundingClientRect());
    const whole = rows.filter((box) => box.top >= list.top - 0.5 && box.bottom <= Math.min(list.bottom, window.innerHeight) + 0.5).length;
    return { whole, firstTop: Math.round(Math.min(...rows.map((box) => box.top))) };
  });
}

/** WCAG's relative luminance of an opaque `rgb(r, g, b)`. */
function luminance(rgb: string): number {
  const [r, g, b] = rgb
    .match(/[\d.]+/g)!
    .slice(0, 3)
    .map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG's contrast ratio between two opaque colours, as getComputedStyle gives them. */
function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return Math.round(((light + 0.05) / (dark + 0.05)) * 100) / 100;
}

/** The search field on a phone: the input's own box (what a finger hits), and its placeholder's width against the room it has. */
function searchField(frame: Frame) {
  return frame.evaluate(() => {
    const input = document.querySelector<HTMLInputElement>('input[type="search"]')!;
    const style = getComputedStyle(input);
    const canvas = document.createElement('canvas').getContext('2d')!;
    canvas.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    return {
      placeholder: input.placeholder,
      height: input.getBoundingClientRect().height,
      fieldHeight: input.closest('.fui-SearchBox')!.getBoundingClientRect().height,
      text: Math.ceil(canvas.measureText(input.placeholder).width),
      room: input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
    };
  });
}

describe('every screen (demo build, 3,000 people)', () => {
  const suite = demoBrowserSuite({ DEMO_USERS: '3000', DEMO_DRIFT_MS: '0' });

  async function open(size: { width: number; height: number }, theme: 'default' | 'dark' | 'contrast' = 'default', locale = 'en-us') {
    const page = await suite.browser().context.newPage();
    await page.setViewportSize(size);
    const tab: FrameLocator = await openInTeamsHost(page, suite.server().url, { theme, locale });
    const updated = locale.startsWith('de') ? /^Aktualisiert / : /^Updated /;
    await tab.getByText(updated).waitFor({ timeout: 60_000 });
    // Each screen starts from the default choices (an earlier test's are kept in this browser).
    const kept = page.frames().find((f) => f !== page.mainFrame()) as Frame;
    if (await kept.evaluate(() => localStorage.length > 0)) {
      await kept.evaluate(() => localStorage.clear());
      await page.reload();
      await tab.getByText(updated).waitFor({ timeout: 60_000 });
    }
    await tab.locator('[data-person-id]').first().waitFor();
    const frame = page.frames().find((f) => f !== page.mainFrame()) as Frame;
    return { page, tab, frame };
  }

  it('on a phone (390 × 844): one-line header, search at hand, the first person in the top half, nothing wider than the screen, 44 px targets', async () => {
    const { page, tab, frame } = await open(PHONE);
    const layout = await frame.evaluate(() => {
      const title = document.querySelector('h1')!.getBoundingClientRect();
      const lineHeight = parseFloat(getComputedStyle(document.querySelector('h1')!).lineHeight);
      // The input itself, what a finger hits (the field around it is 2 px higher, its borders).
      const search = document.querySelector('input[type="search"]')!.getBoundingClientRect();
      const small = [
        ...document.querySelectorAll<HTMLElement>('header button, [data-person-id] button, main button[aria-haspopup="dialog"]'),
      ]
        .map((b) => ({ label: b.getAttribute('aria-label') ?? b.textContent ?? '', box: b.getBoundingClientRect() }))
        .filter(({ box }) => box.width > 0 && box.bottom <= window.innerHeight && (box.width < 44 || box.height < 44))
        .map(({ label, box }) => `${label} ${Math.round(box.width)}×${Math.round(box.height)}`);
      return {
        titleLines: Math.round(title.height / lineHeight),
        searchTop: Math.round(search.top),
        searchHeight: Math.round(search.height),
        scrollWidth: document.documentElement.scrollWidth,
        small,
      };
    });
    const { firstTop, whole } = await peopleOnScreen(frame);
    expect(layout.titleLines).toBe(1);
    expect(layout.searchTop).toBeLessThan(PHONE.height / 4);
    expect(layout.searchHeight).toBeGreaterThanOrEqual(44);
    expect(firstTop).toBeLessThan(PHONE.height / 2);
    expect(layout.scrollWidth).toBeLessThanOrEqual(PHONE.width);
    expect(layout.small).toEqual([]);
    console.log(`phone 390×844: first person at ${firstTop} px, ${whole} people wholly on screen`);
    await page.screenshot({ path: join(SCREENSHOTS, 'phone.png') });

    // Chips, switches, grouping and sorting are behind one Filters button that counts what is on.
    expect(await tab.getByRole('switch', { name: 'Show offline people too' }).count()).toBe(0);
    await tab.getByRole('button', { name: 'Filters' }).click();
    const sheet = tab.getByRole('dialog');
    await sheet.getByRole('button', { name: /^Available \(/ }).click();
    await sheet.getByRole('switch', { name: 'Show offline people too' }).click();
    const sheetBox = await sheet.boundingBox();
    expect(sheetBox!.x).toBeGreaterThanOrEqual(0);
    expect(sheetBox!.x + sheetBox!.width).toBeLessThanOrEqual(PHONE.width + 0.5);
    await page.screenshot({ path: join(SCREENSHOTS, 'phone-filters.png') });
    // Every control in the sheet is a finger's target: 44 px high at least (the whole switch or check box with its label).
    const smallInSheet = await frame.evaluate(() =>
      [
        ...document.querySelectorAll<HTMLElement>(
          '[role="dialog"] button, [role="dialog"] .fui-Select, [role="dialog"] .fui-Switch, [role="dialog"] .fui-Checkbox',
        ),
      ]
        .map((el) => ({ label: el.getAttribute('aria-label') ?? el.textContent ?? '', box: el.getBoundingClientRect() }))
        .filter(({ box }) => box.width > 0 && box.height < 44)
        .map(({ label, box }) => `${label.trim()} ${Math.round(box.width)}×${Math.round(box.height)}`),
    );
    expect(smallInSheet).toEqual([]);
    await sheet.getByRole('button', { name: 'Close' }).click();
    await tab.getByRole('button', { name: 'Filters 2 on' }).waitFor();

    // A row's actions open in a menu that fits on the screen.
    await tab
      .getByRole('button', { name: /^Actions for / })
      .first()
      .click();
    const menu = await tab.getByRole('menu').boundingBox();
    expect(menu!.x).toBeGreaterThanOrEqual(0);
    expect(menu!.x + menu!.width).toBeLessThanOrEqual(PHONE.width + 0.5);
    expect(menu!.y + menu!.height).toBeLessThanOrEqual(PHONE.height + 0.5);
    await page.close();
  });

  it("on a phone 320 and 390 px wide, the search is a finger's height and its placeholder is whole, in English and German", async () => {
    for (const locale of ['en-us', 'de-DE']) {
      const { page, frame } = await open(PHONE, 'default', locale);
      for (const width of [390, 320]) {
        await page.setViewportSize({ width, height: PHONE.height });
        await expect.poll(() => frame.evaluate(() => window.innerWidth)).toBe(width);
        const field = await searchField(frame);
        console.log(
          `phone ${width} px, ${locale}: search ${field.height} px high (field ${field.fieldHeight}), "${field.placeholder}" ${field.text} px in ${field.room} px`,
        );
        expect.soft({ locale, width, height: field.height >= 44 }).toEqual({ locale, width, height: true });
        expect.soft({ locale, width, placeholder: field.placeholder, fits: field.text <= field.room }).toEqual({
          locale,
          width,
          placeholder: field.placeholder,
          fits: true,
        });
        expect(await frame.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      }
      await page.close();
    }
  });

  it('on a phone in landscape (844 × 390): the phone layout, the first person in the top half', async () => {
    const LANDSCAPE = { width: 844, height: 390 };
    const { page, tab, frame } = await open(LANDSCAPE);
    const { firstTop } = await peopleOnScreen(frame);
    console.log(`phone landscape 844×390: first person at ${firstTop} px`);
    expect(firstTop).toBeLessThan(LANDSCAPE.height / 2);
    await tab.getByRole('button', { name: 'Filters' }).waitFor();
    expect(await frame.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(LANDSCAPE.width);
    await page.close();
  });

  it('on a phone, the Filters sheet closes with Escape or Close and gives focus back to the Filters button, and does not come back by itself', async () => {
    const { page, tab, frame } = await open(PHONE);
    const filters = tab.getByRole('button', { name: 'Filters' });
    const focusIsOnFilters = () =>
      frame.evaluate(
        () => document.activeElement?.getAttribute('aria-haspopup') === 'dialog' && !document.activeElement.closest('[role="dialog"]'),
      );
    await filters.focus();
    await page.keyboard.press('Enter');
    await tab.getByRole('dialog').waitFor();
    expect(await frame.evaluate(() => document.activeElement?.closest('[role="dialog"]') !== null)).toBe(true);
    await page.keyboard.press('Escape');
    await tab.getByRole('dialog').waitFor({ state: 'detached' });
    await expect.poll(focusIsOnFilters).toBe(true);

    await filters.click();
    await tab.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await tab.getByRole('dialog').waitFor({ state: 'detached' });
    await expect.poll(focusIsOnFilters).toBe(true);

    // Turned to a wide screen with the sheet open, and back: the sheet stays closed.
    await filters.click();
    await tab.getByRole('dialog').waitFor();
    await page.setViewportSize({ width: 1280, height: 800 });
    await tab.getByRole('dialog').waitFor({ state: 'detached' });
    // The sheet closed, not vanished open: the board is not left hidden from screen readers.
    const boardReadable = () => frame.evaluate(() => document.querySelector('main')!.closest('[aria-hidden="true"]') === null);
    await expect.poll(boardReadable).toBe(true);
    await page.setViewportSize(PHONE);
    await expect.poll(() => frame.evaluate(() => window.innerWidth)).toBe(PHONE.width);
    await filters.waitFor();
    // A sheet left open would come back with the phone layout, in the render that brought the Filters
    // button back: once the page has drawn two frames since, it would be there.
    await frame.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    expect(await tab.getByRole('dialog').count()).toBe(0);
    await page.close();
  });

  it('on a phone, has no serious or critical accessibility violations in the light, dark and high-contrast themes', async () => {
    for (const theme of ['default', 'dark', 'contrast'] as const) {
      const { page, frame } = await open(PHONE, theme);
      const violations = await seriousAxeViolations(frame);
      if (violations.length > 0) console.log(JSON.stringify(violations));
      expect({ theme, violations }).toEqual({ theme, violations: [] });
      if (theme !== 'default') await page.screenshot({ path: join(SCREENSHOTS, `phone-${theme}.png`) });
      await page.close();
    }
  });

  it('a status chip that is on is unmistakable in the light, dark and high-contrast themes: a checkmark, 3:1 against the chips that are off', async () => {
    for (const theme of ['default', 'dark', 'contrast'] as const) {
      const { page, tab, frame } = await open(LAPTOP, theme);
      const on = tab.locator('[data-status-chip="available"]');
      await on.click();
      await expect.poll(() => on.getAttribute('aria-pressed')).toBe('true');
      // Measured at rest: not hovered, and once the chips' colour transitions have ended.
      await page.mouse.move(0, 0);
      await expect
        .poll(() => frame.evaluate(() => [...document.querySelectorAll('[data-status-chip]')].flatMap((c) => c.getAnimations()).length))
        .toBe(0);
      const chips = await frame.evaluate(() => {
        /** The colour seen behind an element: its own background, or its nearest ancestor's that has one. */
        const background = (element: Element | null): string => {
          for (let el = element; el; el = el.parentElement) {
            const colour = getComputedStyle(el).backgroundColor;
            if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') return colour;
          }
          return 'rgb(255, 255, 255)';
        };
        const chip = (status: string) => {
          const el = document.querySelector(`[data-status-chip="${status}"]`)!;
          return { background: background(el), text: getComputedStyle(el).color, icons: el.querySelectorAll('svg').length };
        };
        return {
          on: chip('available'),
          off: chip('busy'),
          toolbar: background(document.querySelector('[data-status-chip]')!.parentElement),
        };
      });
      const onOff = contrast(chips.on.background, chips.off.background);
      const onToolbar = contrast(chips.on.background, chips.toolbar);
      const onText = contrast(chips.on.text, chips.on.background);
      const offText = contrast(chips.off.text, chips.off.background);
      console.log(
        `status chips, ${theme}: on ${chips.on.background} against off ${chips.off.background} ${onOff}:1, against the toolbar ${onToolbar}:1; text on ${onText}:1, off ${offText}:1`,
      );
      await tab.getByRole('group', { name: 'Show by status' }).screenshot({ path: join(SCREENSHOTS, `chips-${theme}.png`) });
      // Not by colour alone: the chip that is on has a checkmark, those that are off none.
      expect.soft({ theme, on: chips.on.icons, off: chips.off.icons }).toEqual({ theme, on: 1, off: 0 });
      expect.soft({ theme, onOff: onOff >= 3, onToolbar: onToolbar >= 3 }).toEqual({ theme, onOff: true, onToolbar: true });
      expect.soft({ theme, onText: onText >= 4.5, offText: offText >= 4.5 }).toEqual({ theme, onText: true, offText: true });
      await page.close();
    }
  });

  it('on a laptop (1280 × 800), compact rows show at least twice as many people as comfortable ones', async () => {
    const { page, tab, frame } = await open(LAPTOP);
    const comfortable = await peopleOnScreen(frame);
    await page.screenshot({ path: join(SCREENSHOTS, 'laptop-comfortable.png') });
    await tab.getByRole('combobox', { name: 'Rows' }).selectOption('compact');
    await expect.poll(() => frame.evaluate(() => document.querySelector<HTMLElement>('[data-person-id]')!.style.height)).toBe('44px');
    const compact = await peopleOnScreen(frame);
    console.log(
      `laptop 1280×800: ${comfortable.whole} people comfortable, ${compact.whole} compact; first person at ${comfortable.firstTop} px`,
    );
    expect(compact.whole).toBeGreaterThanOrEqual(2 * comfortable.whole);
    // One line each: nothing in a compact row is cut off or wraps.
    const overflowing = await frame.evaluate(
      () =>
        [...document.querySelectorAll<HTMLElement>('[data-person-id]')].filter((row) => row.scrollHeight > row.clientHeight + 0.5).length,
    );
    expect(overflowing).toBe(0);
    // Page Down moves by a screen of compact rows, not by a screen of comfortable ones (less than half).
    await tab.locator('[data-person-id]').first().focus();
    await page.keyboard.press('PageDown');
    const landed = await frame.evaluate(() => Number(document.activeElement?.getAttribute('aria-posinset') ?? 0));
    expect(landed).toBeGreaterThanOrEqual(compact.whole - 1);
    expect(await seriousAxeViolations(frame)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'laptop-compact.png') });
    await page.close();
  });

  it('on a laptop, compact rows have no serious or critical accessibility violations in the dark and high-contrast themes', async () => {
    for (const theme of ['dark', 'contrast'] as const) {
      const { page, tab, frame } = await open(LAPTOP, theme);
      await tab.getByRole('combobox', { name: 'Rows' }).selectOption('compact');
      await expect.poll(() => frame.evaluate(() => document.querySelector<HTMLElement>('[data-person-id]')!.style.height)).toBe('44px');
      expect({ theme, violations: await seriousAxeViolations(frame) }).toEqual({ theme, violations: [] });
      await page.close();
    }
  });
});
