import { describe, expect, it } from 'vitest';
import { BACK_TO_BACK_GAP_MS, localTimeAt, reachAt } from '@/presence/reach';
import type { BusySpan, FreeBusy, PersonSchedule, WorkingHours } from '@/presence/schedule';
import { workingHoursFromGraph } from '@/presence/workingHours';
import { PACIFIC_CUSTOM, SYDNEY_CUSTOM, utc, WEEKDAYS } from './support/customZones';

function hoursIn(timeZone: unknown, startTime = '08:00:00.0000000', endTime = '17:00:00.0000000'): WorkingHours {
  const read = workingHoursFromGraph({ daysOfWeek: WEEKDAYS, startTime, endTime, timeZone });
  if (!read) throw new Error('working hours not read');
  return read;
}

/** Berlin, weekdays 08:00–17:00: in June 2026 (UTC+2) that is 06:00–15:00 UTC. */
const BERLIN = hoursIn({ name: 'W. Europe Standard Time' });

function span(status: FreeBusy, start: string, end: string): BusySpan {
  return { status, start: utc(start), end: utc(end) };
}

function schedule(spans: BusySpan[], workingHours: WorkingHours | null = BERLIN, coversUntil = utc('2026-06-15T00:00')): PersonSchedule {
  return { spans: [...spans].sort((a, b) => a.start - b.start), workingHours, coversUntil };
}

// Monday 1 June 2026 … Friday 5 June; Monday 8 June.
describe('reachAt: free', () => {
  it('is free until the next busy, tentative or oof item in their working day', () => {
    const now = utc('2026-06-01T08:00');
    expect(reachAt(schedule([span('busy', '2026-06-01T10:00', '2026-06-01T11:00')]), now)).toEqual({
      kind: 'free',
      until: utc('2026-06-01T10:00'),
    });
    expect(reachAt(schedule([span('tentative', '2026-06-01T12:30', '2026-06-01T13:00')]), now)).toEqual({
      kind: 'free',
      until: utc('2026-06-01T12:30'),
    });
    expect(reachAt(schedule([span('oof', '2026-06-01T13:00', '2026-06-01T15:00')]), now)).toEqual({
      kind: 'free',
      until: utc('2026-06-01T13:00'),
    });
  });

  it('is plain free when nothing more is in their working day (items after it do not count)', () => {
    const now = utc('2026-06-01T08:00');
    const later = [span('busy', '2026-06-01T15:00', '2026-06-01T16:00'), span('busy', '2026-06-02T07:00', '2026-06-02T08:00')];
    expect(reachAt(schedule(later), now)).toEqual({ kind: 'free', until: null });
    expect(reachAt(schedule([]), now)).toEqual({ kind: 'free', until: null });
  });

  it('counts free and working-elsewhere items, and items that are over, as free', () => {
    const now = utc('2026-06-01T08:00');
    const spans = [
      span('busy', '2026-06-01T06:00', '2026-06-01T08:00'),
      span('workingElsewhere', '2026-06-01T06:00', '2026-06-01T15:00'),
      span('free', '2026-06-01T07:30', '2026-06-01T09:00'),
      span('busy', '2026-06-01T11:00', '2026-06-01T12:00'),
    ];
    expect(reachAt(schedule(spans), now)).toEqual({ kind: 'free', until: utc('2026-06-01T11:00') });
  });

  it('without working hours (or with a zone that cannot be placed) looks as far as the window and is never after hours', () => {
    const sundayNight = utc('2026-06-07T01:00');
    const coversUntil = utc('2026-06-08T00:00');
    const spans = [span('busy', '2026-06-07T20:00', '2026-06-07T21:00')];
    expect(reachAt(schedule(spans, null, coversUntil), sundayNight)).toEqual({ kind: 'free', until: utc('2026-06-07T20:00') });
    const noZone = { ...BERLIN, zone: null };
    expect(reachAt(schedule(spans, noZone, coversUntil), sundayNight)).toEqual({ kind: 'free', until: utc('2026-06-07T20:00') });
    const beyond = [span('busy', '2026-06-08T09:00', '2026-06-08T10:00')];
    expect(reachAt(schedule(beyond, null, coversUntil), sundayNight)).toEqual({ kind: 'free', until: null });
  });

  it('stops at the window end even inside the working day', () => {
    const spans = [span('busy', '2026-06-01T12:00', '2026-06-01T13:00')];
    expect(reachAt(schedule(spans, BERLIN, utc('2026-06-01T11:00')), utc('2026-06-01T08:00'))).toEqual({ kind: 'free', until: null });
  });
});

