import { BoardStore } from '../board/boardStore';
import { indexedDbBoardCache } from '../board/indexedDbBoardCache';
import { PhotoStore } from '../board/photoStore';
import { ScheduleStore } from '../board/scheduleStore';
import { CALENDAR_SCOPE, PEOPLE_SCOPE } from '../auth/tokenSource';
import { RelevantPeopleStore } from '../board/relevantPeopleStore';
import { RefreshSchedule, type PageVisibility } from '../board/refreshSchedule';
import { BoardSession } from '../board/remote/boardSession';
import { toTransferred } from '../board/remote/errorTransfer';
import type { BoardWorkerSettings, ToWorker, WorkerPort } from '../board/remote/protocol';
import { tokensFromPage } from '../board/remote/tokenBridge';
import { grantedScopes } from '../auth/tokenIdentity';
import { createGraphClient } from '../graph/client';
import { builtCloud } from '../host/buildSettings';
import { userFieldsFor, type UserFields } from '../graph/users';

/** Visibility as the page reports it (a worker has no document). */
function reportedVisibility(): PageVisibility & { set(visible: boolean): void } {
  let visible = true;
  const listeners = new Set<() => void>();
  return {
    isVisible: () => visible,
    subscribe: (onChange) => {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    set: (next) => {
      if (next === visible) return;
      visible = next;
      for (const listener of listeners) listener();
    },
  };
}

/** Builds the board from the page's settings (tokens are asked for over `raw`, the rest over `port`) (the emulated tenant too, in demo builds) and serves it over `port`. */
export async function startBoard(port: WorkerPort, raw: WorkerPort, settings: BoardWorkerSettings): Promise<BoardSession> {
  let graphFetch: typeof fetch | undefined;
  // Written out here (not imported) so the production build drops the emulated tenant from the worker.
  if (import.meta.env.MODE !== 'production' && settings.emulate) {
    const { startDemoInPage } = await import('../emulator/browser');
    graphFetch = (await startDemoInPage(settings.graphBaseUrl, settings.emulate)).fetch;
  }
  const tokenSource = tokensFromPage(raw);
  const client = createGraphClient({
    baseUrl: settings.graphBaseUrl,
    tokenSource,
    scopes: settings.scopes,
    ...(graphFetch ? { fetch: graphFetch } : {}),
  });
  // Where the cloud's Graph offers no presence (China), none is asked for: everyone is listed, status unknown.
  const presence = builtCloud().offers.presence === 'yes';
  const store = new BoardStore({
    client,
    presence,
    directory: settings.directory,
    // Issue 21: a large directory in parallel partitions, every call in $batch requests (one preflight).
    // A build with VITE_BOARD_LISTING=sequential reads it page by page instead (bench:ui's "before").
    listing: import.meta.env.VITE_BOARD_LISTING === 'sequential' ? 'sequential' : 'partitioned',
    // The token (which the first Graph call needs anyway) says whether User.Read.All was granted:
    // if not, the directory is read with the basic fields at once instead of after Graph's 403.
    userFields: tokenSource.getToken(settings.scopes, { interactive: false }).then(
      (token) => userFieldsFor(grantedScopes(token)),
      (): UserFields => 'profile',
    ),
    cache: indexedDbBoardCache(),
    cacheKey: settings.cacheKey,
  });
  const visibility = reportedVisibility();
  const schedule = new RefreshSchedule({ board: store, client, visibility, minimumMs: settings.refreshMinimumMs });
  return new BoardSession({
    store,
    port,
    photos: new PhotoStore({ client }),
    // Calendars ask for their own scope, and only once "Show calendars" is on: the start-up scopes stay as they are.
    schedules: new ScheduleStore({
      client: createGraphClient({
        baseUrl: settings.graphBaseUrl,
        tokenSource,
        scopes: [CALENDAR_SCOPE],
        ...(graphFetch ? { fetch: graphFetch } : {}),
      }),
    }),
    // My people asks for People.Read with its own client, only once it is shown (see RelevantPeopleStore);
    // presence and the org chart go with the board's own scopes.
    relevant: new RelevantPeopleStore({
      client,
      presence,
      peopleClient: createGraphClient({
        baseUrl: settings.graphBaseUrl,
        tokenSource,
        scopes: [PEOPLE_SCOPE],
        ...(graphFetch ? { fetch: graphFetch } : {}),
      }),
      // A team's channel tab lists the team: a viewer who never chose sees it, not My people.
      autoMine: settings.directory.kind === 'organisation',
    }),
    schedule,
    setVisible: visibility.set,
    locale: settings.locale,
    // A 50,000-person load changes the store ~150 times in 2 s; each rebuild goes over everyone.
    loadingRebuildEveryMs: 150,
  });
}

/**
 * Waits for the page's settings, then serves the board; a failure to start is told to the page.
 * What the page sends meanwhile (its first search, "start") is kept and handed to the board in order.
 */
export function serveBoard(port: WorkerPort): void {
  const waiting: ToWorker[] = [];
  const handlers = new Set<(message: ToWorker) => void>();
  let ready = false;
  port.listen((message) => {
    if (message.type === 'init') {
      startBoard({ post: port.post, listen: listenAfterStart }, port, message.settings).catch((error: unknown) =>
        port.post({ type: 'failed', error: toTransferred(error) }),
      );
    } else if (ready) for (const handler of handlers) handler(message);
    else waiting.push(message);
  });
  function listenAfterStart(handler: (message: ToWorker) => void): () => void {
    handlers.add(handler);
    if (!ready) {
      ready = true;
      for (const message of waiting.splice(0)) handler(message);
    }
    return () => handlers.delete(handler);
  }
}
