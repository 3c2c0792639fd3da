/** Status codes worth another attempt: throttled, bad gateway, service unavailable, gateway timeout. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504;
}

/**
 * Reads `Retry-After` as seconds or an HTTP date; null when absent or unreadable
 * (a browser cannot read it unless the server exposes it to CORS).
 */
export function parseRetryAfterMs(header: string | null, nowMs: number): number | null {
  if (header === null) return null;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - nowMs);
}

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

/**
 * Exponential backoff with jitter for attempt 1, 2, 3…: half the exponential step plus a
 * random half, so that many viewers throttled together do not come back together.
 */
export function backoffDelayMs(attempt: number, random: number, { baseMs, maxMs }: BackoffOptions): number {
  const step = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + (step / 2) * random);
}