describe('reachAt: meeting and busy', () => {
  it('one item now is a meeting until its end, then free when the day goes on', () => {
    const spans = [span('busy', '2026-06-01T08:00', '2026-06-01T09:00'), span('busy', '2026-06-01T09:10', '2026-06-01T10:00')];
    expect(reachAt(schedule(spans), utc('2026-06-01T08:30'))).toEqual({ kind: 'meeting', until: utc('2026-06-01T09:00'), thenFree: true });
    const tentative = [span('tentative', '2026-06-01T08:00', '2026-06-01T09:00')];
    expect(reachAt(schedule(tentative), utc('2026-06-01T08:00'))).toEqual({
      kind: 'meeting',
      until: utc('2026-06-01T09:00'),
      thenFree: true,
    });
  });

  it('a meeting is not "then free" when it ends at or after their working day, at the window end, or into an oof', () => {
    const pastTheDay = [span('busy', '2026-06-01T14:00', '2026-06-01T16:00')];
    expect(reachAt(schedule(pastTheDay), utc('2026-06-01T14:30'))).toMatchObject({ kind: 'meeting', thenFree: false });
    const toTheEnd = [span('busy', '2026-06-01T14:00', '2026-06-01T15:00')];
    expect(reachAt(schedule(toTheEnd), utc('2026-06-01T14:30'))).toMatchObject({ kind: 'meeting', thenFree: false });
    const windowEnd = [span('busy', '2026-06-01T10:00', '2026-06-01T11:00')];
    expect(reachAt(schedule(windowEnd, BERLIN, utc('2026-06-01T11:00')), utc('2026-06-01T10:30'))).toMatchObject({
      kind: 'meeting',
      thenFree: false,
    });
    const intoLeave = [span('busy', '2026-06-01T10:00', '2026-06-01T11:00'), span('oof', '2026-06-01T11:02', '2026-06-01T15:00')];
    expect(reachAt(schedule(intoLeave), utc('2026-06-01T10:30'))).toMatchObject({ kind: 'meeting', thenFree: false });
  });

  it('back-to-back items (gaps under 5 minutes) are busy until the end of the run', () => {
    const spans = [
      span('busy', '2026-06-01T08:00', '2026-06-01T09:00'),
      span('tentative', '2026-06-01T09:00', '2026-06-01T09:30'),
      span('busy', '2026-06-01T09:34', '2026-06-01T10:00'),
      // Exactly 5 minutes after: not back to back.
      span('busy', '2026-06-01T10:05', '2026-06-01T11:00'),
    ];
    expect(BACK_TO_BACK_GAP_MS).toBe(5 * 60_000);
    expect(reachAt(schedule(spans), utc('2026-06-01T08:15'))).toEqual({ kind: 'busy', until: utc('2026-06-01T10:00') });
    // From the second item on, the run is the same.
    expect(reachAt(schedule(spans), utc('2026-06-01T09:10'))).toEqual({ kind: 'busy', until: utc('2026-06-01T10:00') });
    // The last one is alone.
    expect(reachAt(schedule(spans), utc('2026-06-01T10:30'))).toEqual({ kind: 'meeting', until: utc('2026-06-01T11:00'), thenFree: true });
  });

  it('overlapping items now are busy until the later end; an item inside another is still one meeting', () => {
    const overlapping = [span('busy', '2026-06-01T08:00', '2026-06-01T09:00'), span('busy', '2026-06-01T08:30', '2026-06-01T10:00')];
    expect(reachAt(schedule(overlapping), utc('2026-06-01T08:45'))).toEqual({ kind: 'busy', until: utc('2026-06-01T10:00') });
    const nested = [span('busy', '2026-06-01T08:00', '2026-06-01T10:00'), span('tentative', '2026-06-01T08:30', '2026-06-01T09:00')];
    expect(reachAt(schedule(nested), utc('2026-06-01T08:45'))).toEqual({ kind: 'meeting', until: utc('2026-06-01T10:00'), thenFree: true });
  });
});

