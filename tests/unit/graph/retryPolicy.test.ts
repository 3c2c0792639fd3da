import { describe, expect, it } from 'vitest';
import { backoffDelayMs, isRetryableStatus, parseRetryAfterMs } from '@/graph/retryPolicy';

describe('retry policy', () => {
  it('retries 429, 502, 503 and 504 only', () => {
    expect([400, 401, 403, 404, 429, 500, 502, 503, 504].filter(isRetryableStatus)).toEqual([429, 502, 503, 504]);
  });

  it('reads Retry-After as seconds or as an HTTP date, and null when absent or unreadable', () => {
    const now = Date.parse('2026-11-26T10:00:00Z');
    expect(parseRetryAfterMs('12', now)).toBe(12_000);
    expect(parseRetryAfterMs('Thu, 26 Nov 2026 10:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfterMs('Thu, 26 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfterMs(null, now)).toBeNull();
    expect(parseRetryAfterMs('soon', now)).toBeNull();
  });

  it('doubles the backoff per attempt up to the cap, jittered within the upper half', () => {
    const opts = { baseMs: 500, maxMs: 4000 };
    expect([1, 2, 3, 4, 5].map((a) => backoffDelayMs(a, 1, opts))).toEqual([500, 1000, 2000, 4000, 4000]);
    expect([1, 2, 3].map((a) => backoffDelayMs(a, 0, opts))).toEqual([250, 500, 1000]);
  });
});
