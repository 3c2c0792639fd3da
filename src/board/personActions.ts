import { isGuest } from '../presence/statusGroup';
import type { DirectoryUser } from '../presence/types';
import { builtCloud } from '../host/buildSettings';
import type { TeamsHost } from '../host/teamsHost';

/** Teams allows 250 people in a group chat, the one who starts it included. */
export const MAX_GROUP_CHAT_MEMBERS = 249;

/**
 * The address Teams knows a person by: the UPN for members; for guests (whose UPN is the
 * `#EXT#` form) the mail address, which Teams resolves.
 */
export function teamsAddressOf(user: DirectoryUser): string | null {
  if (isGuest(user)) return user.mail ?? null;
  return user.userPrincipalName ?? user.mail ?? null;
}

/**
 * Teams' deep link to a chat with these people (`/l/chat/0/0`, "Deep link to Teams chat":
 * https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/deep-link-teams), on the
 * Teams web host of the viewer's cloud (the table's `teamsWebOrigin`): a GCC High, DoD or China account
 * does not exist in the commercial Teams.
 */
export function chatDeepLink(addresses: readonly string[], topic?: string, teamsWebOrigin = builtCloud().teamsWebOrigin): string {
  const params = new URLSearchParams({ users: addresses.join(',') });
  if (topic && addresses.length > 1) params.set('topicName', topic);
  return `${teamsWebOrigin}/l/chat/0/0?${params.toString()}`;
}

/** Teams' deep link to call these people, on the viewer's cloud's Teams. */
export function callDeepLink(addresses: readonly string[], teamsWebOrigin = builtCloud().teamsWebOrigin): string {
  return `${teamsWebOrigin}/l/call/0/0?${new URLSearchParams({ users: addresses.join(',') }).toString()}`;
}

/** A `mailto:` link, or null without a usable address. */
export function mailtoLink(user: DirectoryUser): string | null {
  const mail = user.mail?.trim();
  return mail && !/[\s<>"]/.test(mail) ? `mailto:${encodeURIComponent(mail).replace('%40', '@')}` : null;
}

/** No one asked for has an address Teams knows (no UPN, no mail): `who` is the one person, or null for a group. */
export class NoTeamsAddressError extends Error {
  override readonly name = 'NoTeamsAddressError';
  constructor(readonly who: string | null) {
    super(who === null ? 'No one to chat with has a Teams address.' : `${who} has no Teams address to call.`);
  }
}

export interface PersonActions {
  /** Chat and call leave the page for Teams (a deep link) rather than happen in the host. */
  readonly opensTeams: boolean;
  /** Opens a one-to-one or group chat with these people (those without an address are skipped). */
  chat(users: readonly DirectoryUser[], topic?: string): Promise<void>;
  call(user: DirectoryUser): Promise<void>;
  copy(text: string): Promise<void>;
}

export interface PersonActionsDeps {
  teams: TeamsHost | null;
  /** The Teams web origin deep links open on (the cloud's, src/host/clouds.ts); the built cloud's when not given. */
  teamsWebOrigin?: string;
  /** Opens a Teams deep link outside the tab. */
  openLink: (url: string) => void | Promise<void>;
  writeClipboard: (text: string) => Promise<void>;
}

/**
 * Chat and call through teams-js where the host offers them (Teams: `chat.isSupported()`,
 * `call.isSupported()`), through Teams' deep links elsewhere (Outlook and the Microsoft 365 app
 * have no chat; a plain browser has no host).
 */
export function createPersonActions({ teams, teamsWebOrigin, openLink, writeClipboard }: PersonActionsDeps): PersonActions {
  const origin = teamsWebOrigin ?? builtCloud().teamsWebOrigin;
  const addresses = (users: readonly DirectoryUser[]) =>
    users
      .map(teamsAddressOf)
      .filter((a): a is string => a !== null)
      .slice(0, MAX_GROUP_CHAT_MEMBERS);
  return {
    opensTeams: !teams?.openChat,
    async chat(users, topic) {
      const to = addresses(users);
      if (to.length === 0) throw new NoTeamsAddressError(users.length === 1 ? users[0]!.displayName : null);
      if (teams?.openChat) await teams.openChat(to, topic);
      else await openLink(chatDeepLink(to, topic, origin));
    },
    async call(user) {
      const to = addresses([user]);
      if (to.length === 0) throw new NoTeamsAddressError(user.displayName);
      if (teams?.startCall) await teams.startCall(to);
      else await openLink(callDeepLink(to, origin));
    },
    copy: (text) => writeClipboard(text),
  };
}

/** Browser wiring: links through the host where there is one (it opens Teams), else a new tab; the async clipboard. */
export function browserActionDeps(teams: TeamsHost | null): PersonActionsDeps {
  return {
    teams,
    teamsWebOrigin: builtCloud().teamsWebOrigin,
    openLink: teams ? (url) => teams.openLink(url) : (url) => void window.open(url, '_blank', 'noopener,noreferrer'),
    writeClipboard: (text) => navigator.clipboard.writeText(text),
  };
}