describe('reachAt: out of office', () => {
  it('is back at the end of the leave when that is inside working hours', () => {
    const spans = [span('oof', '2026-06-01T06:00', '2026-06-01T10:00'), span('busy', '2026-06-01T07:00', '2026-06-01T08:00')];
    expect(reachAt(schedule(spans), utc('2026-06-01T07:30'))).toEqual({ kind: 'out-of-office', until: utc('2026-06-01T10:00') });
  });

  it('is back at the next working-hours start when the leave ends outside them', () => {
    // Ends at 17:00 local, the end of the working day (exclusive): back Tuesday 08:00 local.
    const spans = [span('oof', '2026-06-01T06:00', '2026-06-01T15:00')];
    expect(reachAt(schedule(spans), utc('2026-06-01T08:00'))).toEqual({ kind: 'out-of-office', until: utc('2026-06-02T06:00') });
  });

  it('joins leave over a weekend: back after the last oof run that covers a working-day start', () => {
    const spans = [
      span('oof', '2026-06-03T00:00', '2026-06-05T22:00'), // Wednesday to Friday midnight, local
      span('oof', '2026-06-07T22:00', '2026-06-08T22:00'), // all of Monday, local
    ];
    expect(reachAt(schedule(spans), utc('2026-06-04T09:00'))).toEqual({ kind: 'out-of-office', until: utc('2026-06-09T06:00') });
  });

  it('wins over after hours (on a Saturday) and over a meeting', () => {
    const spans = [span('oof', '2026-06-05T15:00', '2026-06-08T10:00'), span('busy', '2026-06-05T15:00', '2026-06-05T16:00')];
    expect(reachAt(schedule(spans), utc('2026-06-06T12:00'))).toEqual({ kind: 'out-of-office', until: utc('2026-06-08T10:00') });
    expect(reachAt(schedule(spans), utc('2026-06-05T15:30'))).toEqual({ kind: 'out-of-office', until: utc('2026-06-08T10:00') });
  });

  it('has no return date when the leave runs to the end of the window', () => {
    const spans = [span('oof', '2026-06-01T00:00', '2026-06-15T00:00')];
    expect(reachAt(schedule(spans), utc('2026-06-02T09:00'))).toEqual({ kind: 'out-of-office', until: null });
    const beyond = [span('oof', '2026-06-01T00:00', '2026-07-01T00:00')];
    expect(reachAt(schedule(beyond), utc('2026-06-02T09:00'))).toEqual({ kind: 'out-of-office', until: null });
  });

  it('without working hours is back at the end of the run', () => {
    const spans = [span('oof', '2026-06-01T00:00', '2026-06-06T20:00'), span('oof', '2026-06-06T20:03', '2026-06-06T21:00')];
    expect(reachAt(schedule(spans, null), utc('2026-06-02T09:00'))).toEqual({ kind: 'out-of-office', until: utc('2026-06-06T21:00') });
  });
});

