// @vitest-environment jsdom
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BoardStore } from '@/board/boardStore';
import { DEFAULT_CHOICES } from '@/board/boardView';
import { PhotoStore } from '@/board/photoStore';
import type { GraphEmulator } from '@/emulator/graphEmulator';
import { workLocationFor } from '@/emulator/tenant';
import type { PersonActions } from '@/board/personActions';
import { PreferenceStore } from '@/board/preferences';
import type { DirectoryUser } from '@/presence/types';
import { Board } from '@/ui/Board/Board';
import { emulatedGraphPerFile, testClient } from '../support/emulatedGraph';
import { en } from '@/ui/strings';
import { forgetBoards, remoteBoardFor, settle } from '../support/remoteBoard';
import { renderWithProviders, memoryStorage } from '../support/render';

const graph = emulatedGraphPerFile();
afterEach(() => {
  cleanup();
  forgetBoards();
  vi.restoreAllMocks();
});

function recordingActions() {
  const done: Array<[string, string[]]> = [];
  const actions: PersonActions = {
    opensTeams: false,
    chat: async (users: readonly DirectoryUser[]) => void done.push(['chat', users.map((u) => u.displayName)]),
    call: async (user: DirectoryUser) => void done.push(['call', [user.displayName]]),
    copy: async (text: string) => void done.push(['copy', [text]]),
  };
  return { actions, done };
}

/** A tenant (changed by `prepare` before anyone reads it), its board loaded and on screen. */
async function showBoard(
  options: Parameters<typeof graph.start>[0],
  extra: Partial<Parameters<typeof Board>[0]> & { photos?: PhotoStore } = {},
  prepare: (emulator: GraphEmulator) => void = () => undefined,
) {
  const emulator = graph.start(options);
  prepare(emulator);
  const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1 });
  void store.load();
  const { photos, ...props } = extra;
  const view = renderWithProviders(<Board board={remoteBoardFor(store, photos ? { photos } : {})} demo locale="en-US" {...props} />);
  await screen.findByText(/^Updated /, {}, { timeout: 15_000 });
  await settle();
  return { emulator, store, view };
}

const rows = () => within(screen.getByRole('list', { name: 'People' })).queryAllByRole('listitem');
const names = () => rows().map((r) => r.getAttribute('aria-label')!.split(',')[0]);
const setSize = () => Number(rows()[0]?.getAttribute('aria-setsize') ?? 0);
const chip = (label: RegExp) => screen.getByRole('button', { name: label });

