import type { ReactElement } from 'react';
import type { DataSource } from '../auth/dataSource';
import { tokenSourceFor } from '../auth/chooseTokenSource';
import { adminConsentUrl } from '../auth/signInWindow';
import { CALENDAR_SCOPE, GRAPH_SCOPES, PEOPLE_SCOPE, TEAM_MEMBERS_SCOPE } from '../auth/tokenSource';
import { boardCacheKey } from '../board/boardCache';
import { indexedDbBoardCache } from '../board/indexedDbBoardCache';
import { browserActionDeps, createPersonActions } from '../board/personActions';
import { browserStorage, PreferenceStore } from '../board/preferences';
import { documentVisibility } from '../board/refreshSchedule';
import { RelayConnection } from '../board/relayConnection';
import { relayWithFallback } from '../board/relayFallback';
import { relayTokenGetter } from '../board/relayToken';
import { createRelayWatchClient, demoSentNotifications } from '../board/relayWatches';
import { systemNotifications } from '../board/systemNotifications';
import { WatchCenter } from '../board/watchCenter';
import { WatchStore } from '../board/watchStore';
import { portOfWorker, type PagePort } from '../board/remote/protocol';
import { RemoteBoard } from '../board/remote/remoteBoard';
import { serveTokens } from '../board/remote/tokenBridge';
import { choicesFromUrl, defaultSearchFromUrl, directoryFromUrl } from '../board/tabChoice';
import { isWallDisplay, wallSettingsFromUrl } from '../board/wallDisplay';
import { isGuid } from '../host/guid';
import { relayScopeFor, type RuntimeConfig } from '../host/runtimeConfig';
import type { TeamsHost } from '../host/teamsHost';
import { Board } from '../ui/Board/Board';
import { DEMO_BUILT } from './demoBuilt';

/** The board, wired: what to render, and what starts loading and refreshing once it is on screen. */
export interface WiredBoard {
  board: ReactElement;
  start: () => Promise<void>;
}

/**
 * Everything the board needs, from where its data comes from: the sign-in, the board worker
 * (which runs the Graph client, the store with its cache, photos, and the emulated tenant in demo
 * mode), preferences and actions.
 * Null while a sign-in redirect is under way (the page is leaving).
 */
