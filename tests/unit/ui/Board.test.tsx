// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import type { SignedInAccount } from '@/auth/chooseTokenSource';
import { memoryBoardCache } from '@/board/boardCache';
import { BoardStore } from '@/board/boardStore';
import { BoardSession } from '@/board/remote/boardSession';
import { portPair } from '@/board/remote/protocol';
import { RemoteBoard } from '@/board/remote/remoteBoard';
import { Board } from '@/ui/Board/Board';
import { testClient, emulatedGraphPerFile } from '../support/emulatedGraph';
import { en } from '@/ui/strings';
import { forgetBoards, remoteBoardFor, settle } from '../support/remoteBoard';
import { renderWithProviders } from '../support/render';

const graph = emulatedGraphPerFile();
afterEach(() => {
  cleanup();
  forgetBoards();
});

function renderBoard(store: BoardStore, demo = false, account?: SignedInAccount) {
  return renderWithProviders(<Board board={remoteBoardFor(store)} demo={demo} locale="en-US" account={account} />);
}

function rows() {
  return within(screen.getByRole('list', { name: 'People' })).queryAllByRole('listitem');
}

describe('Board', () => {
  it('shows the people the tenant has online, with their count, status label and mail', async () => {
    const emulator = graph.start({ users: 14 });
    const online = emulator.onlineUserIds();
    const someone = emulator.findUser(online[0]!)!;
    emulator.setPresence(someone.id, { availability: 'Busy', activity: 'InAMeeting' });
    const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1 });
    void store.load();
    renderBoard(store, true);

    expect(await screen.findByText(`${online.length} online`)).toBeTruthy();
    await settle();
    expect(rows()).toHaveLength(online.length);
    const row = screen.getByRole('listitem', { name: `${someone.displayName}, In a meeting` });
    expect(within(row).getByText(someone.displayName)).toBeTruthy();
    expect(within(row).getByText('In a meeting')).toBeTruthy();
    if (someone.mail) expect(within(row).getByText(someone.mail)).toBeTruthy();
    expect(screen.getByText('Demo tenant')).toBeTruthy();
    expect(screen.getByText(/^Updated /)).toBeTruthy();
  });

  it('never says nobody is online while the worker is still putting a kept board in order', async () => {
    const emulator = graph.start({ users: 200 });
    const cache = memoryBoardCache();
    await new BoardStore({ client: testClient(), cache, cacheKey: 'tenant/user', notifyIntervalMs: 1 }).start();
    const store = new BoardStore({ client: testClient(), cache, cacheKey: 'tenant/user', notifyIntervalMs: 1 });
    // A big board: the worker takes a while to put it in name order and index it.
    const { page, worker } = portPair();
    new BoardSession({ store, port: worker, later: (run) => setTimeout(run, 60) });
    const board = new RemoteBoard(page);
    renderWithProviders(<Board board={board} demo={false} locale="en-US" />);
    const said: string[] = [];
    const observer = new MutationObserver(() => {
      if (document.body.textContent?.includes(en.nobodyOnline)) said.push(en.nobodyOnline);
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    void board.start();
    expect(await screen.findByText(`${emulator.onlineUserIds().length} online`, undefined, { timeout: 5000 })).toBeTruthy();
    observer.disconnect();
    expect(said).toEqual([]);
    board.dispose();
  });

  it('leaves offline and unknown people out', async () => {
    const emulator = graph.start({ users: 3 });
    const [a, b, c] = emulator.users;
    emulator.setPresence(a!.id, { availability: 'Available', activity: 'Available', isOutOfOffice: false });
    emulator.setPresence(b!.id, { availability: 'Offline', activity: 'Offline' });
    emulator.setPresence(c!.id, { availability: 'PresenceUnknown', activity: 'PresenceUnknown' });
    const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1 });
    void store.load();
    renderBoard(store);
    expect(await screen.findByText('1 online')).toBeTruthy();
    await settle();
    expect(rows().map((r) => r.getAttribute('aria-label'))).toEqual([`${a!.displayName}, Available`]);
  });

  it('narrows the list as the person types in the search box, by name or mail', async () => {
    const emulator = graph.start({ users: 80 });
    const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1 });
    void store.load();
    renderBoard(store);
    const total = emulator.onlineUserIds().length;
    await screen.findByText(`${total} online`);
    await settle();
    const target = emulator.findUser(emulator.onlineUserIds()[5]!)!;

    await userEvent.type(screen.getByRole('searchbox'), target.displayName);
    await settle();
    const shown = rows();
    expect(shown.length).toBeGreaterThan(0);
    expect(Number(shown[0]!.getAttribute('aria-setsize'))).toBeLessThan(total);
    expect(shown.every((r) => r.getAttribute('aria-label')!.startsWith(target.displayName))).toBe(true);
    // The match is marked in the name, not by colour alone.
    const marked = [...shown[0]!.querySelectorAll('mark')].map((m) => m.textContent).join(' ');
    expect(marked.startsWith(target.displayName)).toBe(true);

    await userEvent.clear(screen.getByRole('searchbox'));
    await settle();
    await userEvent.type(screen.getByRole('searchbox'), 'zzzz-nobody');
    await settle();
    expect(await screen.findByText(en.noMatch('zzzz-nobody'))).toBeTruthy();
    // The count is everyone online, not only the matches.
    expect(screen.getByText(`${total} online`)).toBeTruthy();
  });

  it('shows what went wrong and what to do, and loads after Try again', async () => {
    graph.start({ users: 10 });
    graph.server.use(
      http.post(
        'https://graph.microsoft.com/v1.0/communications/getPresencesByUserId',
        () => HttpResponse.json({ error: { code: 'Forbidden', message: 'Insufficient privileges' } }, { status: 403 }),
        { once: true },
      ),
    );
    const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1 });
    void store.load();
    renderBoard(store);
    expect(await screen.findByText('Permission needed')).toBeTruthy();
    expect(screen.getByText(/Presence\.Read\.All/)).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await settle();
    await screen.findByText(/^Updated /);
    await settle();
    expect(screen.queryByText('Permission needed')).toBeNull();
  });

  it('keeps the board when a refresh fails and says since when it is stale', async () => {
    const emulator = graph.start({ users: 20 });
    const store = new BoardStore({ client: testClient({ maxAttempts: 1 }), notifyIntervalMs: 1 });
    void store.load();
    renderBoard(store);
    const online = emulator.onlineUserIds().length;
    await screen.findByText(`${online} online`);
    await settle();
    graph.server.use(http.post('https://graph.microsoft.com/v1.0/communications/getPresencesByUserId', () => HttpResponse.error()));
    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await settle();
    expect(await screen.findByText('No connection')).toBeTruthy();
    expect(screen.getByText(/Showing status from/)).toBeTruthy();
    expect(rows()[0]!.getAttribute('aria-setsize')).toBe(String(online));
  });

  it('shows loading progress against the directory size, with the first people before the end', async () => {
    graph.start({ users: 150, maxPageSize: 30, latencyMs: 40 });
    // The last users page waits until the test has seen the board part-loaded (a busy machine may draw late).
    let releaseLastPage!: () => void;
    const lastPageHeld = new Promise<void>((resolve) => (releaseLastPage = resolve));
    let pagesAsked = 0;
    graph.server.use(
      http.get('https://graph.microsoft.com/v1.0/users', async () => {
        if (++pagesAsked === 5) await lastPageHeld;
        // Nothing returned: the emulated tenant's own handler answers.
      }),
    );
    const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1 });
    void store.load();
    renderBoard(store);
    expect(await screen.findByText(/Loading people… [\d,]+ of about 150/)).toBeTruthy();
    await screen.findAllByRole('listitem');
    expect(screen.getByText(/Loading people…/)).toBeTruthy();
    releaseLastPage();
    await screen.findByText(/^Updated /, {}, { timeout: 10_000 });
    await settle();
    expect(screen.queryByText(/Loading people…/)).toBeNull();
  });

  it('draws only the rows on screen of a large board, each telling its place in the whole list', async () => {
    const emulator = graph.start({ users: 600 });
    const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1 });
    void store.load();
    renderBoard(store);
    const online = emulator.onlineUserIds().length;
    await screen.findByText(`${online} online`);
    await settle();
    const drawn = rows();
    expect(drawn.length).toBeGreaterThan(5);
    expect(drawn.length).toBeLessThan(30);
    expect(drawn.map((r) => r.getAttribute('aria-posinset'))).toEqual(drawn.map((_, i) => String(i + 1)));
    expect(drawn.every((r) => r.getAttribute('aria-setsize') === String(online))).toBe(true);
  });

  it('shows who is signed in and signs out from the header', async () => {
    graph.start({ users: 5 });
    let signedOut = 0;
    const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1 });
    void store.load();
    renderBoard(store, false, { name: 'Adele Vance', signOut: () => Promise.resolve(void signedOut++) });
    expect(await screen.findByText('Adele Vance')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await settle();
    expect(signedOut).toBe(1);
  });
});