describe('finding people', () => {
  it('status chips show their counts and narrow the list; a second chip widens it again', async () => {
    const { emulator } = await showBoard({ users: 120 });
    const online = emulator.onlineUserIds().map((id) => emulator.presenceOf(id)!);
    const busy = online.filter((p) => /^Busy/.test(p.availability) && !p.isOutOfOffice && p.activity !== 'OutOfOffice').length;
    const available = online.filter((p) => p.availability === 'Available' && !p.isOutOfOffice).length;
    expect(chip(/^Busy \(/).textContent).toBe(`Busy (${busy})`);

    await userEvent.click(chip(/^Busy \(/));
    await settle();
    expect(chip(/^Busy \(/).getAttribute('aria-pressed')).toBe('true');
    // On is not told by colour alone: a chip that is on has a checkmark, one that is off none.
    expect(chip(/^Busy \(/).querySelectorAll('svg')).toHaveLength(1);
    expect(chip(/^Available \(/).querySelectorAll('svg')).toHaveLength(0);
    expect(setSize()).toBe(busy);
    expect(rows().every((r) => /Busy|In a (call|meeting|conference call)/.test(r.getAttribute('aria-label')!))).toBe(true);

    await userEvent.click(chip(/^Available \(/));
    await settle();
    expect(setSize()).toBe(busy + available);
  });

  it('shows offline people when asked, and groups by status with headings', async () => {
    const { emulator } = await showBoard({ users: 30 });
    const online = emulator.onlineUserIds().length;
    expect(online).toBeLessThan(30);
    expect(setSize()).toBe(online);
    await userEvent.click(screen.getByRole('switch', { name: 'Show offline people too' }));
    await settle();
    expect(screen.getByRole('button', { name: /^Offline \(/ })).toBeTruthy();
    // Everyone now, offline people too.
    expect(setSize()).toBe(30);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Group by' }), 'status');
    await settle();
    const available = emulator.users.filter((u) => {
      const p = emulator.presenceOf(u.id)!;
      return p.availability === 'Available' && !p.isOutOfOffice;
    }).length;
    const headings = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
    expect(headings[0]).toBe(`Available (${available})`);
    // The set is the 30 people and one heading per status group present (at most six groups).
    const headingRows = setSize() - 30;
    expect(headingRows).toBeGreaterThanOrEqual(2);
    expect(headingRows).toBeLessThanOrEqual(6);
    const people = rows().filter((r) => r.getAttribute('aria-label'));
    expect(people.length).toBeGreaterThan(0);
    expect(people.length).toBeLessThanOrEqual(30);
  });

  it('groups by department when the directory gives departments (User.Read.All), and offers no such grouping without', async () => {
    await showBoard({ users: 20 });
    const groupBy = screen.getByRole('combobox', { name: 'Group by' });
    await userEvent.selectOptions(groupBy, 'department');
    await settle();
    const headings = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent!.replace(/ \(\d+\)$/, ''));
    expect(headings.length).toBeGreaterThan(1);
    expect(headings.filter((h) => h !== 'No department')).toEqual([...headings.filter((h) => h !== 'No department')].sort());
    cleanup();

    await showBoard({ users: 20, userReadAll: false });
    const options = within(screen.getByRole('combobox', { name: 'Group by' }))
      .getAllByRole('option')
      .map((o) => o.textContent);
    expect(options).toEqual(['None', 'Status']);
  });

  it('pins favourites on top and remembers them, and the view choices, for the next visit', async () => {
    const storage = memoryStorage();
    const { store } = await showBoard({ users: 40 }, { preferences: new PreferenceStore('t/u', storage) });
    const last = rows()[rows().length - 1]!;
    const name = last.getAttribute('aria-label')!.split(',')[0]!;
    await userEvent.click(within(last).getByRole('button', { name: en.addFavourite(name) }));
    await settle();
    expect(names()[0]).toBe(name);
    expect(
      within(rows()[0]!)
        .getByRole('button', { name: en.removeFavourite(name) })
        .getAttribute('aria-pressed'),
    ).toBe('true');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Sort by' }), 'name');
    await settle();
    store.dispose();
    cleanup();

    await showBoard({ users: 40 }, { preferences: new PreferenceStore('t/u', storage) });
    expect(names()[0]).toBe(name);
    expect((screen.getByRole('combobox', { name: 'Sort by' }) as HTMLSelectElement).value).toBe('name');
  });

  it('keeps its place when someone down the list is starred: a favourite is no new search', async () => {
    // Keeping the place scrolls from a layout effect: React must not be asked to flush while it commits.
    const errors = vi.spyOn(console, 'error');
    await showBoard({ users: 300 });
    const scroller = document.querySelector<HTMLElement>('[data-virtual-scroller]')!;
    // jsdom keeps scrollTop but has no scrollTo (the list's own scrolling sets it the same way) and
    // no scrollHeight (the list clamps where it scrolls to by it): the list's full height. As in a
    // browser, the scroll event comes on a later task, never inside the call that scrolled.
    Object.defineProperty(scroller, 'scrollHeight', { get: () => parseFloat((scroller.firstElementChild as HTMLElement).style.height) });
    scroller.scrollTo = ((options: ScrollToOptions) => {
      scroller.scrollTop = options.top ?? scroller.scrollTop;
      setTimeout(() => scroller.dispatchEvent(new Event('scroll')), 0);
    }) as typeof scroller.scrollTo;
    act(() => scroller.scrollTo({ top: 2400 }));
    await settle();
    const row = rows().find((r) => Number(r.getAttribute('aria-posinset')) > 30)!;
    const name = row.getAttribute('aria-label')!.split(',')[0]!;
    await userEvent.click(within(row).getByRole('button', { name: en.addFavourite(name) }));
    await settle();
    expect(scroller.scrollTop).toBeGreaterThan(2000);
    // Pinned on top, where the person scrolls back to see it.
    act(() => scroller.scrollTo({ top: 0 }));
    await settle();
    expect(screen.getByRole('button', { name: en.removeFavourite(name) })).toBeTruthy();
    expect(errors.mock.calls.map((call) => String(call[0]))).toEqual([]);
  });

  it('finds people by the office location their row shows, and marks it', async () => {
    const { emulator } = await showBoard({ users: 120 });
    const online = new Set(emulator.onlineUserIds());
    const inTokyo = emulator.users.filter((u) => online.has(u.id) && u.officeLocation === 'Tokyo').length;
    expect(inTokyo).toBeGreaterThan(0);
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search people' }), 'tokyo');
    await settle();
    expect(setSize()).toBe(inTokyo);
    for (const row of rows()) expect(row.querySelector('mark')?.textContent).toBe('Tokyo');
  });

  // Home, End and Page keys scroll the list, which jsdom cannot do: the browser tests cover them.
  it('moves between people with the arrow keys and opens the actions with Enter', async () => {
    const { actions, done } = recordingActions();
    await showBoard({ users: 200 }, { actions });
    const first = rows()[0]!;
    expect(first.tabIndex).toBe(0);
    expect(rows().filter((r) => r.tabIndex === 0)).toHaveLength(1);
    first.focus();
    await userEvent.keyboard('{ArrowDown}');
    await settle();
    expect(document.activeElement?.getAttribute('aria-posinset')).toBe('2');
    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    await settle();
    expect(document.activeElement?.getAttribute('aria-posinset')).toBe('4');
    expect(
      rows()
        .filter((r) => r.tabIndex === 0)
        .map((r) => r.getAttribute('aria-posinset')),
    ).toEqual(['4']);
    await userEvent.keyboard('{ArrowUp}');
    await settle();
    expect(document.activeElement?.getAttribute('aria-posinset')).toBe('3');

    const name = document.activeElement!.getAttribute('aria-label')!.split(',')[0]!;
    await userEvent.keyboard('{Enter}');
    await settle();
    // The menu's code is loaded the first time a menu opens (more than a second on a loaded machine).
    const menu = await screen.findByRole('menu', {}, { timeout: 15_000 });
    await userEvent.click(within(menu).getByRole('menuitem', { name: 'Chat' }));
    await settle();
    expect(done).toEqual([['chat', [name]]]);
  });

  it('calls, copies the mail address and chats with everyone shown through the actions', async () => {
    const { actions, done } = recordingActions();
    const { emulator } = await showBoard({ users: 8 }, { actions });
    const withMail = rows().find((r) => within(r).queryByText(/@/))!;
    const name = withMail.getAttribute('aria-label')!.split(',')[0]!;
    const mail = emulator.users.find((u) => u.displayName === name)!.mail!;
    await userEvent.click(within(withMail).getByRole('button', { name: en.actionsFor(name) }));
    await settle();
    expect(screen.getByRole('menuitem', { name: 'Send mail' }).getAttribute('href')).toBe(`mailto:${mail}`);
    await userEvent.click(screen.getByRole('menuitem', { name: 'Call' }));
    await settle();
    await userEvent.click(within(withMail).getByRole('button', { name: en.actionsFor(name) }));
    await settle();
    await userEvent.click(screen.getByRole('menuitem', { name: 'Copy mail address' }));
    await settle();
    expect(await screen.findByText(en.copied(mail))).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: /^Chat with everyone shown \(\d+\)$/ }));
    await settle();
    expect(done[0]).toEqual(['call', [name]]);
    expect(done[1]).toEqual(['copy', [mail]]);
    expect(done[2]![1]).toEqual(names());
  });

  it('shows photos for the people on screen, initials for those without', async () => {
    const photos = new PhotoStore({ client: testClient(), gatherMs: 1 });
    const { emulator } = await showBoard({ users: 300 }, { photos });
    const drawn = rows().map((r) => emulator.users.find((u) => u.id === r.getAttribute('data-person-id'))!);
    const withPhoto = drawn.filter((u) => emulator.hasPhoto(u.id));
    expect(withPhoto.length).toBeGreaterThan(0);
    const photoShown = (row: HTMLElement) => Boolean(row.querySelector('img')?.getAttribute('src')?.startsWith('data:image/png;base64,'));
    // Once every drawn row with a photo shows it (however long a busy machine takes), none without one does.
    await waitFor(() => expect(rows().filter(photoShown)).toHaveLength(withPhoto.length));
    for (const row of rows()) expect(photoShown(row)).toBe(emulator.hasPhoto(row.getAttribute('data-person-id')!));
    const asked = emulator.requests.filter((r) => r.url.endsWith('/$batch')).flatMap((r) => r.batchUrls ?? []);
    expect(asked.length).toBe(drawn.length);
    expect(asked.length).toBeLessThan(emulator.onlineUserIds().length);
    photos.dispose();
  });

  it('speaks German where the locale is German, with numbers in its format', async () => {
    const emulator = graph.start({ users: 2500 });
    const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1 });
    void store.load();
    renderWithProviders(<Board board={remoteBoardFor(store)} demo locale="de-DE" />);
    await screen.findByText(/^Aktualisiert /, {}, { timeout: 15_000 });
    await settle();
    const online = emulator.onlineUserIds().length;
    expect(screen.getByText(`${new Intl.NumberFormat('de-DE').format(online)} online`)).toBeTruthy();
    expect(screen.getByRole('searchbox', { name: 'Personen suchen' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Aktualisieren' })).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Personen' })).toBeTruthy();
    expect(screen.getByRole('switch', { name: 'Auch Personen anzeigen, die offline sind' })).toBeTruthy();
  });
});

describe('where people work, and compact rows', () => {
  it('offers "In the office" and "Remote" chips with counts, narrows to them, and says on each row where the person works', async () => {
    const { emulator } = await showBoard({ users: 200 });
    const online = emulator.onlineUserIds().map((id) => emulator.findUser(id)!);
    const inOffice = online.filter((u) => {
      const p = emulator.presenceOf(u.id)!;
      return !p.isOutOfOffice && workLocationFor(u.id, p) === 'office';
    });
    const office = screen.getByRole('button', { name: /^In the office \(/ });
    expect(office.textContent).toBe(`In the office (${inOffice.length})`);
    const building = office.querySelector('svg')!.outerHTML;
    await userEvent.click(office);
    await settle();
    expect(office.getAttribute('aria-pressed')).toBe('true');
    // On, its building gives way to the checkmark every chip that is on has.
    await userEvent.click(chip(/^Available \(/));
    await settle();
    expect(office.querySelector('svg')!.outerHTML).not.toBe(building);
    expect(office.querySelector('svg')!.outerHTML).toBe(chip(/^Available \(/).querySelector('svg')!.outerHTML);
    await userEvent.click(chip(/^Available \(/));
    await settle();
    expect(setSize()).toBe(inOffice.length);
    for (const row of rows()) expect(within(row).getByText('In the office')).toBeTruthy();
  });

  it('shows no such chips for a tenant whose presence has no work location', async () => {
    await showBoard({ users: 50, workLocations: false });
    expect(screen.queryByRole('button', { name: /^In the office/ })).toBeNull();
    expect(screen.queryByText('Remote')).toBeNull();
  });

  it('draws one line per person in compact rows, and keeps the choice for the next visit', async () => {
    const storage = memoryStorage();
    const preferences = new PreferenceStore('t/u', storage);
    await showBoard({ users: 60 }, { preferences });
    expect(rows()[0]!.style.height).not.toBe('44px');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Rows' }), 'compact');
    await settle();
    expect(rows().every((row) => row.style.height === '44px')).toBe(true);
    expect(new PreferenceStore('t/u', storage).get().choices.density).toBe('compact');
  });

  it("a link's ?where=office shows the office, but does not become the person's kept choice", async () => {
    const storage = memoryStorage();
    new PreferenceStore('t/u', storage).save({ choices: { ...DEFAULT_CHOICES, density: 'compact' }, favourites: [] });
    await showBoard({ users: 60 }, { preferences: new PreferenceStore('t/u', storage), initialChoices: { where: 'office' } });
    expect(screen.getByRole('button', { name: /^In the office \(/ }).getAttribute('aria-pressed')).toBe('true');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Rows' }), 'comfortable');
    await settle();
    const kept = new PreferenceStore('t/u', storage).get().choices;
    expect(kept.where).toBe('anywhere');
    expect(kept.density).toBe('comfortable');
  });

  it('marks guests and disabled accounts in compact rows too (a guest is not taken for a colleague)', async () => {
    await showBoard({ users: 2 }, {}, (emulator) => {
      const [guest, disabled] = emulator.users;
      emulator.updateUser(guest!.id, { displayName: 'Gina Guest', userType: 'Guest', accountEnabled: true });
      emulator.updateUser(disabled!.id, { displayName: 'Dan Disabled', userType: 'Member', accountEnabled: false });
      for (const u of emulator.users)
        emulator.setPresence(u.id, { availability: 'Available', activity: 'Available', isOutOfOffice: false });
    });
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Rows' }), 'compact');
    await settle();
    const row = (name: string) => rows().find((r) => r.getAttribute('aria-label')!.startsWith(name))!;
    expect(row('Gina Guest').style.height).toBe('44px');
    expect(within(row('Gina Guest')).getByText(en.guest)).toBeTruthy();
    expect(within(row('Dan Disabled')).getByText(en.disabled)).toBeTruthy();
    expect(within(row('Dan Disabled')).queryByText(en.guest)).toBeNull();
  });
});

describe('edge states', () => {
  it('says so when nobody is online, and when the filters leave no one', async () => {
    await showBoard({ users: 3 }, {}, (emulator) => {
      for (const u of emulator.users) emulator.setPresence(u.id, { availability: 'Offline', activity: 'Offline' });
    });
    expect(screen.getByText('Nobody is online right now.')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: /^Busy \(0\)$/ }));
    await settle();
    expect(screen.getByText('No one matches these filters.')).toBeTruthy();
  });

  it('a tenant of one person with no mail, a 200-character name and a right-to-left name', async () => {
    const longName = 'A'.repeat(100) + ' ' + 'B'.repeat(99);
    const { actions, done } = recordingActions();
    await showBoard({ users: 1 }, { actions }, (emulator) => {
      const only = emulator.users[0]!;
      emulator.updateUser(only.id, { displayName: longName, mail: null });
      emulator.setPresence(only.id, { availability: 'Available', activity: 'Available', isOutOfOffice: false });
    });
    expect(screen.getByText('1 online')).toBeTruthy();
    const row = rows()[0]!;
    expect(within(row).getByText(longName).closest('[dir="auto"]')).toBeTruthy();
    await userEvent.click(within(row).getByRole('button', { name: en.actionsFor(longName) }));
    await settle();
    expect(screen.queryByRole('menuitem', { name: 'Send mail' })).toBeNull();
    expect(screen.queryByRole('menuitem', { name: 'Copy mail address' })).toBeNull();
    await userEvent.click(screen.getByRole('menuitem', { name: 'Chat' }));
    await settle();
    expect(done).toEqual([['chat', [longName]]]);
    cleanup();

    await showBoard({ users: 1 }, {}, (rtl) => {
      rtl.updateUser(rtl.users[0]!.id, { displayName: 'نور الهدى' });
      rtl.setPresence(rtl.users[0]!.id, { availability: 'Busy', activity: 'InAMeeting', isOutOfOffice: false });
    });
    expect(rows().map((r) => r.getAttribute('aria-label'))).toEqual(['نور الهدى, In a meeting']);
    expect(screen.getByText('نور الهدى').closest('[dir="auto"]')).toBeTruthy();
  });

  it('clamps a long status message and expands it on request', async () => {
    const message = 'Working on the quarterly report. '.repeat(8).trim();
    const { emulator } = await showBoard({ users: 1 }, {}, (tenant) =>
      tenant.setPresence(tenant.users[0]!.id, {
        availability: 'Available',
        activity: 'Available',
        statusMessage: `<p>${message}</p>`,
        isOutOfOffice: true,
        outOfOfficeMessage: 'Back on Monday.',
      }),
    );
    const only = emulator.users[0]!;
    expect(screen.getByText(message)).toBeTruthy();
    expect(screen.getByText(/Automatic reply: Back on Monday\./)).toBeTruthy();
    const more = screen.getByRole('button', { name: 'Show more' });
    expect(more.getAttribute('aria-expanded')).toBe('false');
    await userEvent.click(more);
    await settle();
    expect(screen.getByRole('button', { name: 'Show less' }).getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByRole('listitem', { name: `${only.displayName}, Available, out of office` })).toBeTruthy();
  });
});
