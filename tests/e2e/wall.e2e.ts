import { join } from 'node:path';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
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
        onScreen: box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight + 0.5 && box.right <= window.innerWidth + 0.5,
        avatar: tile.querySelector('.fui-Avatar') !== null,
        badge: tile.querySelector('.fui-PresenceBadge') !== null,
      };
    }),
  );
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
    await expect.poll(settled, { timeout: 10_000 }).toBe(true);
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

    await tab.getByText(/^Page 2 of \d+$/).waitFor({ timeout: 15_000 });
    await expect.poll(async () => (await tiles(frame))[0]?.id, { timeout: 10_000 }).not.toBe(first[0]!.id);
    const second = await tiles(frame);
    expect(second.filter((t) => first.some((f) => f.id === t.id))).toEqual([]);
    await page.close();
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

  it('on a screen lower than a tile (1280 × 300) or a narrow one (320 × 568), one tile at least, wholly on the screen', async () => {
    for (const size of [
      { width: 1280, height: 300 },
      { width: 320, height: 568 },
    ]) {
      const { page } = await wallResizedTo(size);
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
