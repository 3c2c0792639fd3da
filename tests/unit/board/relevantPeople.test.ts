import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InteractionRequiredError } from '@/auth/errors';
import type { TokenSource } from '@/auth/tokenSource';
import { BoardStore } from '@/board/boardStore';
import { DEFAULT_CHOICES, type ListRow, type ViewChoices } from '@/board/boardView';
import { LARGE_TENANT, MY_PEOPLE_TOP, type PeopleChoice } from '@/board/peopleChoice';
import { parsePreferences } from '@/board/preferences';
import { RelevantPeopleStore, type PeopleAccess } from '@/board/relevantPeopleStore';
import { choicesFromUrl } from '@/board/tabChoice';
import { wallSettingsFromUrl } from '@/board/wallDisplay';
import { BoardSession } from '@/board/remote/boardSession';
import { portPair, type ViewShape } from '@/board/remote/protocol';
import type { GraphEmulator } from '@/emulator/graphEmulator';
import { DEFAULT_GRAPH_BASE_URL } from '@/host/graphBaseUrl';
import { emulatedGraphPerFile, testClient } from '../support/emulatedGraph';

const graph = emulatedGraphPerFile();
const sessions: BoardSession[] = [];
afterEach(() => {
  for (const session of sessions.splice(0)) session.dispose();
});

const PRESENCE = '/communications/getPresencesByUserId';
const pathOf = (url: string) => new URL(url).pathname.replace('/v1.0', '');

interface SentView {
  shape: ViewShape;
  rows: ListRow[];
  /** When the page got it (ms since the epoch). */
  at: number;
}

/** A board worker's session in this thread, with My people, and what it sends the page. */
function boardWith({
  peopleTokens,
  relevant: relevantOptions = {},
}: { peopleTokens?: TokenSource; relevant?: Partial<ConstructorParameters<typeof RelevantPeopleStore>[0]> } = {}) {
  const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1 });
  const relevant = new RelevantPeopleStore({
    client: testClient(),
    peopleClient: testClient(peopleTokens ? { tokenSource: peopleTokens } : {}),
    minRefreshMs: 0,
    ...relevantOptions,
  });
  const { page, worker } = portPair();
  const session = new BoardSession({ store, port: worker, relevant });
  sessions.push(session);
  const views: SentView[] = [];
  const accesses: PeopleAccess[] = [];
  page.listen((message) => {
    if (message.type === 'view') views.push({ shape: message.shape, rows: message.rows.rows, at: Date.now() });
    if (message.type === 'people') accesses.push(message.access);
  });
  let id = 0;
  const show = (people: PeopleChoice, choices: Partial<ViewChoices> = {}) => {
    id++;
    page.post({
      type: 'view',
      query: {
        id,
        listId: id,
        query: '',
        choices: { ...DEFAULT_CHOICES, ...choices, people },
        favourites: [],
        noDepartmentLabel: 'No department',
      },
      window: { start: 0, end: 500, visibleStart: 0, visibleEnd: 100, anchorKey: null },
    });
  };
  const until = <T>(find: () => T | undefined, timeout = 10_000): Promise<T> =>
    vi.waitFor(
      () => {
        const found = find();
        if (found === undefined) throw new Error('not yet');
        return found;
      },
      { timeout, interval: 5 },
    );
  const firstView = (source: ViewShape['source']) => until(() => views.find((v) => v.shape.source === source));
  const ids = (view: SentView) => view.rows.flatMap((row) => (row.kind === 'person' ? [row.person.user.id.toLowerCase()] : []));
  return { store, relevant, page, views, accesses, show, until, firstView, ids };
}

/** The emulator's relevant organisation users, most relevant first (contacts and groups left out). */
function relevantUsers(emulator: GraphEmulator): string[] {
  return emulator.relevantPeople().flatMap((entry) => (entry.kind === 'user' ? [entry.user.id.toLowerCase()] : []));
}

/** Directory listing that never answers: what My people shows cannot have waited for it. */
function hangDirectory() {
  graph.server.use(http.get(`${DEFAULT_GRAPH_BASE_URL}/users`, () => new Promise<never>(() => undefined)));
}

