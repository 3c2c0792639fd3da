import { authErrorText } from './authErrorText';
import type { TokenRequestOptions, TokenSource } from './tokenSource';

/**
 * msal-browser's codes for a nested app auth bridge that is there but does not work: with no
 * working bridge `createNestablePublicClientApplication` quietly returns a standard client, whose
 * silent call then finds no account; a bridge the host disabled says so.
 */
const BROKEN_BRIDGE = /\b(no_account_error|nested_app_auth_bridge_disabled|bridge_unavailable|bridge_timeout|bridge_handshake_failed)\b/;

/** The error comes from a nested app auth bridge that cannot sign the tab in (not from the person or Entra). */
export function isBrokenBridgeError(error: unknown): boolean {
  return BROKEN_BRIDGE.test(authErrorText(error));
}

/**
 * Nested app authentication first; once its bridge shows it cannot work, the host's sign-in
 * window (the auth page) from then on, so the person gets "Grant access" instead of a generic error.
 */
export function fallingBackTo(primary: TokenSource, fallback: () => TokenSource, brokenPrimary = isBrokenBridgeError): TokenSource {
  let current: TokenSource | null = null;
  return {
    async getToken(scopes: readonly string[], options: TokenRequestOptions): Promise<string> {
      if (current) return current.getToken(scopes, options);
      try {
        return await primary.getToken(scopes, options);
      } catch (error) {
        if (!brokenPrimary(error)) throw error;
        current = fallback();
        return current.getToken(scopes, options);
      }
    },
  };
}

/** `promise`, or a rejection after `ms` (a bridge that never answers must not hold start-up). */
export function withinTime<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${Math.round(ms / 1000)} seconds.`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
