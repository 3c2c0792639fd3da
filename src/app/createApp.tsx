import type { Theme } from '@fluentui/react-components';
import { startTransition, StrictMode, type ReactNode } from 'react';
import type { Root } from 'react-dom/client';
import { chooseDataSource } from '../auth/dataSource';
import { BUILD_SETTINGS } from '../host/buildSettings';
import { fetchRuntimeConfig, RUNTIME_CONFIG_FILE, withBuildSettings } from '../host/runtimeConfig';
import { connectToHost, type TeamsHost } from '../host/teamsHost';
import { AppShell } from '../ui/AppShell/AppShell';
import { StartupMessage } from '../ui/StartupMessage';
import { formatCount, formatTime } from '../ui/format';
import { stringsFor, type Strings } from '../ui/strings';
import { DEMO_BUILT } from './demoBuilt';
import { nextTask } from './startup/nextTask';
import { wireBoard } from './wireBoard';

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
  // In a transition: React draws the whole board (its first render is ~100 ms of components and
  // styles on this machine) in slices of a few milliseconds, never one long task on the page's
  // thread; outside one it would render in a single uninterruptible task (docs/speed.md, "No long
  // task from navigation").
  const render = (node: ReactNode) => {
    shown = node;
    startTransition(() =>
      root.render(
        <StrictMode>
          <AppShell hostTheme={hostTheme} strings={strings}>
            {node}
          </AppShell>
        </StrictMode>,
      ),
    );
  };

  // Teams' themes are built (a few ms each) only in Teams: they are a chunk of their own.
  async function followTeamsTheme(teams: TeamsHost): Promise<void> {
    const { fluentThemeForTeams } = await import('../host/teamsTheme');
    hostTheme = fluentThemeForTeams(teams.context.app.theme);
    teams.onThemeChange((theme) => {
      hostTheme = fluentThemeForTeams(theme);
      render(shown);
    });
  }

  async function start(): Promise<void> {
    // The page's first Intl number format costs one indivisible 20-60 ms on this project's machine
    // (V8 lists the locales ICU has, once per page; its first time format ~5-15 ms): paid now, each
    // in a task of its own while the page waits for the network, not inside a slice of the
    // board's first render (BoardHeader counts people). Any locale: later ones are cheap.
    void nextTask().then(() => formatCount(0, navigator.language));
    void nextTask().then(() => formatTime(new Date(), navigator.language));
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
    if (teams) await followTeamsTheme(teams);
    const locale = teams?.context.app.locale || navigator.language;
    strings = stringsFor(locale);
    if (config instanceof Error) {
      fail(strings.startup.configInvalid, config.message);
      return;
    }

    if (teams?.context.page.frameContext === 'settings') {
      // The configuration page is opened once per channel tab: its code is not in the board's first paint.
      const { showTabConfiguration } = await import('./tabConfiguration');
      await showTabConfiguration(teams, render);
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

    const wired = await wireBoard(source, config, teams, locale);
    if (wired === null) {
      render(<StartupMessage intent="info" title={strings.startup.signingIn[0]} body={strings.startup.signingIn[1]} />);
      return;
    }
    render(wired.board);
    await wired.start();
  }

  /** Start-up cannot go on: say why on the page, and tell the host (which shows its own failure page where it has one). */
  function fail(title: string, body: string): void {
    render(<StartupMessage intent="error" title={title} body={body} />);
    notifyHostFailure?.(`${title}. ${body}`);
  }

  // Whatever goes wrong at start-up ends in a message on the page and a word to the host, never a
  // blank tab or an endless spinner. Started in the next task: evaluating the page's code is one
  // task already (docs/speed.md, "No long task from navigation").
  return nextTask()
    .then(start)
    .catch((error: unknown) => {
      const [title, body] = strings.startup.failed;
      fail(title, body(error instanceof Error ? error.message : String(error)));
    });
}
