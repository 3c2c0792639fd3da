import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { InteractionRequiredError } from '@/auth/errors';
import { SignInWindowError } from '@/auth/signInWindow';
import { staticTokenSource } from '@/auth/staticTokenSource';
import { GRAPH_SCOPES, type TokenSource } from '@/auth/tokenSource';
import { BoardStore } from '@/board/boardStore';
import { DEFAULT_CHOICES } from '@/board/boardView';
import { MAX_GROUP_CHAT_MEMBERS, teamsAddressOf } from '@/board/personActions';
import { PhotoStore } from '@/board/photoStore';
import { BoardSession } from '@/board/remote/boardSession';
import { fromTransferred, toTransferred } from '@/board/remote/errorTransfer';
import { portPair, ROW_HEADING, ROW_PERSON, type ListWindow, type ToWorker } from '@/board/remote/protocol';
import { RemoteBoard, rowAt } from '@/board/remote/remoteBoard';
import { serveTokens, tokensFromPage } from '@/board/remote/tokenBridge';
import { GraphError } from '@/graph/errors';
import { serveBoard } from '@/app/serveBoard';
import { DEFAULT_GRAPH_BASE_URL } from '@/host/graphBaseUrl';
import type { DirectoryUser } from '@/presence/types';
import { emulatedGraphPerFile, testClient, TEST_TOKEN } from '../support/emulatedGraph';

const graph = emulatedGraphPerFile();

/** Waits until `ready()` holds (the worker's answers arrive a task later). */
async function until(ready: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const query = (text: string, choices = DEFAULT_CHOICES) => ({ query: text, choices, favourites: [], noDepartmentLabel: 'No department' });
const window = (start: number, end: number, anchorKey: string | null = null): ListWindow => ({
  start,
  end,
  visibleStart: start,
  visibleEnd: end - 1,
  anchorKey,
});

/** A loaded board behind a page-side RemoteBoard, as the app has it (a session over a message channel). */
async function loadedBoard(users: number, extra: { photos?: boolean } = {}) {
  const emulator = graph.start({ users, driftEveryMs: 0 });
  const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1 });
  const { page, worker } = portPair();
  const sent: ToWorker[] = [];
  worker.listen((message) => sent.push(message));
  const photos = extra.photos ? new PhotoStore({ client: testClient(), gatherMs: 1 }) : undefined;
  new BoardSession({ store, port: worker, ...(photos ? { photos } : {}) });
  const board = new RemoteBoard(page);
  await store.load();
  board.setQuery(query(''));
  await until(() => board.isSettled() && board.getSnapshot().summary.phase === 'ready', 'the first view');
  return { emulator, store, board, sent };
}

describe('failures crossing between the page and the worker', () => {
  it('keep their class and the facts the page words its message from', () => {
    const graphError = new GraphError('cut-short', 'Stopped at 50 pages.', {
      status: 200,
      attempts: 1,
      facts: { about: 'cut-short', pages: 50, people: 49_950, totalCount: 60_000 },
    });
    const back = fromTransferred(structuredClone(toTransferred(graphError)));
    expect(back).toBeInstanceOf(GraphError);
    expect(back).toMatchObject({ kind: 'cut-short', status: 200, attempts: 1, facts: graphError.facts, message: graphError.message });

    expect(fromTransferred(structuredClone(toTransferred(new InteractionRequiredError('consent'))))).toBeInstanceOf(
      InteractionRequiredError,
    );
    const windowError = fromTransferred(structuredClone(toTransferred(new SignInWindowError('admin-approval', 'AADSTS90094'))));
    expect(windowError).toBeInstanceOf(SignInWindowError);
    expect((windowError as SignInWindowError).failure).toBe('admin-approval');
    const abort = fromTransferred(toTransferred(new DOMException('gone', 'AbortError')));
    expect(abort).toBeInstanceOf(DOMException);
    expect(abort.name).toBe('AbortError');
    expect(fromTransferred(toTransferred('plain words')).message).toBe('plain words');
  });
});