describe('My people in the board worker', () => {
  it('is one /me/people call and one presence call for its people before the first rows, without the directory listing', async () => {
    const emulator = graph.start({ users: 300 });
    hangDirectory();
    const board = boardWith();
    void board.store.load();
    board.show('mine', { showOffline: true });
    const view = await board.firstView('mine');
    const asked = emulator.requests.filter((r) => (r.receivedAt ?? 0) <= view.at).map((r) => pathOf(r.url));
    expect(asked.filter((p) => p === '/me/people')).toHaveLength(1);
    expect(asked.filter((p) => p === PRESENCE)).toHaveLength(1);
    // The top 50 organisation users by relevance, each once: contacts and the group are not among them.
    const top = relevantUsers(emulator).slice(0, MY_PEOPLE_TOP);
    expect(new Set(board.ids(view))).toEqual(new Set(top));
    expect(view.shape.people).toBe(MY_PEOPLE_TOP);
    const presence = emulator.requests.find((r) => pathOf(r.url) === PRESENCE)!;
    expect(presence.idCount).toBe(MY_PEOPLE_TOP);
    // The directory was asked for and has not answered: the board is still loading it.
    expect(board.store.getSnapshot().phase).toBe('loading');
  });

  it('shows only those online unless offline people are shown, with their presence from the one call', async () => {
    const emulator = graph.start({ users: 120 });
    hangDirectory();
    const top = relevantUsers(emulator).slice(0, MY_PEOPLE_TOP);
    for (const id of top.slice(0, 10)) emulator.setPresence(id, { availability: 'Offline', activity: 'Offline' });
    for (const id of top.slice(10)) emulator.setPresence(id, { availability: 'Available', activity: 'Available' });
    const board = boardWith();
    void board.store.load();
    board.show('mine');
    const view = await board.firstView('mine');
    expect(new Set(board.ids(view))).toEqual(new Set(top.slice(10)));
    expect(view.shape.onlineCount).toBe(MY_PEOPLE_TOP - 10);
  });

  it('leaves out guests, contacts and groups the people API mixes in', async () => {
    const emulator = graph.start({ users: 40 });
    hangDirectory();
    const [member, guestish] = emulator.users.filter((u) => u.userType === 'Member');
    const person = (id: string, name: string, subclass: string, personClass = 'Person') => ({
      id,
      displayName: name,
      userPrincipalName: `${name}@contoso.example`,
      scoredEmailAddresses: [{ address: `${name}@contoso.example`, relevanceScore: 9 }],
      personType: { class: personClass, subclass },
    });
    graph.server.use(
      http.get(`${DEFAULT_GRAPH_BASE_URL}/me/people`, () =>
        HttpResponse.json({
          value: [
            person(member!.id, 'Member', 'OrganizationUser'),
            person(guestish!.id, 'Guest', 'Guest'),
            person('3f2504e0-4f89-11d3-9a0c-0305e82c3301', 'Contact', 'PersonalContact'),
            person('3f2504e0-4f89-11d3-9a0c-0305e82c3302', 'Implicit', 'ImplicitContact'),
            person('3f2504e0-4f89-11d3-9a0c-0305e82c3303', 'Marketing', 'UnifiedGroup', 'Group'),
          ],
        }),
      ),
    );
    const board = boardWith();
    void board.store.load();
    board.show('mine', { showOffline: true });
    const view = await board.firstView('mine');
    expect(board.ids(view)).toEqual([member!.id.toLowerCase()]);
    expect(emulator.requests.find((r) => pathOf(r.url) === PRESENCE)?.idCount).toBe(1);
  });

  it('an empty answer is an empty list at once, with no presence call', async () => {
    const emulator = graph.start({ users: 40 });
    hangDirectory();
    graph.server.use(http.get(`${DEFAULT_GRAPH_BASE_URL}/me/people`, () => HttpResponse.json({ value: [] })));
    const board = boardWith();
    void board.store.load();
    board.show('mine', { showOffline: true });
    const view = await board.firstView('mine');
    expect(view.shape.rowCount).toBe(0);
    expect(view.shape.people).toBe(0);
    expect(board.accesses.at(-1)?.mine).toBe('ready');
    expect(emulator.requests.filter((r) => pathOf(r.url) === PRESENCE)).toHaveLength(0);
  });

  it('without People.Read (Graph 403) says it needs consent and shows everyone meanwhile; after the grant, My people', async () => {
    const emulator = graph.start({ users: 30, peopleConsent: false });
    const board = boardWith();
    void board.store.load();
    board.show('mine');
    const fallback = await board.until(() => board.views.find((v) => v.shape.source === 'everyone' && v.shape.rowCount > 0));
    expect(board.accesses.at(-1)?.mine).toBe('needs-consent');
    expect(fallback.shape.people).toBe(30);
    // Nothing more is asked of the people API until the viewer grants it.
    const asked = emulator.requests.filter((r) => pathOf(r.url) === '/me/people').length;
    expect(asked).toBe(1);
    emulator.peopleConsent = true;
    board.page.post({ type: 'people-granted' });
    const view = await board.firstView('mine');
    expect(board.ids(view).every((id) => relevantUsers(emulator).includes(id))).toBe(true);
    expect(board.accesses.at(-1)?.mine).toBe('ready');
  });

  it('a token MSAL will not give silently (interaction required) asks Graph nothing and needs consent', async () => {
    const emulator = graph.start({ users: 30 });
    const refusing: TokenSource = { getToken: () => Promise.reject(new InteractionRequiredError('consent needed')) };
    const board = boardWith({ peopleTokens: refusing });
    void board.store.load();
    board.show('mine');
    await board.until(() => (board.accesses.at(-1)?.mine === 'needs-consent' ? true : undefined));
    await board.until(() => board.views.find((v) => v.shape.source === 'everyone' && v.shape.rowCount > 0));
    expect(emulator.requests.filter((r) => pathOf(r.url) === '/me/people')).toHaveLength(0);
  });

  it('reads presence again with the board refresh, one call for its people', async () => {
    const emulator = graph.start({ users: 80 });
    const board = boardWith();
    await board.store.load();
    board.show('mine', { showOffline: true });
    const first = await board.firstView('mine');
    const someone = board.ids(first)[0]!;
    emulator.setPresence(someone, { availability: 'Busy', activity: 'InACall' });
    const before = emulator.requests.filter((r) => pathOf(r.url) === PRESENCE && r.idCount === MY_PEOPLE_TOP).length;
    await board.store.refresh();
    const later = await board.until(() =>
      board.views.findLast(
        (v) =>
          v.shape.source === 'mine' &&
          v.rows.some(
            (r) => r.kind === 'person' && r.person.user.id.toLowerCase() === someone && r.person.presence?.activity === 'InACall',
          ),
      ),
    );
    expect(later).toBeTruthy();
    expect(emulator.requests.filter((r) => pathOf(r.url) === PRESENCE && r.idCount === MY_PEOPLE_TOP).length).toBe(before + 1);
    expect(emulator.requests.filter((r) => pathOf(r.url) === '/me/people')).toHaveLength(1);
  });
});

