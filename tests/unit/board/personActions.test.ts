import { describe, expect, it } from 'vitest';
import {
  browserActionDeps,
  callDeepLink,
  chatDeepLink,
  createPersonActions,
  mailtoLink,
  MAX_GROUP_CHAT_MEMBERS,
  NoTeamsAddressError,
  teamsAddressOf,
} from '@/board/personActions';
import { CLOUDS } from '@/host/clouds';
import type { TeamsHost } from '@/host/teamsHost';
import type { DirectoryUser } from '@/presence/types';

const member = (n: number): DirectoryUser => ({
  id: `id${n}`,
  displayName: `P${n}`,
  mail: `p${n}@contoso.com`,
  userPrincipalName: `p${n}@contoso.com`,
});
const guest: DirectoryUser = {
  id: 'g',
  displayName: 'Guest',
  mail: 'g@fabrikam.com',
  userPrincipalName: 'g_fabrikam.com#EXT#@contoso.onmicrosoft.com',
};
const noAddress: DirectoryUser = { id: 'n', displayName: 'Nobody', mail: null, userPrincipalName: null };

function deps(teams: Partial<TeamsHost> | null) {
  const links: string[] = [];
  const copied: string[] = [];
  const calls: unknown[] = [];
  const host = teams && ({ ...teams } as TeamsHost);
  const actions = createPersonActions({
    teams: host,
    openLink: (url) => void links.push(url),
    writeClipboard: async (text) => void copied.push(text),
  });
  return { actions, links, copied, calls };
}

describe('person actions', () => {
  it('chats and calls through Teams where the host can, with UPNs (mail for guests)', async () => {
    const seen: unknown[] = [];
    const { actions, links } = deps({
      openChat: async (users, topic) => void seen.push(['chat', users, topic]),
      startCall: async (users) => void seen.push(['call', users]),
    });
    await actions.chat([member(1)]);
    await actions.chat([member(1), guest, noAddress], 'Finance');
    await actions.call(member(2));
    expect(seen).toEqual([
      ['chat', ['p1@contoso.com'], undefined],
      ['chat', ['p1@contoso.com', 'g@fabrikam.com'], 'Finance'],
      ['call', ['p2@contoso.com']],
    ]);
    expect(links).toEqual([]);
  });

  it('outside Teams opens Teams deep links instead', async () => {
    const { actions, links } = deps(null);
    await actions.chat([member(1), member(2)], 'Sales & more');
    await actions.call(member(3));
    expect(links).toEqual([
      'https://teams.microsoft.com/l/chat/0/0?users=p1%40contoso.com%2Cp2%40contoso.com&topicName=Sales+%26+more',
      'https://teams.microsoft.com/l/call/0/0?users=p3%40contoso.com',
    ]);
    expect(chatDeepLink(['a@b.c'], 'ignored for one person')).toBe('https://teams.microsoft.com/l/chat/0/0?users=a%40b.c');
    expect(callDeepLink(['a@b.c'])).toContain('/l/call/0/0?users=a%40b.c');
  });

  // Issue 22: a deep link opens the viewer's own cloud's Teams; the commercial Teams does not know a GCC High, DoD or China account.
  it.each([
    ['gcch', 'https://gov.teams.microsoft.us'],
    ['dod', 'https://dod.teams.microsoft.us'],
    ['china', 'https://teams.microsoftonline.cn'],
    ['gcc', 'https://teams.microsoft.com'],
  ] as const)('in the %s cloud opens deep links on %s', async (cloud, origin) => {
    const links: string[] = [];
    const actions = createPersonActions({
      teams: null,
      teamsWebOrigin: CLOUDS[cloud].teamsWebOrigin,
      openLink: (url) => void links.push(url),
      writeClipboard: async () => undefined,
    });
    await actions.chat([member(1), member(2)], 'Ops');
    await actions.call(member(3));
    expect(links).toEqual([
      `${origin}/l/chat/0/0?users=p1%40contoso.com%2Cp2%40contoso.com&topicName=Ops`,
      `${origin}/l/call/0/0?users=p3%40contoso.com`,
    ]);
  });

  it("a browser's actions open the Teams of the cloud the page was built for (the commercial one in tests)", () => {
    expect(browserActionDeps(null).teamsWebOrigin).toBe(CLOUDS.public.teamsWebOrigin);
  });

  it('in a host without chat (Outlook, the Microsoft 365 app) opens the deep link through the host and says it goes to Teams', async () => {
    const opened: string[] = [];
    const outlook = { openChat: null, startCall: null, openLink: async (url: string) => void opened.push(url) } as unknown as TeamsHost;
    const windowOpened: unknown[] = [];
    const original = globalThis.window;
    Object.assign(globalThis, { window: { open: (...args: unknown[]) => windowOpened.push(args) } });
    try {
      const actions = createPersonActions(browserActionDeps(outlook));
      expect(actions.opensTeams).toBe(true);
      await actions.chat([member(1)]);
      await actions.call(member(2));
    } finally {
      Object.assign(globalThis, { window: original });
    }
    expect(opened).toEqual([chatDeepLink(['p1@contoso.com']), callDeepLink(['p2@contoso.com'])]);
    expect(windowOpened).toEqual([]);
    expect(createPersonActions(browserActionDeps({ ...outlook, openChat: async () => undefined } as TeamsHost)).opensTeams).toBe(false);
  });

  it(`keeps a group chat within Teams' limit of ${MAX_GROUP_CHAT_MEMBERS + 1} people, and refuses when no one has an address`, async () => {
    const { actions, links } = deps(null);
    await actions.chat(Array.from({ length: 400 }, (_, i) => member(i)));
    expect(new URL(links[0]!).searchParams.get('users')!.split(',')).toHaveLength(MAX_GROUP_CHAT_MEMBERS);
    await expect(actions.chat([noAddress])).rejects.toMatchObject({ name: 'NoTeamsAddressError', who: 'Nobody' });
    await expect(actions.chat([noAddress, { ...noAddress, id: 'n2' }])).rejects.toMatchObject({ name: 'NoTeamsAddressError', who: null });
    await expect(actions.call(noAddress)).rejects.toBeInstanceOf(NoTeamsAddressError);
  });

  it('makes mail links only from plausible addresses, and copies text', async () => {
    expect(mailtoLink(member(1))).toBe('mailto:p1@contoso.com');
    expect(mailtoLink(noAddress)).toBeNull();
    expect(mailtoLink({ ...noAddress, mail: 'a@b.c?cc=evil@x.y' })).toBe('mailto:a@b.c%3Fcc%3Devil%40x.y');
    expect(mailtoLink({ ...noAddress, mail: 'x <y@z>' })).toBeNull();
    expect(teamsAddressOf(guest)).toBe('g@fabrikam.com');
    const { actions, copied } = deps(null);
    await actions.copy('p1@contoso.com');
    expect(copied).toEqual(['p1@contoso.com']);
  });
});
