import { describe, expect, it } from 'vitest';
import type { WorkingHours } from '@/presence/schedule';
import { isWithinWorkingHours, nextWorkingStart, workingHoursFromGraph, workingPeriodAt } from '@/presence/workingHours';
import { PACIFIC_CUSTOM, utc, WEEKDAYS } from './support/customZones';

function hours(startTime: string, endTime: string, timeZone: unknown, daysOfWeek: unknown = WEEKDAYS): WorkingHours {
  const read = workingHoursFromGraph({ daysOfWeek, startTime, endTime, timeZone });
  if (!read) throw new Error('working hours not read');
  return read;
}

describe('workingHoursFromGraph', () => {
  it("reads Graph's example: weekdays 08:00–17:00 in a custom zone", () => {
    expect(
      workingHoursFromGraph({
        daysOfWeek: WEEKDAYS,
        startTime: '08:00:00.0000000',
        endTime: '17:00:00.0000000',
        timeZone: PACIFIC_CUSTOM,
      }),
    ).toMatchObject({ days: WEEKDAYS, startMinutes: 480, endMinutes: 1020, zone: { kind: 'custom', bias: 480 } });
  });

  it('compares days case-insensitively, drops unknown ones and keeps week order without repeats', () => {
    const read = workingHoursFromGraph({
      daysOfWeek: ['Friday', 'MONDAY', 'monday', 'funday', 7, null],
      startTime: '09:30:00',
      endTime: '23:59:59.9999999',
      timeZone: { name: 'UTC' },
    });
    expect(read).toEqual({ days: ['monday', 'friday'], startMinutes: 570, endMinutes: 1440, zone: { kind: 'iana', name: 'UTC' } });
  });

  it('keeps the hours with a null zone when the zone cannot be placed', () => {
    const read = workingHoursFromGraph({ daysOfWeek: WEEKDAYS, startTime: '08:00', endTime: '17:00', timeZone: { name: 'Mars/Olympus' } });
    expect(read).toMatchObject({ startMinutes: 480, endMinutes: 1020, zone: null });
    expect(read && isWithinWorkingHours(read, utc('2026-03-30T10:00'))).toBeNull();
    expect(read && nextWorkingStart(read, utc('2026-03-30T10:00'))).toBeNull();
    expect(read && workingPeriodAt(read, utc('2026-03-30T10:00'))).toBeNull();
  });

  it('gives null for hours that say nothing usable', () => {
    const good = { daysOfWeek: WEEKDAYS, startTime: '08:00:00.0000000', endTime: '17:00:00.0000000', timeZone: { name: 'UTC' } };
    const bad: unknown[] = [
      null,
      'weekdays',
      [],
      { ...good, daysOfWeek: 'monday' },
      { ...good, daysOfWeek: [] },
      { ...good, daysOfWeek: ['funday'] },
      { ...good, startTime: '8am' },
      { ...good, startTime: 480 },
      { ...good, endTime: '24:00:00' },
      { ...good, endTime: '17:60:00' },
      { ...good, endTime: null },
      { ...good, endTime: '08:00:00.0000000' },
    ];
    for (const value of bad) expect(workingHoursFromGraph(value), JSON.stringify(value)).toBeNull();
  });
});