describe('tokens asked of the page', () => {
  it('are asked for each request, silently, for the board scopes only, and failures come back as their class', async () => {
    const { page, worker } = portPair();
    const asked: Array<{ scopes: readonly string[]; interactive: boolean; forceRefresh?: boolean }> = [];
    let refuse = false;
    const source: TokenSource = {
      getToken: (scopes, options) => {
        asked.push({ scopes, ...options });
        return refuse ? Promise.reject(new InteractionRequiredError('Consent needed.')) : Promise.resolve(`token-${asked.length}`);
      },
    };
    serveTokens(page, source, GRAPH_SCOPES);
    const tokens = tokensFromPage(worker);

    await expect(tokens.getToken(GRAPH_SCOPES, { interactive: false })).resolves.toBe('token-1');
    // A token that does not say when it expires is not kept: the next request asks again; a popup is never asked for from the worker.
    await expect(tokens.getToken(GRAPH_SCOPES, { interactive: true, forceRefresh: true })).resolves.toBe('token-2');
    expect(asked[1]).toEqual({ scopes: [...GRAPH_SCOPES], interactive: false, forceRefresh: true });
    await expect(tokens.getToken(['Mail.Read'], { interactive: false })).rejects.toThrow(/scopes it does not use: Mail\.Read/);
    // No scopes at all is no board scope either (MSAL would answer for its default ones).
    await expect(tokens.getToken([], { interactive: false })).rejects.toThrow(/scopes/);
    expect(asked).toHaveLength(2);

    refuse = true;
    await expect(tokens.getToken(GRAPH_SCOPES, { interactive: false })).rejects.toBeInstanceOf(InteractionRequiredError);
  });

  it('are kept in the worker until five minutes before they expire, per scope set; a 401 (forceRefresh) asks again', async () => {
    const { page, worker } = portPair();
    const jwt = (exp: number, n: number) => `e30.${btoa(JSON.stringify({ exp, n })).replace(/=+$/, '')}.sig`;
    let clock = 1_000_000_000_000;
    let answers = 0;
    const source: TokenSource = {
      getToken: () => Promise.resolve(jwt(clock / 1000 + 3600, ++answers)),
    };
    serveTokens(page, source, [...GRAPH_SCOPES, 'Calendars.ReadBasic']);
    const tokens = tokensFromPage(worker, () => clock);

    // Asked at once by several requests: one question to the page, one answer for all.
    const [a, b] = await Promise.all([
      tokens.getToken(GRAPH_SCOPES, { interactive: false }),
      tokens.getToken(GRAPH_SCOPES, { interactive: false }),
    ]);
    expect(a).toBe(b);
    expect(answers).toBe(1);
    clock += 54 * 60_000;
    await expect(tokens.getToken(GRAPH_SCOPES, { interactive: false })).resolves.toBe(a);
    expect(answers).toBe(1);
    // Other scopes are another token.
    await tokens.getToken(['Calendars.ReadBasic'], { interactive: false });
    expect(answers).toBe(2);
    // Within five minutes of expiring: asked again.
    clock += 2 * 60_000;
    const renewed = await tokens.getToken(GRAPH_SCOPES, { interactive: false });
    expect(renewed).not.toBe(a);
    expect(answers).toBe(3);
    // Graph refused it (401): the kept token is dropped and a fresh one asked for.
    await expect(tokens.getToken(GRAPH_SCOPES, { interactive: false, forceRefresh: true })).resolves.not.toBe(renewed);
    expect(answers).toBe(4);
  });

  it('are always answered, even by a token source that throws instead of rejecting (a Graph request never waits for ever)', async () => {
    const { page, worker } = portPair();
    const throwing: TokenSource = {
      getToken: () => {
        throw new InteractionRequiredError('Consent needed.');
      },
    };
    serveTokens(page, throwing, GRAPH_SCOPES);
    const answer = tokensFromPage(worker).getToken(GRAPH_SCOPES, { interactive: false });
    // An answer that never came would end the test at its time limit.
    await expect(answer).rejects.toBeInstanceOf(InteractionRequiredError);
  });
});

