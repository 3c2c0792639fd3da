import type { TokenSource } from '../src/auth/tokenSource';
import type { GraphClient } from '../src/graph/client';
import { isUnderBaseUrl } from '../src/graph/endpoints';
import { parseRetryAfterMs } from '../src/graph/retryPolicy';
import type { SendOutcome } from './watches';

/**
 * Teams activity feed notifications for fired watches: Graph's
 * `POST /users/{watcher}/teamwork/sendActivityNotification` (userteamwork-sendactivitynotification, v1.0:
 * https://learn.microsoft.com/graph/api/userteamwork-sendactivitynotification) with an app-only token.
 *
 * Requirements Graph documents (https://learn.microsoft.com/graph/teams-send-activityfeednotifications):
 * the token must be the Entra app named in the Teams app manifest's `webApplicationInfo` (the tab's app
 * registration), with the application permission TeamsActivity.Send (or TeamsActivity.Send.User by
 * resource-specific consent); the activity type declared in the manifest's `activities`; the Teams app
 * installed for the recipient.
 */

/** Declared in manifest/manifest.template.json `activities.activityTypes` (tests/unit/manifest checks they agree). */
export const ACTIVITY_TYPE = 'personAvailable';
/** The template's parameter: manifest templateText "{person} is available". */
export const PERSON_PARAMETER = 'person';
/** The static tab's entityId in the manifest: the deep link opens it. */
export const TAB_ENTITY_ID = 'whos-online';
/** What the notification says when the person's name cannot be read (never an id). */
export const SOMEONE = 'Someone you are watching';
/** Teams shows the first 150 characters of the preview (userteamwork-sendactivitynotification). */
const MAX_PREVIEW = 150;
/** Read of an error answer (for its code): no more than this, whatever Graph says it sends. */
const MAX_ERROR_BYTES = 4_096;

/**
 * Teams' deep link to the tab, on the person: https://<teams>/l/entity/<app id>/<entity id>?context=
 * {"subEntityId":"<person id>"} ("Deep link to an app": the tab reads it as `page.subPageId` in teams-js's
 * context). The Teams host is the cloud's (src/host/clouds.ts `teamsWebOrigin`).
 */
export function tabDeepLink(teamsWebOrigin: string, teamsAppId: string, personId: string): string {
  const context = encodeURIComponent(JSON.stringify({ subEntityId: personId }));
  return `${teamsWebOrigin}/l/entity/${encodeURIComponent(teamsAppId)}/${TAB_ENTITY_ID}?context=${context}`;
}

export interface ActivityNotification {
  topic: { source: 'text'; value: string; webUrl: string };
  activityType: string;
  previewText: { content: string };
  templateParameters: Array<{ name: string; value: string }>;
}

/** The notification for a fired watch on `personName` (null: not readable; the text then names no one). */
export function availableNotification(personName: string | null, webUrl: string): ActivityNotification {
  const name = personName?.trim().slice(0, 100) || SOMEONE;
  return {
    topic: { source: 'text', value: "Who's Online", webUrl },
    activityType: ACTIVITY_TYPE,
    previewText: { content: `${name} is available now. Open Who's Online to chat or call.`.slice(0, MAX_PREVIEW) },
    templateParameters: [{ name: PERSON_PARAMETER, value: name }],
  };
}

export interface ActivitySenderOptions {
  /** Graph's base URL (the relay's GRAPH_BASE_URL). */
  baseUrl: string;
  /** App-only tokens of the app in the manifest's webApplicationInfo. */
  tokenSource: TokenSource;
  scopes: readonly string[];
  fetch?: typeof fetch;
  /** One attempt's deadline (default 10 s): shorter than a claim's lease, so a slow answer cannot outlive the claim. */
  timeoutMs?: number;
  now?: () => number;
}

/** Wait before attempt `attempt + 1` after a failure with no Retry-After: 2, 4, 8 … seconds, at most 5 minutes. */
export function retryDelayMs(attempt: number): number {
  return Math.min(300_000, 1_000 * 2 ** Math.min(attempt, 9));
}

async function errorCode(response: Response): Promise<string | null> {
  if (!response.body) return null;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_ERROR_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    return null;
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const text = Buffer.concat(chunks).toString('utf8', 0, Math.min(size, MAX_ERROR_BYTES));
  const code = /"code"\s*:\s*"([A-Za-z0-9_.-]{1,60})"/.exec(text)?.[1];
  return code ?? null;
}

/**
 * Sends one notification, once: a single attempt (Graph's call is not idempotent, so the retries are the
 * notifier's, recorded in the store), its answer classified: 2xx sent; 429 and 5xx, a timeout or a broken
 * connection retried (Retry-After when given); anything else (400, 403, 404, a redirect) dropped. Only an
 * error's code is read, at most 4 KB of it.
 */
export function createActivitySender(options: ActivitySenderOptions) {
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  let refreshToken = false;

  return async function send(
    watcherId: string,
    notification: ActivityNotification,
    attempt: number,
    /** When the caller's claim on the watch runs out (ms): no call starts, and none is waited for, past it. */
    deadline = Number.POSITIVE_INFINITY,
  ): Promise<SendOutcome & { throttledMs?: number }> {
    const retry = (why: string, afterMs = retryDelayMs(attempt)) => ({ kind: 'retry' as const, retryAt: now() + afterMs, why });
    const url = new URL(`${baseUrl}/users/${encodeURIComponent(watcherId)}/teamwork/sendActivityNotification`);
    if (!isUnderBaseUrl(url, baseUrl)) return { kind: 'drop', why: 'the recipient id makes a URL outside Graph' };
    let token: string;
    try {
      token = await options.tokenSource.getToken(options.scopes, { interactive: false, forceRefresh: refreshToken });
      refreshToken = false;
    } catch (error) {
      return retry(`no app token (${error instanceof Error ? error.message : String(error)})`);
    }
    // A token that came late must not start a call that may outlive the claim: another sender may then
    // take the watch and Graph would be asked twice. Leave it for the next attempt instead.
    const callMs = Math.min(timeoutMs, deadline - now());
    if (callMs < 250) return retry('the claim ran out before Graph could be called', 0);
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(callMs),
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(notification),
      });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      return retry(timedOut ? `no answer within ${callMs / 1000} s` : 'Graph could not be reached');
    }
    if (response.status >= 200 && response.status < 300) {
      await response.body?.cancel().catch(() => undefined);
      return { kind: 'sent' };
    }
    const code = await errorCode(response);
    const said = `HTTP ${response.status}${code ? ` ${code}` : ''}`;
    const retryAfter = parseRetryAfterMs(response.headers.get('Retry-After'), now());
    if (response.status === 429) {
      const wait = Math.min(300_000, retryAfter ?? retryDelayMs(attempt));
      return { ...retry(said, wait), throttledMs: wait };
    }
    if (response.status === 401) {
      refreshToken = true;
      return retry(said, 1_000);
    }
    if (response.status >= 500) return retry(said, Math.min(300_000, retryAfter ?? retryDelayMs(attempt)));
    return { kind: 'drop', why: said };
  };
}

export type ActivitySender = ReturnType<typeof createActivitySender>;

/** The person's display name by the relay's directory client (User.Read.All, app-only), or null. Never logged. */
export async function displayNameOf(client: GraphClient, personId: string, timeoutMs = 5_000): Promise<string | null> {
  try {
    const user = await client.request<{ displayName?: unknown }>({
      url: `/users/${encodeURIComponent(personId)}?$select=displayName`,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return typeof user.displayName === 'string' && user.displayName.trim() !== '' ? user.displayName : null;
  } catch {
    return null;
  }
}