describe('reachAt: after hours', () => {
  it('is outside working hours in the evening, even in a meeting, and back the next working morning', () => {
    const spans = [span('busy', '2026-06-01T17:30', '2026-06-01T19:00')];
    expect(reachAt(schedule(spans), utc('2026-06-01T18:00'))).toEqual({ kind: 'after-hours', backAt: utc('2026-06-02T06:00') });
    // Friday evening → Monday morning.
    expect(reachAt(schedule([]), utc('2026-06-05T16:00'))).toEqual({ kind: 'after-hours', backAt: utc('2026-06-08T06:00') });
  });

  it('moves the return past leave that covers the next working morning', () => {
    const spans = [span('oof', '2026-06-07T22:00', '2026-06-09T22:00')];
    expect(reachAt(schedule(spans), utc('2026-06-05T16:00'))).toEqual({ kind: 'after-hours', backAt: utc('2026-06-10T06:00') });
  });

  it('keeps the next working morning when it is past the window (working hours repeat)', () => {
    expect(reachAt(schedule([], BERLIN, utc('2026-06-06T00:00')), utc('2026-06-05T16:00'))).toEqual({
      kind: 'after-hours',
      backAt: utc('2026-06-08T06:00'),
    });
  });

  it('Berlin across the March change: Friday evening winter time → Monday 08:00 summer time', () => {
    expect(reachAt(schedule([], BERLIN, utc('2026-04-10T00:00')), utc('2026-03-27T17:00'))).toEqual({
      kind: 'after-hours',
      backAt: utc('2026-03-30T06:00'),
    });
    // And the October change back: Monday 08:00 is 07:00 UTC again.
    expect(reachAt(schedule([], BERLIN, utc('2026-11-10T00:00')), utc('2026-10-23T17:00'))).toEqual({
      kind: 'after-hours',
      backAt: utc('2026-10-26T07:00'),
    });
  });

  it.each([
    ['by Windows name', { name: 'Pacific Standard Time' }],
    ['as a custom zone', PACIFIC_CUSTOM],
  ])('US Pacific %s: across the March and November changes', (_, zone) => {
    const pacific = hoursIn(zone, '09:00:00.0000000', '17:00:00.0000000');
    const covers = utc('2026-12-01T00:00');
    // Friday 6 March 17:00 PST → Monday 9 March 09:00 PDT.
    expect(reachAt(schedule([], pacific, covers), utc('2026-03-07T01:00'))).toEqual({
      kind: 'after-hours',
      backAt: utc('2026-03-09T16:00'),
    });
    // Friday 30 October 17:00 PDT → Monday 2 November 09:00 PST.
    expect(reachAt(schedule([], pacific, covers), utc('2026-10-31T00:00'))).toEqual({
      kind: 'after-hours',
      backAt: utc('2026-11-02T17:00'),
    });
    // Monday 2 November 08:30 PST is still before work; 09:00 PST is in it.
    expect(reachAt(schedule([], pacific, covers), utc('2026-11-02T16:30'))).toMatchObject({ kind: 'after-hours' });
    expect(reachAt(schedule([], pacific, covers), utc('2026-11-02T17:00'))).toEqual({ kind: 'free', until: null });
  });

  it('southern hemisphere custom zone: Sydney working hours in January (daylight time, UTC+11)', () => {
    const sydney = hoursIn(SYDNEY_CUSTOM, '09:00:00.0000000', '17:00:00.0000000');
    // Monday 12 January 2026 09:00 AEDT = Sunday 11 January 22:00 UTC.
    expect(reachAt(schedule([], sydney, utc('2026-02-01T00:00')), utc('2026-01-11T21:59'))).toEqual({
      kind: 'after-hours',
      backAt: utc('2026-01-11T22:00'),
    });
    expect(reachAt(schedule([], sydney, utc('2026-02-01T00:00')), utc('2026-01-11T22:00'))).toEqual({ kind: 'free', until: null });
  });
});

describe('localTimeAt', () => {
  it('gives their offset and whether they are outside working hours', () => {
    expect(localTimeAt(schedule([]), utc('2026-06-01T08:00'))).toEqual({ offsetMinutes: 120, afterHours: false });
    expect(localTimeAt(schedule([]), utc('2026-06-01T18:00'))).toEqual({ offsetMinutes: 120, afterHours: true });
    expect(localTimeAt(schedule([]), utc('2026-01-05T18:00'))).toEqual({ offsetMinutes: 60, afterHours: true });
    expect(localTimeAt(schedule([], hoursIn(SYDNEY_CUSTOM)), utc('2026-01-05T00:00'))).toEqual({ offsetMinutes: 660, afterHours: false });
    expect(localTimeAt(schedule([], hoursIn(PACIFIC_CUSTOM)), utc('2026-01-05T00:00'))).toEqual({ offsetMinutes: -480, afterHours: true });
  });

  it('is null when their zone is unknown', () => {
    expect(localTimeAt(schedule([], null), utc('2026-06-01T08:00'))).toBeNull();
    expect(localTimeAt(schedule([], { ...BERLIN, zone: null }), utc('2026-06-01T08:00'))).toBeNull();
    expect(localTimeAt(schedule([], hoursIn({ name: 'Customized Time Zone' })), utc('2026-06-01T08:00'))).toBeNull();
  });
});
