import { join } from 'node:path';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { SCREENSHOTS } from './support/buildOnce';
import { demoBrowserSuite, seriousAxeViolations } from './support/demoSuite';
import { openInTeamsHost } from './support/teamsHostHarness';

const TV = { width: 1920, height: 1080 };

/** The tiles on screen: label, name size and whether each lies wholly on the screen. */
function tiles(frame: Frame) {
  return frame.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('ul[aria-label] > li[data-person-id]')].map((tile) => {
      const box = tile.getBoundingClientRect();
      const name = tile.querySelector<HTMLElement>('span[dir="auto"]')!;
      return {
        label: tile.getAttribute('aria-label') ?? '',
        id: tile.dataset.personId!,
        nameSize: parseFloat(getComputedStyle(name).fontSize),
        // The name drawn whole: a line high at least, and inside its tile (not squeezed or cut off).
        nameWhole: (() => {
          const line = name.getBoundingClientRect();
          return line.height >= parseFloat(getComputedStyle(name).fontSize) && line.top >= box.top && line.bottom <= box.bottom;
        })(),
        onScreen: box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight + 0.5 && box.right <= window.innerWidth + 0.5,
        avatar: tile.querySelector('.fui-Avatar') !== null,
        badge: tile.querySelector('.fui-PresenceBadge') !== null,
      };
    }),
  );
}

/** Each grid row's tiles (by their top): where each tile's name starts, and whether the tile says where the person works. */
function namesByRow(frame: Frame) {
  return frame.evaluate(() => {
    const rows = new Map<number, Array<{ nameTop: number; where: boolean }>>();
    for (const tile of document.querySelectorAll<HTMLElement>('ul[aria-label] > li[data-person-id]')) {
      const row = Math.round(tile.getBoundingClientRect().top);
      const name = tile.querySelector<HTMLElement>('span[dir="auto"]')!;
      const tiles = rows.get(row) ?? [];
      tiles.push({ nameTop: name.getBoundingClientRect().top, where: tile.querySelector('[data-work-location]') !== null });
      rows.set(row, tiles);
    }
    return [...rows.values()];
  });
}

/**
 * The header's texts, each with how far its baseline lies below the title's (px; negative: above).
 * A text's baseline is the bottom of its glyphs' box less its font's descent (as the canvas measures the same font).
 */
function headerBaselines(frame: Frame) {
  return frame.evaluate(() => {
    const canvas = document.createElement('canvas').getContext('2d')!;
    const baselineOf = (element: Element) => {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      let text = walker.nextNode();
      while (text && !text.textContent?.trim()) text = walker.nextNode();
      if (!text) throw new Error(`no text in ${element.outerHTML.slice(0, 80)}`);
      const range = document.createRange();
      range.selectNodeContents(text);
      const style = getComputedStyle(text.parentElement!);
      canvas.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      return {
        text: text.textContent!,
        baseline: range.getBoundingClientRect().bottom - canvas.measureText(text.textContent!).fontBoundingBoxDescent,
      };
    };
    const header = document.querySelector('main > header')!;
    const title = baselineOf(header.querySelector('h1')!);
    const others = [
      header.querySelector('[data-testid="online-count"]')!,
      ...header.querySelectorAll('ul > li'),
      header.querySelector('.fui-Badge')!,
      header.querySelector('[role="status"]')!,
    ].map(baselineOf);
    return others.map(({ text, baseline }) => ({ text, below: Math.round((baseline - title.baseline) * 10) / 10 }));
  });
}

