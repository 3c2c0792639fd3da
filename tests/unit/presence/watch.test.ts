import { describe, expect, it } from 'vitest';
import { countsAsAvailable, firesOn, isExpired, newWatch, stepWatch, WATCH_LIFETIME_MS } from '@/presence/watch';

const OTHERS = ['Offline', 'PresenceUnknown', 'Busy', 'BusyIdle', 'Away', 'BeRightBack', 'DoNotDisturb', 'AvailableIdle', null];

describe('watch rules', () => {
  it('fire when availability turns Available from anything else, Offline, unknown and idle included', () => {
    for (const previous of OTHERS) expect(firesOn(previous, 'Available'), String(previous)).toBe(true);
  });

  it('do not fire for Available to Available, nor for a change into anything but Available', () => {
    expect(firesOn('Available', 'Available')).toBe(false);
    expect(firesOn('available', 'AVAILABLE')).toBe(false);
    for (const next of OTHERS) expect(firesOn('Busy', next), String(next)).toBe(false);
  });

  it('do not count AvailableIdle as available (signed in, not at the keyboard)', () => {
    expect(countsAsAvailable('AvailableIdle')).toBe(false);
    expect(firesOn('Busy', 'AvailableIdle')).toBe(false);
    expect(firesOn('AvailableIdle', 'Available')).toBe(true);
  });

  it('end a watch 8 hours after it was made, judged by the clock given', () => {
    const made = Date.UTC(2026, 11, 2, 9, 0);
    const watch = newWatch('ABC-1', made, 'Busy');
    expect(watch).toEqual({ personId: 'abc-1', createdAt: made, expiresAt: made + 8 * 3600_000, lastSeen: 'Busy', relayId: null });
    expect(WATCH_LIFETIME_MS).toBe(8 * 3600_000);
    expect(isExpired(watch, made + WATCH_LIFETIME_MS - 1)).toBe(false);
    expect(isExpired(watch, made + WATCH_LIFETIME_MS)).toBe(true);
    // Expired first: a person turning Available after the watch ran out does not fire it.
    expect(stepWatch(watch, 'Available', made + WATCH_LIFETIME_MS)).toEqual({ kind: 'expired' });
  });

  it('step a watch: fires into Available, remembers other changes, and learns nothing from a missing reading', () => {
    const made = 1_000;
    const watch = newWatch('p', made, 'Busy');
    expect(stepWatch(watch, 'Busy', made + 1)).toEqual({ kind: 'unchanged' });
    expect(stepWatch(watch, 'Away', made + 1)).toEqual({ kind: 'seen', lastSeen: 'Away' });
    expect(stepWatch(watch, null, made + 1)).toEqual({ kind: 'unchanged' });
    expect(stepWatch(watch, 'Available', made + 1)).toEqual({ kind: 'fired', availability: 'Available' });
    // Made while they were Available: the next time they turn Available, not now.
    const already = newWatch('q', made, 'Available');
    expect(stepWatch(already, 'Available', made + 1)).toEqual({ kind: 'unchanged' });
    expect(stepWatch(already, 'PresenceUnknown', made + 1)).toEqual({ kind: 'seen', lastSeen: 'PresenceUnknown' });
  });
});
