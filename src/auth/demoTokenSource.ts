import { builtCloud } from '../host/buildSettings';
import { InteractionRequiredError } from './errors';
import type { TokenSource } from './tokenSource';

/** Where the demo keeps what its person consented to (like Entra keeps a user's consent). */
export interface ConsentStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const DEMO_CONSENT_KEY = 'whos-online:demo-consent';

const base64Url = (text: string) => btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/**
 * An unsigned JWT-shaped token whose `scp` claim lists `scopes` (the emulated Graph reads it; nothing
 * verifies it), for the built cloud's Graph as Entra's token would be (its audience from the table of clouds).
 */
export function demoToken(scopes: readonly string[]): string {
  const claims = { scp: [...scopes].join(' '), aud: builtCloud().graphOrigin };
  return `${base64Url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${base64Url(JSON.stringify(claims))}.demo`;
}

/**
 * The emulated tenant's sign-in, consenting as a real tenant's user does: the board's start-up
 * scopes are granted; any other (Calendars.ReadBasic for "Show calendars") is granted only from a
 * click (an interactive request), once, and remembered. Until then a silent request for it fails
 * as MSAL's does (interaction required), and the token's `scp` lacks it, so the emulated Graph
 * answers 403 as Graph does.
 */
export function demoTokenSource(startScopes: readonly string[], storage: ConsentStorage | null): TokenSource {
  const read = (): string[] => {
    try {
      const kept: unknown = JSON.parse(storage?.getItem(DEMO_CONSENT_KEY) ?? '[]');
      return Array.isArray(kept) ? kept.filter((s): s is string => typeof s === 'string') : [];
    } catch {
      return [];
    }
  };
  let consented = new Set([...startScopes, ...read()]);
  return {
    getToken(scopes, { interactive }) {
      const missing = scopes.filter((scope) => !consented.has(scope));
      if (missing.length > 0) {
        if (!interactive) return Promise.reject(new InteractionRequiredError(`Consent needed for ${missing.join(', ')}.`));
        consented = new Set([...consented, ...missing]);
        try {
          storage?.setItem(DEMO_CONSENT_KEY, JSON.stringify([...consented].filter((s) => !startScopes.includes(s))));
        } catch {
          // Storage refused (private mode): the consent lasts the visit.
        }
      }
      return Promise.resolve(demoToken([...consented]));
    },
  };
}