export async function wireBoard(
  source: DataSource,
  config: RuntimeConfig,
  teams: TeamsHost | null,
  locale: string,
): Promise<WiredBoard | null> {
  // A channel tab set to "this team's members" lists the group, which needs one more permission.
  const directory = directoryFromUrl(location.search);
  const scopes = directory.kind === 'group' ? [...GRAPH_SCOPES, TEAM_MEMBERS_SCOPE] : GRAPH_SCOPES;
  // Signing out forgets the kept board (the worker's database, opened here only then).
  const signedIn = await tokenSourceFor(source.token, teams, scopes, () => indexedDbBoardCache().clear());
  if (signedIn === null) return null;
  const { tokenSource, identity, account } = signedIn;
  const graphBaseUrl = source.graphBaseUrl;

  // Directory, presence, cache, photos and the people index live in the board worker; this page
  // answers its token requests and draws what it sends.
  const port = openBoardWorker();
  // The worker may also ask for Calendars.ReadBasic (only while "Show calendars" is on) and People.Read
  // (only for My people), never interactively.
  serveTokens(port, tokenSource, [...scopes, CALENDAR_SCOPE, PEOPLE_SCOPE]);
  const remote = new RemoteBoard(port);
  port.post({
    type: 'init',
    settings: {
      graphBaseUrl,
      scopes: [...scopes],
      directory,
      // The kept board is keyed by whose it is; a sign-in that names no one is not cached.
      cacheKey: identity
        ? boardCacheKey({
            identity,
            graphBaseUrl,
            groupId: directory.kind === 'group' ? directory.groupId : null,
            emulatedUsers: source.emulate?.users ?? null,
          })
        : null,
      emulate: DEMO_BUILT && source.emulate ? { ...source.emulate } : null,
      locale,
      refreshMinimumMs: config.refreshSeconds * 1000,
    },
  });
  followVisibility(remote);
  if (teams) notifyWhenFirstDataShows(remote, teams);
  // Choices and favourites are kept per person and tenant (nothing from the directory is kept there).
  const owner = identity ? `${identity.tenantId}/${identity.userId}` : 'anonymous';
  const preferences = new PreferenceStore(owner, browserStorage());
  // The relay's token: for the presence stream, and for watches kept by the relay (docs/relay.md).
  const relayUrl = config.relayUrl;
  const relayTokenOptions = relayUrl
    ? {
        relayUrl,
        demo: source.emulate !== null,
        relayScope: relayScopeFor(config),
        scopedTokens: source.token.kind === 'nested-app-auth' || source.token.kind === 'browser-redirect',
        tokenSource,
        graphScopes: scopes,
      }
    : null;
  const relayToken = relayTokenOptions ? relayTokenGetter(relayTokenOptions) : null;
  // Watches are the viewer's own: in demo mode, the emulated tenant's signed-in user each time.
  const watchToken = relayTokenOptions ? relayTokenGetter({ ...relayTokenOptions, demoSignedInUser: true }) : null;
  // Watches, per person and tenant like favourites (ids and times only), judged in the worker; with a
  // relay, also registered there so Teams' activity feed tells the viewer once the tab is closed.
  // A wall display has none (nobody sits at it to be told).
  const wall = isWallDisplay(location.search);
  const watchCenter = wall
    ? null
    : new WatchCenter({
        store: new WatchStore(owner, browserStorage()),
        board: remote,
        relay: relayUrl && watchToken ? createRelayWatchClient({ relayUrl, relayToken: watchToken }) : null,
      });
  const watches = watchCenter
    ? {
        center: watchCenter,
        notifications: systemNotifications({ inHost: teams !== null }),
        // Demo mode with a relay: what its emulated tenant's activity feed was sent, under the watches.
        ...(source.emulate !== null && relayUrl && watchToken
          ? { sentNotifications: demoSentNotifications({ relayUrl, relayToken: watchToken }) }
          : {}),
      }
    : undefined;
  const actions = createPersonActions(browserActionDeps(teams));
  // Consent can only be asked for from a click: the board's "Grant access" button.
  const grantAccess = async () => {
    await tokenSource.getToken(scopes, { interactive: true });
    remote.load();
  };
  // Calendars' consent, likewise from a click: "Grant access" on the calendar bar.
  const grantCalendars = async () => {
    await tokenSource.getToken([CALENDAR_SCOPE], { interactive: true });
  };
  // People.Read, likewise from a click: "Grant access" on the My people bar.
  const grantPeople = async () => {
    await tokenSource.getToken([PEOPLE_SCOPE], { interactive: true });
  };
  // The wall display's code is loaded only for a wall (`?view=wall`): the board's first paint does not carry it.
  const WallBoard = wall ? (await import('../ui/WallBoard/WallBoard')).WallBoard : null;
  const board = WallBoard ? (
    <WallBoard
      board={remote}
      settings={wallSettingsFromUrl(location.search)}
      demo={source.emulate !== null}
      locale={locale}
      onGrantCalendars={grantCalendars}
    />
  ) : (
    <Board
      board={remote}
      demo={source.emulate !== null}
      locale={locale}
      onGrantAccess={grantAccess}
      onGrantCalendars={grantCalendars}
      onGrantPeople={grantPeople}
      // Where people may not consent themselves, the admin's one visit covers calendars too (still asked for only once 'Show calendars' is on).
      adminConsent={adminConsentFor(config, teams, [...scopes, CALENDAR_SCOPE, PEOPLE_SCOPE], graphBaseUrl)}
      account={account}
      initialQuery={defaultSearchFromUrl(location.search)}
      initialChoices={choicesFromUrl(location.search)}
      preferences={preferences}
      actions={actions}
      watches={watches}
      // A watch's Teams activity feed notification opens the tab on the person (its subEntityId, a Graph user id).
      {...(isGuid(teams?.context.page.subPageId ?? '') ? { openOnPerson: teams!.context.page.subPageId! } : {})}
    />
  );
  return {
    board,
    start: async () => {
      await remote.start();
      // The relay's watches and the tab's brought together (taken, ended, registered).
      void watchCenter?.reconcile();
      // With a presence relay, its stream replaces the polling while it is live (docs/relay.md).
      if (!relayUrl || !relayToken) {
        remote.schedule.start();
        return;
      }
      relayWithFallback({
        board: remote,
        schedule: remote.schedule,
        connect: ({ onEvent, onState }) => new RelayConnection({ relayUrl, relayToken, onEvent, onState, log: console }),
      });
    },
  };
}

/** The board worker, as a module worker bundled by Vite. */
function openBoardWorker(): PagePort {
  return portOfWorker(new Worker(new URL('./boardWorker.ts', import.meta.url), { type: 'module', name: 'board' }));
}

/** The worker's refresh schedule pauses while the page is hidden (a worker has no document to ask). */
function followVisibility(remote: RemoteBoard): void {
  const visibility = documentVisibility();
  const report = () => remote.setVisible(visibility.isVisible());
  report();
  visibility.subscribe(report);
}

/**
 * The link an admin opens to grant the tab's permissions for everyone, where a sign-in is
 * configured and the tenant is known (Teams names it; else the configured one).
 */
function adminConsentFor(
  config: RuntimeConfig,
  teams: TeamsHost | null,
  scopes: readonly string[],
  graphBaseUrl: string,
): { url: string; scopes: readonly string[] } | undefined {
  const tenantId = teams?.context.user?.tenant?.id ?? config.tenantId;
  if (!config.clientId || !tenantId || !isGuid(tenantId)) return undefined;
  const url = adminConsentUrl({
    tenantId,
    clientId: config.clientId,
    scopes,
    graphBaseUrl,
    redirectUri: new URL('index.html', location.origin + import.meta.env.BASE_URL).href,
  });
  return { url, scopes };
}

/** Teams hides its loading indicator when the first people (or a board-level message) are on screen. */
function notifyWhenFirstDataShows(remote: RemoteBoard, teams: TeamsHost): void {
  const unsubscribe = remote.subscribe(() => {
    const { presenceCount, phase } = remote.getSnapshot().summary;
    if (presenceCount === 0 && phase === 'loading') return;
    unsubscribe();
    teams.notifySuccess();
  });
}