describe('My team in the board worker', () => {
  it('is the manager, the peers and the direct reports', async () => {
    const emulator = graph.start({ users: 60 });
    const me = emulator.me!;
    const manager = emulator.managerOf(me.id)!;
    const expected = [manager, ...emulator.directReportsOf(manager.id).filter((u) => u.id !== me.id), ...emulator.directReportsOf(me.id)];
    const board = boardWith();
    void board.store.load();
    board.show('team', { showOffline: true });
    const view = await board.firstView('team');
    expect(new Set(board.ids(view))).toEqual(new Set(expected.map((u) => u.id.toLowerCase())));
    expect(board.accesses.at(-1)?.teamWithoutManager).toBe(false);
  });

  it('where List manager is refused (403, no User.Read.All), is the direct reports alone, and says so', async () => {
    const emulator = graph.start({ users: 60, userReadAll: false });
    const me = emulator.me!;
    const board = boardWith();
    void board.store.load();
    board.show('team', { showOffline: true });
    const view = await board.firstView('team');
    expect(new Set(board.ids(view))).toEqual(new Set(emulator.directReportsOf(me.id).map((u) => u.id.toLowerCase())));
    expect(board.accesses.at(-1)).toMatchObject({ team: 'ready', teamWithoutManager: true });
  });
});