describe('the board seen from the page', () => {
  it('gets the list shape for every row and only the rows around the view, with counts', async () => {
    const { emulator, board } = await loadedBoard(400);
    const online = emulator.onlineUserIds().length;
    const { shape, rows } = board.getSnapshot();
    expect(shape!.rowCount).toBe(online);
    expect(shape!.onlineCount).toBe(online);
    expect(shape!.kinds.every((kind) => kind === ROW_PERSON)).toBe(true);
    expect(shape!.heights.every((height) => height >= 57)).toBe(true);
    // The first window the page asks for is 60 rows, not the whole list.
    expect(rows!.start).toBe(0);
    expect(rows!.rows).toHaveLength(Math.min(60, online));

    board.setWindow(window(100, 130));
    await until(() => board.isSettled(), 'rows 100–130');
    const frame = board.getSnapshot();
    expect(frame.rows!.start).toBe(100);
    expect(rowAt(frame, 100)).toBeDefined();
    expect(rowAt(frame, 10)).toBeUndefined();
    expect(rowAt(frame, 100)!.kind).toBe('person');
  });

  it('answers searches and choices, grouping with headings, and says which search a view answers', async () => {
    const { emulator, board } = await loadedBoard(300);
    const someone = emulator.findUser(emulator.onlineUserIds()[3]!)!;
    const id = board.setQuery(query(someone.displayName));
    await until(() => board.isSettled(), 'the search');
    const { shape } = board.getSnapshot();
    expect(shape!.queryId).toBe(id);
    expect(shape!.query).toBe(someone.displayName);
    const names = board.getSnapshot().rows!.rows.map((row) => (row.kind === 'person' ? row.person.user.displayName : ''));
    expect(names).toContain(someone.displayName);
    expect(names.every((name) => name.startsWith(someone.displayName))).toBe(true);

    board.setQuery(query('', { ...DEFAULT_CHOICES, groupBy: 'status' }));
    await until(() => board.isSettled(), 'grouping');
    const grouped = board.getSnapshot().shape!;
    expect(grouped.kinds[0]).toBe(ROW_HEADING);
    expect(grouped.rowCount).toBe(grouped.shownCount + [...grouped.kinds].filter((k) => k === ROW_HEADING).length);
  });

  it("sends a new search's rows from the top of the list, where the page goes for it, not where it was scrolled", async () => {
    const { board } = await loadedBoard(400);
    board.setWindow(window(100, 160));
    await until(() => board.isSettled(), 'rows 100–160');
    const id = board.setQuery(query('', { ...DEFAULT_CHOICES, sortBy: 'name' }));
    await until(() => board.getSnapshot().shape?.queryId === id, 'the new list');
    const { rows } = board.getSnapshot();
    expect(rows!.start).toBe(0);
    expect(rows!.rows).toHaveLength(60);
  });

  it('answers a burst of keystrokes once, for the latest', async () => {
    const { board, sent } = await loadedBoard(200);
    const viewsBefore = sent.filter((m) => m.type === 'view').length;
    const answered = new Set<string>();
    board.subscribe(() => answered.add(board.getSnapshot().shape!.query));
    const burst = ['m', 'ma', 'mar', 'mari', 'maria'];
    for (const text of burst) board.setQuery(query(text));
    await until(() => board.isSettled(), 'the burst');
    expect(sent.filter((m) => m.type === 'view').length - viewsBefore).toBe(5);
    // One view for the five queries: the latest.
    expect([...answered].filter((q) => burst.includes(q))).toEqual(['maria']);
  });

  it('says where the row at the top of the view went when new presence re-sorts the list', async () => {
    const { emulator, store, board } = await loadedBoard(300);
    const before = board.getSnapshot();
    const top = rowAt(before, 20)!;
    board.setWindow(window(0, 60, top.key));
    await until(() => board.isSettled(), 'the window');
    // Everyone above the anchor goes offline: the anchor moves up the list.
    const above = before.rows!.rows.slice(0, 20).flatMap((row) => (row.kind === 'person' ? [row.person.user.id] : []));
    for (const id of above) emulator.setPresence(id, { availability: 'Offline', activity: 'Offline' });
    await store.refresh();
    await until(
      () => board.getSnapshot().shape!.version > before.shape!.version && board.getSnapshot().shape!.anchorIndex !== null,
      'the re-sorted view',
    );
    const after = board.getSnapshot();
    expect(after.shape!.anchorIndex).toBe(0);
    expect(after.shape!.queryId).toBe(before.shape!.queryId);
  });

  it('still sends the rows on screen when a refresh moves the person at the very top of the list elsewhere', async () => {
    const { emulator, store, board } = await loadedBoard(300);
    const before = board.getSnapshot();
    const top = rowAt(before, 0)!;
    expect(top.kind).toBe('person');
    // The page at the top of the list (as usePeopleList reports it there): rows 0–20 on screen.
    board.setWindow({ start: 0, end: 60, visibleStart: 0, visibleEnd: 20, anchorKey: top.key });
    await until(() => board.isSettled(), 'the window');
    // The first (Available) person becomes Busy: in status order they move far down the list.
    emulator.setPresence((top as Extract<typeof top, { kind: 'person' }>).person.user.id, { availability: 'Busy', activity: 'InACall' });
    await store.refresh();
    await until(
      () => board.getSnapshot().shape!.version > before.shape!.version && board.getSnapshot().shape!.anchorIndex !== null,
      'the re-sorted view',
    );
    expect(board.getSnapshot().shape!.anchorIndex).toBeGreaterThan(20);
    // The page stays at the top (nothing above it to keep in place) and reports its window again
    // for the new view, as usePeopleList does: the rows it draws there arrive.
    board.setWindow({ start: 0, end: 60, visibleStart: 0, visibleEnd: 20, anchorKey: null });
    await until(() => board.isSettled(), 'rows 0–60 of the new view');
    expect(rowAt(board.getSnapshot(), 0)).toBeDefined();
  });

  it('sends the rows the page draws when a refresh leaves the row at the top of the view where it was', async () => {
    const { store, board } = await loadedBoard(300);
    const before = board.getSnapshot();
    // Scrolled a little: rows 0–2 are drawn above the view (overscan), row 3 is at its top.
    const drawn = { start: 0, end: 90, visibleStart: 0, visibleEnd: 30, anchorKey: rowAt(before, 3)!.key };
    board.setWindow(drawn);
    await until(() => board.isSettled(), 'the window');
    await store.refresh();
    await until(
      () => board.getSnapshot().shape!.version > before.shape!.version && board.getSnapshot().shape!.anchorIndex !== null,
      'the refreshed view',
    );
    expect(board.getSnapshot().shape!.anchorIndex).toBe(3);
    board.setWindow(drawn);
    await until(() => board.isSettled(), 'rows 0–90 of the new view');
    expect(rowAt(board.getSnapshot(), 0)).toBeDefined();
  });

  it('says the board is loaded only with the list of everyone loaded: "Updated" never comes before the people', async () => {
    const emulator = graph.start({ users: 700, driftEveryMs: 0 });
    const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1 });
    const { page, worker } = portPair();
    // Putting a big directory in order and indexing it takes the worker a while.
    new BoardSession({ store, port: worker, later: (run) => setTimeout(run, 20) });
    const board = new RemoteBoard(page);
    board.setQuery(query(''));
    let atReady: { people: number; online: number } | null = null;
    board.subscribe(() => {
      const { summary, shape } = board.getSnapshot();
      if (atReady === null && summary.phase === 'ready') atReady = { people: shape?.people ?? 0, online: shape?.onlineCount ?? 0 };
    });
    await store.load();
    await until(() => atReady !== null, 'the board to be ready');
    expect(atReady).toEqual({ people: 700, online: emulator.onlineUserIds().length });
  });

  it('gives "Chat with everyone shown" the people it chats with, from the whole list, not only the rows sent', async () => {
    const { emulator, board } = await loadedBoard(150);
    const users = await board.shownUsers();
    expect(users).toHaveLength(emulator.onlineUserIds().length);
    expect(users.length).toBeGreaterThan(60);
  });

  it('sends "Chat with everyone shown" no more people than a group chat takes, whatever the list holds', async () => {
    const { emulator, board } = await loadedBoard(1200);
    const online = emulator.onlineUserIds().length;
    expect(online).toBeGreaterThan(MAX_GROUP_CHAT_MEMBERS * 2);
    board.setWindow(window(0, online));
    await until(() => board.isSettled(), 'every row');
    const everyone = board.getSnapshot().rows!.rows.flatMap((row) => (row.kind === 'person' ? [row.person.user] : []));
    const addresses = (users: readonly DirectoryUser[]) =>
      users
        .map(teamsAddressOf)
        .filter((a) => a !== null)
        .slice(0, MAX_GROUP_CHAT_MEMBERS);
    // 50,000 people would be 14 MB cloned onto the page's thread for one click; the chat takes 249.
    const users = await board.shownUsers();
    expect(users.length).toBeLessThanOrEqual(MAX_GROUP_CHAT_MEMBERS);
    expect(addresses(users)).toEqual(addresses(everyone));
  });

  it('asks for no photo while the board loads, though the page shows people from the first page on', async () => {
    const emulator = graph.start({ users: 4000, driftEveryMs: 0, latencyMs: 40 });
    const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1 });
    const { page, worker } = portPair();
    const session = new BoardSession({ store, port: worker, photos: new PhotoStore({ client: testClient(), gatherMs: 1 }) });
    const board = new RemoteBoard(page);
    // As the page does from the start: a search and the rows it draws.
    board.setQuery(query(''));
    board.setWindow(window(0, 60));
    await store.load();
    const loadCalls = emulator.requests.length;
    await until(() => board.photoSource.getVersion() > 0, 'photos after the load');
    const during = emulator.requests.slice(0, loadCalls).filter((r) => r.url.endsWith('/$batch'));
    expect(during).toEqual([]);
    expect(emulator.requests.slice(loadCalls).some((r) => r.url.endsWith('/$batch'))).toBe(true);
    // No photo of this board is asked for in the next test's tenant.
    session.dispose();
  });

  it('asks for photos only once the board is loaded, and only for the rows on screen', async () => {
    const { emulator, board } = await loadedBoard(300, { photos: true });
    board.setWindow(window(0, 60));
    await until(() => board.photoSource.getVersion() > 0, 'photos');
    const batches = emulator.requests.filter((r) => r.url.endsWith('/$batch'));
    const loaded = emulator.requests.findIndex((r) => r.url.includes('getPresencesByUserId'));
    expect(batches.length).toBeGreaterThan(0);
    expect(emulator.requests.findIndex((r) => r.url.endsWith('/$batch'))).toBeGreaterThan(loaded);
    const asked = batches.flatMap((b) => b.batchUrls ?? []);
    expect(asked.length).toBeLessThanOrEqual(60);
  });
});

