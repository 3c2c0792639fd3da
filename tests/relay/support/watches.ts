import { staticTokenSource } from '../../../src/auth/staticTokenSource';
import type { EmulatorServer } from '../../../src/emulator/nodeServer';
import { CLOUDS } from '../../../src/host/clouds';
import { createActivitySender } from '../../../relay/activityFeed';
import type { WatchOptions } from '../../../relay/server';
import { APP_TOKEN } from './relays';

/** The Teams app id the tests' links carry. */
export const TEAMS_APP = '0f9e8d7c-1111-4222-8333-444455556666';

/** Watches for a test relay: notifications to the emulator with the tests' app token, no grace, fast claims. */
export function watchOptions(emulator: EmulatorServer, overrides: Partial<WatchOptions> & { fetch?: typeof fetch } = {}): WatchOptions {
  const { fetch: fetchImpl, ...rest } = overrides;
  return {
    senderFor: () =>
      createActivitySender({
        baseUrl: emulator.baseUrl,
        tokenSource: staticTokenSource(APP_TOKEN),
        scopes: ['x/.default'],
        ...(fetchImpl ? { fetch: fetchImpl } : {}),
        timeoutMs: 2_000,
      }),
    teamsWebOrigin: CLOUDS.public.teamsWebOrigin,
    teamsAppId: TEAMS_APP,
    graceMs: 0,
    ratePerSecond: 5,
    claimLeaseMs: 4_000,
    ...rest,
  };
}

export interface ApiAnswer {
  status: number;
  body: Record<string, unknown> | null;
  headers: Headers;
}

/** One call of the watch API with a bearer token (null: none). */
export async function watchApi(
  relay: { url: string },
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  token: string | null,
  body?: unknown,
): Promise<ApiAnswer> {
  const answer = await fetch(`${relay.url}${path}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await answer.text();
  return { status: answer.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null, headers: answer.headers };
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 15_000, what = 'a condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
