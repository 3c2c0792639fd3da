import { StrictMode, type ReactNode } from 'react';
import type { Root } from 'react-dom/client';
import { tokenSourceFor } from '../auth/chooseTokenSource';
import { adminConsentUrl } from '../auth/signInWindow';
import { grantedScopes } from '../auth/tokenIdentity';
import { GRAPH_SCOPES, TEAM_MEMBERS_SCOPE } from '../auth/tokenSource';
import { boardCacheKey } from '../board/boardCache';
import { BoardStore } from '../board/boardStore';
import { PhotoStore } from '../board/photoStore';
import { indexedDbBoardCache } from '../board/indexedDbBoardCache';
import { documentVisibility, RefreshSchedule } from '../board/refreshSchedule';
import { createGraphClient } from '../graph/client';
import { userFieldsFor, type UserFields } from '../graph/users';
import { BUILD_SETTINGS } from '../host/buildSettings';
import { isGuid } from '../host/guid';
import { chooseDataSource } from '../auth/dataSource';
import { fetchRuntimeConfig, RUNTIME_CONFIG_FILE, withBuildSettings, type RuntimeConfig } from '../host/runtimeConfig';
import { browserActionDeps, createPersonActions } from '../board/personActions';
import { browserStorage, PreferenceStore } from '../board/preferences';
import { connectToHost, type TeamsHost } from '../host/teamsHost';
import { fluentThemeForTeams } from '../host/teamsTheme';
import type { Theme } from '@fluentui/react-components';
import { contentUrlFor, defaultSearchFromUrl, directoryFromUrl, savedTabChoice } from '../board/tabChoice';
import { AppShell } from '../ui/AppShell';
import { TabConfigPage } from '../ui/TabConfigPage';
import { Board } from '../ui/Board/Board';
import { StartupMessage } from '../ui/StartupMessage';
import { stringsFor, type Strings } from '../ui/strings';

/** The emulated tenant is built in everywhere but the production build (`npm run build`). */
const DEMO_BUILT = import.meta.env.MODE !== 'production';

/**
 * Start-up: connects to the Microsoft 365 host (saying "Connecting…" after a second), reads the
 * runtime configuration, chooses where the token and the data come from, and renders into `root`
 * the tab's configuration page, a start-up message, or the board. Resolves once started; whatever
 * goes wrong ends in a message on the page and a word to the host, never a blank tab.
 */
export function createApp(root: Root): Promise<void> {
  /** In Teams, the host's theme, followed live; elsewhere null (the browser's preference). */
  let hostTheme: Theme | null = null;
  /** The reader's language: Teams' locale, else the browser's. */
  let strings: Strings = stringsFor(navigator.language);
  let shown: ReactNode = null;
  /** Tells the Microsoft 365 host (once teams-js has initialised) why the tab cannot start. */
  let notifyHostFailure: ((message: string) => void) | null = null;
  const render = (node: ReactNode) => {
    shown = node;
    root.render(
      <StrictMode>
        <AppShell hostTheme={hostTheme} strings={strings}>
          {node}
        </AppShell>
      </StrictMode>,
    );
  };

  function followTeamsTheme(teams: TeamsHost): void {
    hostTheme = fluentThemeForTeams(teams.context.app.theme);
    teams.onThemeChange((theme) => {
      hostTheme = fluentThemeForTeams(theme);
      render(shown);
    });
  }

  async function start(): Promise<void> {
    // A slow host can take seconds to answer: say what is happening rather than show a blank page.
    const connecting = setTimeout(() => render(<StartupMessage intent="info" title={strings.startup.connecting} body="" busy />), 1000);
    const [connection, config] = await Promise.all([
      connectToHost(),
      fetchRuntimeConfig(`${import.meta.env.BASE_URL}${RUNTIME_CONFIG_FILE}`)
        .then((runtime) => withBuildSettings(runtime, BUILD_SETTINGS))
        .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
    ]).finally(() => clearTimeout(connecting));
    const teams = connection.kind === 'host' ? connection.host : null;
    notifyHostFailure = teams
      ? (message) => teams.notifyFailure(message)
      : connection.kind === 'unanswered'
        ? (connection.notifyFailure ?? null)
        : null;
    if (teams) followTeamsTheme(teams);
    const locale = teams?.context.app.locale || navigator.language;
    strings = stringsFor(locale);
    if (config instanceof Error) {
      fail(strings.startup.configInvalid, config.message);
      return;
    }

    if (teams?.context.page.frameContext === 'settings') {
      await showTabConfiguration(teams);
      return;
    }

    const source = chooseDataSource(config, {
      demoBuilt: DEMO_BUILT,
      nestedAppAuth: teams?.nestedAppAuth ?? false,
      where: connection.kind === 'host' ? 'host' : connection.kind === 'none' ? 'browser' : 'unanswered',
    });
    // A host that answered and then failed, or one that never answered where sign-in is configured: it cannot go on.
    if (source.token.kind === 'host-unanswered' || (connection.kind === 'unanswered' && connection.notifyFailure)) {
      const [title, body] = strings.startup.hostUnanswered;
      if (connection.kind === 'unanswered') console.warn(`Who's Online: ${connection.reason}`);
      fail(title, body);
      return;
    }
    if (source.token.kind === 'none') {
      render(<StartupMessage intent="info" title={strings.startup.notConnected[0]} body={strings.startup.notConnected[1]} />);
      teams?.notifySuccess();
      return;
    }

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
    if (signedIn === null) {
      render(<StartupMessage intent="info" title={strings.startup.signingIn[0]} body={strings.startup.signingIn[1]} />);
      return;
    }
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
    render(
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
      />,
    );
    await store.start();
    new RefreshSchedule({ board: store, client, visibility: documentVisibility(), minimumMs: config.refreshSeconds * 1000 }).start();
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

  /** A channel tab's configuration page: opens with the saved choice; the choice is saved into the tab's content URL. */
  async function showTabConfiguration(teams: TeamsHost): Promise<void> {
    const groupId = teams.context.team?.groupId;
    const saved = await teams.savedContentUrl();
    render(
      <TabConfigPage
        teamAvailable={Boolean(groupId)}
        initial={savedTabChoice(saved, location.href)}
        onValid={() => teams.setConfigValid(true)}
        onSave={(current) =>
          teams.onConfigSave(() => ({
            contentUrl: contentUrlFor(current().choice, location.href, groupId, current().defaultSearch),
            suggestedDisplayName: "Who's Online",
          }))
        }
      />,
    );
    teams.notifySuccess();
  }

  /** Start-up cannot go on: say why on the page, and tell the host (which shows its own failure page where it has one). */
  function fail(title: string, body: string): void {
    render(<StartupMessage intent="error" title={title} body={body} />);
    notifyHostFailure?.(`${title}. ${body}`);
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

  // Whatever goes wrong at start-up ends in a message on the page and a word to the host, never a blank tab or an endless spinner.
  return start().catch((error: unknown) => {
    const [title, body] = strings.startup.failed;
    fail(title, body(error instanceof Error ? error.message : String(error)));
  });
}