describe('the wall display (demo build, 3,000 people, 1920 × 1080)', () => {
  const suite = demoBrowserSuite({ DEMO_USERS: '3000', DEMO_DRIFT_MS: '0' });

  async function openWall(
    query: string,
    theme: 'default' | 'dark' | 'contrast' = 'default',
  ): Promise<{ page: Page; tab: FrameLocator; frame: Frame }> {
    const page = await suite.browser().context.newPage();
    await page.setViewportSize(TV);
    const tab = await openInTeamsHost(page, suite.server().url, { theme, tabPath: `?view=wall&${query}` });
    await tab.getByText(/^Updated /).waitFor({ timeout: 60_000 });
    const frame = page.frames().find((f) => f !== page.mainFrame()) as Frame;
    await expect.poll(async () => (await tiles(frame)).length, { timeout: 30_000 }).toBeGreaterThan(0);
    return { page, tab, frame };
  }

  /** The wall opened on a TV, then its window resized: once every tile shown is wholly on the screen (at least one). */
  async function wallResizedTo(size: { width: number; height: number }): Promise<{ page: Page; frame: Frame }> {
    const { page, frame } = await openWall('seconds=60');
    await page.setViewportSize(size);
    const settled = async () => {
      const shown = await tiles(frame);
      return shown.length > 0 && shown.every((t) => t.onScreen);
    };
    await expect.poll(settled).toBe(true);
    return { page, frame };
  }

  it('fills the screen with at least 24 large tiles, no scrolling, counts and the time always there, and turns the page by itself', async () => {
    const { page, tab, frame } = await openWall('seconds=5');
    const first = await tiles(frame);
    expect(first.length).toBeGreaterThanOrEqual(24);
    expect(first.every((t) => t.onScreen && t.avatar && t.badge && t.nameSize >= 20)).toBe(true);
    // Never offline people.
    expect(first.some((t) => /, Offline/.test(t.label))).toBe(false);
    const scrolls = await frame.evaluate(() => document.documentElement.scrollHeight > window.innerHeight + 1);
    expect(scrolls).toBe(false);
    await expect(tab.getByText(/^Available \([\d,]+\)$/).count()).resolves.toBe(1);
    await tab.getByText(/^Page 1 of \d+$/).waitFor();
    console.log(`wall 1920×1080: ${first.length} tiles a page`);
    await page.screenshot({ path: join(SCREENSHOTS, 'wall.png') });

    // Turned after its 5 s by the page's own timer: waited for generously, not timed.
    await tab.getByText(/^Page 2 of \d+$/).waitFor({ timeout: 60_000 });
    await expect.poll(async () => (await tiles(frame))[0]?.id).not.toBe(first[0]!.id);
    const second = await tiles(frame);
    expect(second.filter((t) => first.some((f) => f.id === t.id))).toEqual([]);
    await page.close();
  });

  describe('laid out on a TV (1920 × 1080, a full page)', () => {
    // One wall for these tests, opened by the first of them (expect.poll waits only inside a test), the page never turning.
    let opened: Promise<{ page: Page; frame: Frame }> | undefined;
    const tv = () =>
      (opened ??= (async () => {
        const wall = await openWall('seconds=3600');
        await expect.poll(async () => (await tiles(wall.frame)).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(24);
        return wall;
      })());
    afterAll(async () => (await opened?.catch(() => undefined))?.page.close());

    it('puts every name in a row of tiles at the same height, whether the tile says where the person works or not', async () => {
      const rows = await namesByRow((await tv()).frame);
      // The demo tenant gives about 1 in 5 people no work location: a full page has rows with both kinds of tile.
      expect(rows.filter((row) => row.some((t) => t.where) && row.some((t) => !t.where)).length).toBeGreaterThan(0);
      const spreads = rows.map((row) => Math.max(...row.map((t) => t.nameTop)) - Math.min(...row.map((t) => t.nameTop)));
      console.log(`wall: names' tops spread by ${Math.max(...spreads)} px within a row`);
      expect(Math.max(...spreads)).toBeLessThanOrEqual(1);
    });

    it('has the page indicator right under the tiles (no empty band above it)', async () => {
      const gap = await (
        await tv()
      ).frame.evaluate(() => {
        const bottom = Math.max(...[...document.querySelectorAll('main > ul > li')].map((tile) => tile.getBoundingClientRect().bottom));
        return document.querySelector('main > footer')!.getBoundingClientRect().top - bottom;
      });
      console.log(`wall: ${gap} px from the last row of tiles to the page indicator`);
      // The tiles are 16 px apart: the indicator is no further from them than they are from each other (a pixel for rounding).
      expect(gap).toBeLessThanOrEqual(17);
    });

    it("draws the work-location icon as large as Fluent draws an icon beside text of its line's size", async () => {
      const sizes = await (
        await tv()
      ).frame.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('main > ul > li [data-work-location]')].map((line) => ({
          icon: line.querySelector('svg')!.getBoundingClientRect().height,
          font: parseFloat(getComputedStyle(line).fontSize),
        })),
      );
      expect(sizes.length).toBeGreaterThan(0);
      const ratios = sizes.map(({ icon, font }) => icon / font);
      console.log(`wall: work-location icon ${sizes[0]!.icon} px beside ${sizes[0]!.font} px text`);
      // Fluent sets a 20 px icon beside 14–16 px text (buttons, menu items): 1.25–1.43 times the text. An icon of
      // 1em draws its glyph (16 of its 20 units) smaller than the letters beside it.
      expect(Math.min(...ratios)).toBeGreaterThanOrEqual(1.2);
      expect(Math.max(...ratios)).toBeLessThanOrEqual(1.5);
    });

    it("sets the header's texts (the count, the counts per status, 'Demo tenant', the update time) on the title's baseline", async () => {
      const baselines = await headerBaselines((await tv()).frame);
      console.log(`wall header, px below the title's baseline: ${baselines.map((b) => `${b.text} ${b.below}`).join('; ')}`);
      expect(baselines.length).toBeGreaterThanOrEqual(4);
      expect(baselines.filter((b) => Math.abs(b.below) > 2)).toEqual([]);
    });
  });

  it('shows only what its link asks for: the people in the office, one status, a search', async () => {
    const office = await openWall('where=office&status=available');
    const shown = await tiles(office.frame);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((t) => /^[^,]+, Available, In the office$/.test(t.label))).toBe(true);
    await office.page.close();

    const searched = await openWall('q=adele&group=status');
    const found = await tiles(searched.frame);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((t) => t.label.toLowerCase().includes('adele'))).toBe(true);
    await searched.page.close();
  });

  it('in a smaller window (900 × 600) and on a portrait screen (1080 × 1920), the counts wrap as a whole line, not word by word, and leave room for tiles', async () => {
    for (const size of [
      { width: 900, height: 600 },
      { width: 1080, height: 1920 },
    ]) {
      const { page, frame } = await wallResizedTo(size);
      const layout = await frame.evaluate(() => {
        const header = document.querySelector('header')!.getBoundingClientRect();
        const lines = [...document.querySelectorAll<HTMLElement>('header li')].map((li) => {
          const box = li.getBoundingClientRect();
          return Math.round(box.height / parseFloat(getComputedStyle(li).lineHeight));
        });
        return { header: Math.round(header.height), tallestCount: Math.max(...lines) };
      });
      const shown = (await tiles(frame)).length;
      console.log(`wall ${size.width}×${size.height}: header ${layout.header} px, ${shown} tiles`);
      expect({ size, tallestCount: layout.tallestCount }).toEqual({ size, tallestCount: 1 });
      expect(layout.header).toBeLessThan(size.height / 4);
      expect(shown).toBeGreaterThanOrEqual(size.width === 900 ? 2 : 15);
      await page.close();
    }
  });

  it('on a screen lower than a tile (1280 × 300) or a narrow one (320 × 568), one tile at least, wholly on the screen, with its photo and name', async () => {
    for (const size of [
      { width: 1280, height: 300 },
      { width: 320, height: 568 },
    ]) {
      const { page, frame } = await wallResizedTo(size);
      // Until the wall has measured its new size, the old rows are squeezed into the new height: wait for it.
      const photoAndName = async () => ({ size, photoAndName: (await tiles(frame)).every((t) => t.avatar && t.nameWhole) });
      await expect.poll(photoAndName).toEqual({ size, photoAndName: true });
      await page.close();
    }
  });

  it('has no serious or critical accessibility violations in the light, dark and high-contrast themes', async () => {
    for (const theme of ['default', 'dark', 'contrast'] as const) {
      const { page, frame } = await openWall('seconds=60', theme);
      const violations = await seriousAxeViolations(frame);
      expect({ theme, violations }).toEqual({ theme, violations: [] });
      if (theme !== 'default') await page.screenshot({ path: join(SCREENSHOTS, `wall-${theme}.png`) });
      await page.close();
    }
  });
});
