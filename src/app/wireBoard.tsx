import type { ReactElement } from 'react';
import type { DataSource } from '../auth/dataSource';
import { tokenSourceFor } from '../auth/chooseTokenSource';
import { adminConsentUrl } from '../auth/signInWindow';
import { grantedScopes } from '../auth/tokenIdentity';
import { GRAPH_SCOPES, TEAM_MEMBERS_SCOPE } from '../auth/tokenSource';
import { boardCacheKey } from '../board/boardCache';
import { BoardStore } from '../board/boardStore';
import { indexedDbBoardCache } from '../board/indexedDbBoardCache';
import { browserActionDeps, createPersonActions } from '../board/personActions';
import { PhotoStore } from '../board/photoStore';
import { browserStorage, PreferenceStore } from '../board/preferences';
import { documentVisibility, RefreshSchedule } from '../board/refreshSchedule';
import { RelayConnection } from '../board/relayConnection';
import { relayWithFallback } from '../board/relayFallback';
import { relayTokenGetter } from '../board/relayToken';
import { defaultSearchFromUrl, directoryFromUrl } from '../board/tabChoice';
import { createGraphClient } from '../graph/client';
import { userFieldsFor, type UserFields } from '../graph/users';
import { isGuid } from '../host/guid';
import { relayScopeFor, type RuntimeConfig } from '../host/runtimeConfig';
import type { TeamsHost } from '../host/teamsHost';
import { Board } from '../ui/Board/Board';

/** The emulated tenant is built in everywhere but the production build (`npm run build`). */
export const DEMO_BUILT = import.meta.env.MODE !== 'production';

/** The board, wired: what to render, and what starts loading and refreshing once it is on screen. */
export interface WiredBoard {
  board: ReactElement;
  start: () => Promise<void>;
}

/**
 * Everything the board needs, from where its data comes from: the emulated tenant in demo mode,
 * the sign-in, the Graph client, the store with its cache, preferences, photos and actions.
 * Null while a sign-in redirect is under way (the page is leaving).
 */
export async function wireBoard(
  source: DataSource,
  config: RuntimeConfig,
  teams: TeamsHost | null,
  locale: string,
): Promise<WiredBoard | null> {
  let graphFetch: typeof fetch | undefined;
  if (DEMO_BUILT && source.emulate) {
    const { startDemoInPage } = await import('../emulator/browser');
    const demo = await startDemoInPage(source.graphBaseUrl, {
      users: source.emulate.users,
      latencyMs: source.emulate.latencyMs,
      driftEveryMs: source.emulate.driftEveryMs,
    });
    graphFetch = demo.fetch;
  }

  // A channel tab set to "this team's members" lists the group, which needs one more permission.
  const directory = directoryFromUrl(location.search);
  const scopes = directory.kind === 'group' ? [...GRAPH_SCOPES, TEAM_MEMBERS_SCOPE] : GRAPH_SCOPES;
  const cache = indexedDbBoardCache();
  const signedIn = await tokenSourceFor(source.token, teams, scopes, () => cache.clear());
  if (signedIn === null) return null;
  const { tokenSource, identity, account } = signedIn;
  const graphBaseUrl = source.graphBaseUrl;
  const client = createGraphClient({ baseUrl: graphBaseUrl, tokenSource, scopes, ...(graphFetch ? { fetch: graphFetch } : {}) });
  // The token (which the first Graph call needs anyway) says whether User.Read.All was granted:
  // if not, the directory is read with the basic fields at once instead of after Graph's 403.
  const userFields = tokenSource.getToken(scopes, { interactive: false }).then(
    (token) => userFieldsFor(grantedScopes(token)),
    (): UserFields => 'profile',
  );
  // The kept board is keyed by whose it is; a sign-in that names no one is not cached.
  const store = new BoardStore({
    client,
    directory,
    userFields,
    cache,
    cacheKey: identity
      ? boardCacheKey({
          identity,
          graphBaseUrl,
          groupId: directory.kind === 'group' ? directory.groupId : null,
          emulatedUsers: source.emulate?.users ?? null,
        })
      : null,
  });
  if (teams) notifyWhenFirstDataShows(store, teams);
  // Choices and favourites are kept per person and tenant (nothing from the directory is kept there).
  const preferences = new PreferenceStore(identity ? `${identity.tenantId}/${identity.userId}` : 'anonymous', browserStorage());
  const photos = new PhotoStore({ client });
  const actions = createPersonActions(browserActionDeps(teams));
  // Consent can only be asked for from a click: the board's "Grant access" button.
  const grantAccess = async () => {
    await tokenSource.getToken(scopes, { interactive: true });
    await store.load();
  };
  const board = (
    <Board
      store={store}
      demo={source.emulate !== null}
      locale={locale}
      onGrantAccess={grantAccess}
      adminConsent={adminConsentFor(config, teams, scopes, graphBaseUrl)}
      account={account}
      initialQuery={defaultSearchFromUrl(location.search)}
      preferences={preferences}
      photos={photos}
      actions={actions}
      virtual={!(source.emulate && new URLSearchParams(location.search).has('plainList'))}
    />
  );
  return {
    board,
    start: async () => {
      await store.start();
      const schedule = new RefreshSchedule({
        board: store,
        client,
        visibility: documentVisibility(),
        minimumMs: config.refreshSeconds * 1000,
      });
      // With a presence relay, its stream replaces the polling while it is live (README: "Tenant scale").
      const relayUrl = config.relayUrl;
      const relayToken = relayUrl
        ? relayTokenGetter({
            relayUrl,
            demo: source.emulate !== null,
            relayScope: relayScopeFor(config),
            scopedTokens: source.token.kind === 'nested-app-auth' || source.token.kind === 'browser-redirect',
            tokenSource,
            graphScopes: scopes,
          })
        : null;
      if (!relayUrl || !relayToken) {
        schedule.start();
        return;
      }
      relayWithFallback({
        board: store,
        schedule,
        connect: ({ onEvent, onState }) => new RelayConnection({ relayUrl, relayToken, onEvent, onState, log: console }),
      });
    },
  };
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
function notifyWhenFirstDataShows(store: BoardStore, teams: TeamsHost): void {
  const unsubscribe = store.subscribe(() => {
    const { presence, phase } = store.getSnapshot();
    if (presence.size === 0 && phase === 'loading') return;
    unsubscribe();
    teams.notifySuccess();
  });
}