describe('working hours across daylight saving changes', () => {
  const berlin = hours('08:00:00.0000000', '17:00:00.0000000', { name: 'W. Europe Standard Time' });
  const pacificNamed = hours('09:00:00.0000000', '17:00:00.0000000', { name: 'Pacific Standard Time' });
  const pacificCustom = hours('09:00:00.0000000', '17:00:00.0000000', PACIFIC_CUSTOM);

  it('Berlin: the day starts at 08:00 winter time, then at 08:00 summer time after the last Sunday of March', () => {
    // Friday 27 March 2026 (UTC+1).
    expect(isWithinWorkingHours(berlin, utc('2026-03-27T06:59'))).toBe(false);
    expect(isWithinWorkingHours(berlin, utc('2026-03-27T07:00'))).toBe(true);
    expect(isWithinWorkingHours(berlin, utc('2026-03-27T15:59'))).toBe(true);
    expect(isWithinWorkingHours(berlin, utc('2026-03-27T16:00'))).toBe(false);
    expect(isWithinWorkingHours(berlin, utc('2026-03-28T10:00'))).toBe(false); // Saturday
    // Monday 30 March 2026 (UTC+2).
    expect(nextWorkingStart(berlin, utc('2026-03-27T16:00'))).toBe(utc('2026-03-30T06:00'));
    expect(workingPeriodAt(berlin, utc('2026-03-30T10:00'))).toEqual({ start: utc('2026-03-30T06:00'), end: utc('2026-03-30T15:00') });
    expect(isWithinWorkingHours(berlin, utc('2026-03-30T06:30'))).toBe(true);
  });

  it('Berlin: after the last Sunday of October, the day starts an hour later in UTC', () => {
    expect(workingPeriodAt(berlin, utc('2026-10-23T12:00'))).toEqual({ start: utc('2026-10-23T06:00'), end: utc('2026-10-23T15:00') });
    expect(nextWorkingStart(berlin, utc('2026-10-23T15:00'))).toBe(utc('2026-10-26T07:00'));
    expect(isWithinWorkingHours(berlin, utc('2026-10-26T06:30'))).toBe(false);
  });

  it.each([
    ['by Windows name', pacificNamed],
    ['as a custom zone', pacificCustom],
  ])('US Pacific %s: second Sunday of March and first Sunday of November', (_, pacific) => {
    // Friday 6 March 2026, PST (UTC−8): 09:00–17:00 is 17:00–01:00 UTC.
    expect(workingPeriodAt(pacific, utc('2026-03-06T20:00'))).toEqual({ start: utc('2026-03-06T17:00'), end: utc('2026-03-07T01:00') });
    // Monday 9 March 2026, PDT (UTC−7).
    expect(nextWorkingStart(pacific, utc('2026-03-07T01:00'))).toBe(utc('2026-03-09T16:00'));
    // Friday 30 October (PDT) → Monday 2 November (PST).
    expect(isWithinWorkingHours(pacific, utc('2026-10-30T23:59'))).toBe(true);
    expect(isWithinWorkingHours(pacific, utc('2026-10-31T00:00'))).toBe(false);
    expect(nextWorkingStart(pacific, utc('2026-10-31T00:00'))).toBe(utc('2026-11-02T17:00'));
  });

  it('a night shift belongs to the day it starts and runs past midnight', () => {
    const nights = hours('22:00:00', '06:00:00', { name: 'W. Europe Standard Time' });
    // Friday 9 January 2026 22:00 CET → Saturday 06:00 CET.
    expect(workingPeriodAt(nights, utc('2026-01-10T00:00'))).toEqual({ start: utc('2026-01-09T21:00'), end: utc('2026-01-10T05:00') });
    expect(isWithinWorkingHours(nights, utc('2026-01-10T21:30'))).toBe(false); // Saturday night: no shift
    expect(isWithinWorkingHours(nights, utc('2026-01-12T04:00'))).toBe(false); // Monday 05:00: Sunday had no shift
    expect(nextWorkingStart(nights, utc('2026-01-10T05:00'))).toBe(utc('2026-01-12T21:00'));
  });

  it('joins working days that touch (all day, every day) into one period', () => {
    const always = hours('00:00:00', '23:59:59.9999999', { name: 'UTC' }, ['sunday', ...WEEKDAYS, 'saturday']);
    const at = utc('2026-06-10T12:00');
    expect(isWithinWorkingHours(always, at)).toBe(true);
    expect(workingPeriodAt(always, at)!.end).toBeGreaterThan(at + 6 * 86_400_000);
  });
});
