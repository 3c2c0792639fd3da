/**
 * What went wrong, in terms a UI can act on:
 * - `auth`: the token was refused (401): sign in again.
 * - `forbidden`: the token lacks a permission (403): an admin must grant consent.
 * - `throttled`: Graph kept answering 429 after every retry.
 * - `unavailable`: Graph kept answering 502/503/504 after every retry.
 * - `network`: no answer at all (offline, DNS, CORS, connection dropped).
 * - `bad-request`: Graph refused the request (4xx other than the above).
 * - `bad-response`: an answer that is not what Graph documents (not JSON, wrong shape, 5xx).
 * - `untrusted-url`: a URL that is not on the configured Graph host; the token was not sent.
 * - `redirect`: the server answered with a redirect (3xx). Graph never redirects these calls, so
 *   it is not followed: nothing (no token, no ids) goes to where it pointed.
 * - `cut-short`: the directory listing was stopped at its page limit though Graph named more
 *   pages; the people listed so far are used. A notice more than a failure.
 */
export type GraphErrorKind =
  | 'auth'
  | 'forbidden'
  | 'throttled'
  | 'unavailable'
  | 'network'
  | 'bad-request'
  | 'bad-response'
  | 'untrusted-url'
  | 'redirect'
  | 'cut-short';

/**
 * What a failure's message is made of, so a page can say it in its reader's language (the
 * `message` is English, for logs and terminals).
 */
export type GraphErrorFacts =
  | { about: 'untrusted-url'; origin: string; graphOrigin: string }
  | { about: 'redirect'; to: string | null; status: number | undefined }
  | { about: 'cut-short'; pages: number; people: number; totalCount: number | null }
  /** An HTTP status Graph answered with, and what Graph's error body said (its own words). */
  | { about: 'status'; status: number; graphSaid: string | null }
  | { about: 'not-json' }
  | { about: 'no-list'; of: 'users' | 'batch' | 'presences' }
  | { about: 'not-object-id'; id: string };

export interface GraphErrorDetails {
  /** What the message says, as data. */
  facts?: GraphErrorFacts;
  status?: number;
  /** Graph's `error.code`, when the body had one. */
  code?: string;
  /** How many attempts were made before giving up. */
  attempts?: number;
  cause?: unknown;
}

export class GraphError extends Error {
  override readonly name = 'GraphError';
  readonly kind: GraphErrorKind;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly attempts: number | undefined;
  readonly facts: GraphErrorFacts | undefined;

  constructor(kind: GraphErrorKind, message: string, details: GraphErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.status = details.status;
    this.code = details.code;
    this.attempts = details.attempts;
    this.facts = details.facts;
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