describe('a viewer who never chose', () => {
  it('sees My people in a tenant of 5,000 or more, and Everyone below it (no /me/people asked)', async () => {
    graph.start({ users: 20 });
    const large = boardWith().relevant;
    large.setChoice('auto');
    large.noteTenantSize(LARGE_TENANT);
    expect(large.access.auto).toBe('mine');
    const small = boardWith().relevant;
    small.noteTenantSize(LARGE_TENANT - 1);
    small.setChoice('auto');
    expect(small.access.auto).toBe('everyone');
    expect(small.shownFor('auto')).toBe('everyone');
    expect(small.access.mine).toBe('idle');
    await vi.waitFor(() => expect(large.shownFor('auto')).toBe('mine'));
  });

  it('keeps the first size it learnt for the whole visit', () => {
    graph.start({ users: 20 });
    const { relevant } = boardWith();
    relevant.noteTenantSize(12);
    relevant.noteTenantSize(60_000);
    expect(relevant.access.auto).toBe('everyone');
  });

  it('on a team channel tab sees the team, never My people', () => {
    graph.start({ users: 20 });
    const { relevant } = boardWith({ relevant: { autoMine: false } });
    relevant.setChoice('auto');
    relevant.noteTenantSize(90_000);
    expect(relevant.shownFor('auto')).toBe('everyone');
    expect(relevant.access.mine).toBe('idle');
  });
});

describe('at 50,000 people', () => {
  it('My people is on screen after 2 round trips (/me/people, then presence), the directory still loading', async () => {
    const emulator = graph.start({ users: 50_000, latencyMs: 20 });
    const board = boardWith();
    const started = Date.now();
    void board.store.load();
    board.show('mine', { showOffline: true });
    const view = await board.firstView('mine');
    const before = emulator.requests.filter((r) => (r.receivedAt ?? 0) <= view.at);
    const people = before.filter((r) => pathOf(r.url) === '/me/people');
    const presence = before.filter((r) => pathOf(r.url) === PRESENCE && r.idCount === MY_PEOPLE_TOP);
    expect(people).toHaveLength(1);
    expect(presence).toHaveLength(1);
    // One after the other, nothing between: the presence call left once the people answer came.
    expect(presence[0]!.receivedAt!).toBeGreaterThanOrEqual(people[0]!.at!);
    // Both left at the start of their round trip: at most two round trips of the board's start.
    expect(people[0]!.receivedAt! - started).toBeLessThan(1000);
    expect(board.ids(view)).toHaveLength(MY_PEOPLE_TOP);
    if (process.env.MEASURE_MY_PEOPLE) {
      const users = before.filter((r) => pathOf(r.url) === '/users').length;
      console.log(
        `My people at 50,000: first rows ${view.at - started} ms after start (latency 20 ms), ${before.length} requests answered before them: 1 /me/people, 1 presence (50 ids), ${users} users pages`,
      );
    }
    expect(board.store.getSnapshot().phase).toBe('loading');
    expect(board.store.getSnapshot().users.length).toBeLessThan(50_000);
  }, 60_000);
});

describe('the choice, kept and linked', () => {
  it('is kept in preferences, and anything unknown there is the never-chosen auto', () => {
    expect(parsePreferences(JSON.stringify({ choices: { people: 'team' } })).choices.people).toBe('team');
    expect(parsePreferences(JSON.stringify({ choices: { people: 'everybody' } })).choices.people).toBe('auto');
    expect(parsePreferences(null).choices.people).toBe('auto');
  });

  it('a link fixes it (people=mine, team, everyone); a wall shows Everyone unless its link says', () => {
    expect(choicesFromUrl('?people=mine')).toEqual({ people: 'mine' });
    expect(choicesFromUrl('?people=team&where=office')).toEqual({ people: 'team', where: 'office' });
    expect(choicesFromUrl('?people=auto')).toEqual({});
    expect(choicesFromUrl('?people=friends')).toEqual({});
    expect(wallSettingsFromUrl('?view=wall&people=mine').choices.people).toBe('mine');
    expect(wallSettingsFromUrl('?view=wall').choices.people).toBe('everyone');
  });
});
