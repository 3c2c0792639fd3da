import { authErrorText } from './authErrorText';
import { cloudFor } from './cloud';

/**
 * Why a sign-in window (the consent popup) did not bring a token back, in the terms a person can
 * act on. Read from what msal-browser throws (`errorCode`, and Entra's AADSTS code in the
 * message), from what teams-js's `authentication.authenticate` rejects with, and from the message
 * our auth page hands back with `notifyFailure`.
 */
export type SignInWindowFailure =
  /** The person closed the window (or pressed Cancel on Entra's page). */
  | 'cancelled'
  /** The browser or host did not let the window open. */
  | 'blocked'
  /** The tenant lets only an admin consent to this app (user consent is off, or the permissions need an admin). */
  | 'admin-approval'
  | 'other';

export class SignInWindowError extends Error {
  override readonly name = 'SignInWindowError';
  constructor(
    readonly failure: SignInWindowFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Entra's codes for "an admin must approve": AADSTS90094 (admin approval required), AADSTS90095
 * (the same, with an admin consent workflow), AADSTS65001 (not consented, after the person was
 * asked: they could not consent), AADSTS65005 / AADSTS650052 (the app needs access the
 * organisation has not granted, or a permission only an admin may grant).
 */
const ADMIN_APPROVAL = /\bAADSTS(90094|90095|65001|65005|650052)\b|admin[_ ]?(approval|consent)[_ ]required|consent_required/i;
/** msal-browser's `user_cancelled`, teams-js's `CancelledByUser`, Entra's AADSTS65004 (declined). */
const CANCELLED = /\buser_cancell?ed\b|CancelledByUser|\bAADSTS65004\b|access_denied/i;
/** msal-browser's popup errors, teams-js's `FailedToOpenWindow`. */
const BLOCKED = /\b(popup_window_error|empty_window_error|popup_window_open_error)\b|FailedToOpenWindow/i;

/** What kind of failure `error` is; the admin case is checked first (Entra's "Need admin approval" ends in access_denied too). */
export function signInWindowFailureOf(error: unknown): SignInWindowFailure {
  const text = authErrorText(error);
  if (ADMIN_APPROVAL.test(text)) return 'admin-approval';
  if (BLOCKED.test(text)) return 'blocked';
  if (CANCELLED.test(text)) return 'cancelled';
  return 'other';
}

/** `error` from a sign-in window, as a SignInWindowError that says which kind it is. */
export function asSignInWindowError(error: unknown): SignInWindowError {
  if (error instanceof SignInWindowError) return error;
  return new SignInWindowError(signInWindowFailureOf(error), error instanceof Error ? error.message : String(error), { cause: error });
}

/**
 * The link an admin opens to grant this app's delegated permissions for the whole organisation
 * (Microsoft identity platform v2.0 admin consent endpoint). `redirectUri` must be one of the
 * app's registered redirect URIs; Entra sends the admin back there afterwards.
 */
export function adminConsentUrl({
  tenantId,
  clientId,
  scopes,
  graphBaseUrl,
  redirectUri,
}: {
  tenantId: string;
  clientId: string;
  scopes: readonly string[];
  /** The Graph the tab talks to: it decides the cloud (sign-in host and resource). */
  graphBaseUrl: string;
  redirectUri: string;
}): string {
  const { loginOrigin, graphResource } = cloudFor(graphBaseUrl);
  const url = new URL(`${loginOrigin}/${encodeURIComponent(tenantId)}/v2.0/adminconsent`);
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('scope', scopes.map((scope) => `${graphResource}/${scope}`).join(' '));
  url.searchParams.set('redirect_uri', redirectUri);
  return url.href;
}
