// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { BoardStore } from '@/board/boardStore';
import { wallSettingsFromUrl } from '@/board/wallDisplay';
import { en } from '@/ui/strings';
import { WallBoard } from '@/ui/WallBoard/WallBoard';
import { emulatedGraphPerFile, testClient } from '../support/emulatedGraph';
import { forgetBoards, remoteBoardFor, settle } from '../support/remoteBoard';
import { renderWithProviders } from '../support/render';

const graph = emulatedGraphPerFile();
afterEach(() => {
  cleanup();
  forgetBoards();
});

async function showWall(options: Parameters<typeof graph.start>[0], search: string) {
  const emulator = graph.start(options);
  const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1 });
  void store.load();
  renderWithProviders(<WallBoard board={remoteBoardFor(store)} settings={wallSettingsFromUrl(search)} demo locale="en-US" />);
  await screen.findByText(/^Updated /, {}, { timeout: 15_000 });
  await settle();
  return { emulator, store };
}

describe('the wall display', () => {
  it("with ?where=office on a tenant whose presence never says where people work: everyone online, and a note saying why (not 'Nobody is online')", async () => {
    const { emulator } = await showWall({ users: 30, workLocations: false }, '?view=wall&where=office');
    const online = emulator.onlineUserIds().length;
    expect(online).toBeGreaterThan(0);
    expect(screen.queryByText(en.nobodyOnline)).toBeNull();
    expect(screen.getByTestId('online-count').textContent).toBe(en.online(String(online)));
    expect(screen.getByText(en.wallWhereUnknown)).toBeTruthy();
  });

  it('with ?where=office where presence says it: only the people in the office, and no such note', async () => {
    await showWall({ users: 30 }, '?view=wall&where=office');
    expect(screen.queryByText(en.wallWhereUnknown)).toBeNull();
    const tile = document.querySelector('li[data-person-id]');
    expect(tile?.getAttribute('aria-label')).toMatch(/, In the office$/);
  });

  it('with ?status=available,busy: the header says its count is of those shown, out of everyone online, in words screen readers hear too', async () => {
    const { emulator } = await showWall({ users: 60 }, '?view=wall&status=available,busy');
    const online = emulator.onlineUserIds().length;
    const perStatus = within(screen.getByRole('list', { name: en.wallCountsLabel }))
      .getAllByRole('listitem')
      .map((item) => Number(/\((\d+)\)$/.exec(item.textContent ?? '')?.[1]));
    expect(perStatus).toHaveLength(2);
    const shown = perStatus[0]! + perStatus[1]!;
    // Some online people are neither available nor busy, so the two counts differ.
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(online);
    const count = screen.getByTestId('online-count');
    expect(count.textContent).toBe(en.wallShownOfOnline(String(shown), String(online)));
    // Read as shown: no other name for screen readers, and not hidden from them.
    expect(count.closest('[aria-hidden="true"]')).toBeNull();
    expect(count.getAttribute('aria-label')).toBeNull();
  });

  it('says when Graph fails, keeps what it showed, and clears the message when Graph answers again', async () => {
    const { emulator, store } = await showWall({ users: 30 }, '?view=wall');
    const faults = emulator as unknown as { unavailableRate: number };
    const tile = () => document.querySelector('li[data-person-id]')?.getAttribute('aria-label');
    const before = tile();
    faults.unavailableRate = 1;
    await store.refresh().catch(() => undefined);
    await settle();
    expect(screen.getByText('Microsoft Graph is unavailable')).toBeTruthy();
    expect(tile()).toBe(before);
    faults.unavailableRate = 0;
    await store.refresh().catch(() => undefined);
    await settle();
    expect(screen.queryByText('Microsoft Graph is unavailable')).toBeNull();
  });
});
