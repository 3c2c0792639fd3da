import { describe, expect, it } from 'vitest';
import { AVAILABILITIES, classifyPresence } from '@/presence/classify';

describe('classifyPresence', () => {
  it.each([
    ['Available', 'Available', 'available', 'Available', true],
    ['AvailableIdle', 'Available', 'away', 'Available, idle', true],
    ['Away', 'Away', 'away', 'Away', true],
    ['BeRightBack', 'BeRightBack', 'away', 'Be right back', true],
    ['Busy', 'Busy', 'busy', 'Busy', true],
    ['Busy', 'InACall', 'busy', 'In a call', true],
    ['Busy', 'InAConferenceCall', 'busy', 'In a conference call', true],
    ['Busy', 'InAMeeting', 'busy', 'In a meeting', true],
    ['BusyIdle', 'Busy', 'busy', 'Busy, idle', true],
    ['DoNotDisturb', 'Presenting', 'do-not-disturb', 'Presenting', true],
    ['DoNotDisturb', 'Focusing', 'do-not-disturb', 'Focusing', true],
    ['DoNotDisturb', 'UrgentInterruptionsOnly', 'do-not-disturb', 'Urgent interruptions only', true],
    ['DoNotDisturb', 'DoNotDisturb', 'do-not-disturb', 'Do not disturb', true],
    ['Offline', 'Offline', 'offline', 'Offline', false],
    ['Offline', 'OffWork', 'offline', 'Off work', false],
    ['PresenceUnknown', 'PresenceUnknown', 'unknown', 'Status unknown', false],
  ] as const)('%s / %s → %s badge, "%s"', (availability, activity, badge, label, online) => {
    const view = classifyPresence(availability, activity);
    expect(view).toEqual({ badge, label, labelKey: label, online, outOfOffice: false });
  });

  it('covers every documented availability with a non-empty label', () => {
    for (const availability of AVAILABILITIES) {
      const view = classifyPresence(availability, null);
      expect(view.label.length).toBeGreaterThan(0);
      expect(view.online).toBe(availability !== 'Offline' && availability !== 'PresenceUnknown');
    }
  });

  it('compares availability and activity case-insensitively', () => {
    expect(classifyPresence('bUSY', 'inameeting')).toEqual(classifyPresence('Busy', 'InAMeeting'));
    expect(classifyPresence('OFFLINE', 'offline').online).toBe(false);
    expect(classifyPresence(' available ', 'AVAILABLE').badge).toBe('available');
  });

  it('treats unknown, empty and missing availability as unknown, not online', () => {
    for (const value of ['Sleeping', '', null, undefined, 'Offline2']) {
      const view = classifyPresence(value, 'Available');
      expect(view).toMatchObject({ badge: 'unknown', online: false, label: 'Status unknown' });
    }
  });

  it('marks out of office from the settings flag or the OutOfOffice activity, and says so in the label', () => {
    expect(classifyPresence('Offline', 'OutOfOffice')).toEqual({
      badge: 'offline',
      outOfOffice: true,
      label: 'Out of office',
      labelKey: 'Out of office',
      online: false,
    });
    const busyAway = classifyPresence('Busy', 'InAMeeting', true);
    expect(busyAway).toEqual({
      badge: 'busy',
      outOfOffice: true,
      label: 'In a meeting, out of office',
      labelKey: 'In a meeting',
      online: true,
    });
  });
});