describe("Graph's own words in a failure", () => {
  it('cross to the page cut to a readable length, not as long as a hostile server makes them', async () => {
    graph.start({ users: 10 });
    const huge = 'x'.repeat(5_000_000);
    graph.server.use(
      http.get('https://graph.microsoft.com/v1.0/users', () =>
        HttpResponse.json({ error: { code: `Denied${huge}`, message: huge } }, { status: 403 }),
      ),
    );
    const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1 });
    const { page, worker } = portPair();
    new BoardSession({ store, port: worker });
    const board = new RemoteBoard(page);
    // Every summary (one per flush of a refresh) would carry it across again.
    let crossed = 0;
    page.listen((message) => {
      if (message.type === 'summary' && message.summary.error) crossed = Math.max(crossed, JSON.stringify(message.summary.error).length);
    });
    await store.load();
    await until(() => board.getSnapshot().summary.phase === 'error', 'the failure');
    const error = board.getSnapshot().error as GraphError;
    expect(error).toBeInstanceOf(GraphError);
    expect(error.kind).toBe('forbidden');
    expect(error.message.length).toBeLessThan(2_000);
    expect(crossed).toBeLessThan(5_000);
  });
});

describe('the board worker', () => {
  it('keeps what the page sends before it has started, and loads the emulated tenant inside itself', async () => {
    const { page, worker } = portPair();
    serveTokens(page, staticTokenSource(TEST_TOKEN), GRAPH_SCOPES);
    serveBoard(worker);
    const board = new RemoteBoard(page);
    page.post({
      type: 'init',
      settings: {
        graphBaseUrl: DEFAULT_GRAPH_BASE_URL,
        scopes: [...GRAPH_SCOPES],
        directory: { kind: 'organisation' },
        cacheKey: null,
        emulate: { users: 120, latencyMs: 0, driftEveryMs: 0 },
        locale: 'en-US',
        refreshMinimumMs: 60_000,
      },
    });
    // Sent at once, while the worker is still starting its tenant.
    board.setQuery(query(''));
    const started = board.start();
    await started;
    // The view follows the load (the worker indexes the people in the tasks after it).
    await until(() => board.isSettled() && (board.getSnapshot().shape?.rowCount ?? 0) > 0, 'the loaded view');
    const { summary, shape } = board.getSnapshot();
    expect(summary.phase).toBe('ready');
    expect(summary.userCount).toBe(120);
    expect(shape!.rowCount).toBe(shape!.onlineCount);
    expect(shape!.onlineCount).toBeLessThan(120);
    board.dispose();
  });
});
