import { describe, expect, it } from 'vitest';
import type { BusySpan, FreeBusy, PersonSchedule, ScheduleReading, WorkingHours } from '@/presence/schedule';
import { readScheduleInformation } from '@/presence/scheduleReading';
import { workingHoursFromGraph } from '@/presence/workingHours';
import { calendarTextFor, formatWhen, type Viewer } from '@/ui/calendarText';
import { de, en } from '@/ui/strings';

const utc = (iso: string) => Date.parse(`${iso}Z`);
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
const hours = (zone: string): WorkingHours =>
  workingHoursFromGraph({ daysOfWeek: WEEKDAYS, startTime: '09:00:00.0000000', endTime: '17:00:00.0000000', timeZone: { name: zone } })!;
const span = (status: FreeBusy, start: string, end: string): BusySpan => ({ status, start: utc(start), end: utc(end) });
const reading = (spans: BusySpan[], workingHours: WorkingHours | null, coversUntil: number): ScheduleReading => ({
  kind: 'schedule',
  schedule: { spans, workingHours, coversUntil } satisfies PersonSchedule,
});

const BERLIN_VIEWER: Viewer = { locale: 'en-GB', timeZone: 'Europe/Berlin' };
const offsetOf = (timeZone: string, at: number) => {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at);
  const name = parts.find((p) => p.type === 'timeZoneName')!.value; // "GMT+01:00"
  const m = /GMT([+-])(\d\d):(\d\d)/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
};

describe('calendar labels, in the viewer’s words, time format and zone', () => {
  it('says "In a meeting until 11:00 · then free" in English and German, in the viewer’s zone', () => {
    // Wednesday 3 June 2026, 10:15 in Berlin (08:15 UTC); a meeting 10:00–11:00 Berlin.
    const now = utc('2026-06-03T08:15');
    const r = reading([span('busy', '2026-06-03T08:00', '2026-06-03T09:00')], hours('W. Europe Standard Time'), now + 4 * 86_400_000);
    const off = offsetOf('Europe/Berlin', now);
    expect(calendarTextFor(r, now, en, BERLIN_VIEWER, off)?.reach).toBe('In a meeting until 11:00 · then free');
    expect(calendarTextFor(r, now, de, { locale: 'de-DE', timeZone: 'Europe/Berlin' }, off)?.reach).toBe(
      'In einer Besprechung bis 11:00 · danach frei',
    );
    // A viewer in US Pacific with a 12-hour clock reads the same end as 2:00 AM their time.
    expect(calendarTextFor(r, now, en, { locale: 'en-US', timeZone: 'America/Los_Angeles' }, -420)?.reach).toBe(
      'In a meeting until 2:00 AM · then free',
    );
  });

  it('says "Busy until" for back-to-back meetings and "Free until" before the next one', () => {
    const now = utc('2026-06-03T07:30'); // 09:30 Berlin
    const busy = reading(
      [span('busy', '2026-06-03T07:00', '2026-06-03T08:00'), span('tentative', '2026-06-03T08:00', '2026-06-03T09:30')],
      hours('W. Europe Standard Time'),
      now + 86_400_000,
    );
    expect(calendarTextFor(busy, now, en, BERLIN_VIEWER, 120)?.reach).toBe('Busy until 11:30');
    const free = reading([span('busy', '2026-06-03T12:30', '2026-06-03T13:00')], hours('W. Europe Standard Time'), now + 86_400_000);
    expect(calendarTextFor(free, now, en, BERLIN_VIEWER, 120)?.reach).toBe('Free until 14:30');
    expect(calendarTextFor(free, now, de, { locale: 'de-DE', timeZone: 'Europe/Berlin' }, 120)?.reach).toBe('Frei bis 14:30');
  });

  it('says "Out of office until Mon 09:00" with the weekday when they are back on another day', () => {
    // Friday 5 June 2026 12:00 Berlin; out of office until Monday 09:00 Berlin.
    const now = utc('2026-06-05T10:00');
    const r = reading([span('oof', '2026-06-05T06:00', '2026-06-08T07:00')], hours('W. Europe Standard Time'), now + 4 * 86_400_000);
    expect(calendarTextFor(r, now, en, BERLIN_VIEWER, 120)?.reach).toBe('Out of office until Mon 09:00');
    expect(calendarTextFor(r, now, de, { locale: 'de-DE', timeZone: 'Europe/Berlin' }, 120)?.reach).toBe('Abwesend bis Mo., 09:00');
  });

  it('says "Outside working hours", with their local time where their offset differs from the viewer’s', () => {
    // 10:00 in Berlin is 17:00 in Tokyo: outside Tokyo's 09:00–17:00.
    const now = utc('2026-06-03T08:00');
    const r = reading([], hours('Tokyo Standard Time'), now + 86_400_000);
    const text = calendarTextFor(r, now, en, BERLIN_VIEWER, 120)!;
    expect(text.reach).toBe('Outside working hours');
    expect(text.afterHours).toBe(true);
    expect(text.localTime).toBe('17:00');
    // A colleague in the viewer's own zone: no local time is shown.
    const same = calendarTextFor(reading([], hours('W. Europe Standard Time'), now + 86_400_000), now, en, BERLIN_VIEWER, 120)!;
    expect(same.localTime).toBeNull();
    expect(same.reach).toBe('Free for the rest of the day');
  });

  it('keeps following the viewer’s zone across the March and October changes in Berlin', () => {
    // A 09:00–10:00 Berlin meeting the Monday after each change: 07:00 UTC in summer time, 08:00 UTC in winter time.
    const march = utc('2026-03-30T07:15');
    const afterMarch = reading(
      [span('busy', '2026-03-30T07:00', '2026-03-30T08:00')],
      hours('W. Europe Standard Time'),
      march + 86_400_000,
    );
    expect(calendarTextFor(afterMarch, march, en, BERLIN_VIEWER, offsetOf('Europe/Berlin', march))?.reach).toBe(
      'In a meeting until 10:00 · then free',
    );
    const october = utc('2026-10-26T08:15');
    const afterOctober = reading(
      [span('busy', '2026-10-26T08:00', '2026-10-26T09:00')],
      hours('W. Europe Standard Time'),
      october + 86_400_000,
    );
    expect(calendarTextFor(afterOctober, october, en, BERLIN_VIEWER, offsetOf('Europe/Berlin', october))?.reach).toBe(
      'In a meeting until 10:00 · then free',
    );
  });

  it('gives a wall tile "free at" the end of the meeting, and nothing for someone free now', () => {
    const now = utc('2026-06-03T08:15');
    const meeting = reading([span('busy', '2026-06-03T08:00', '2026-06-03T09:00')], hours('W. Europe Standard Time'), now + 86_400_000);
    expect(calendarTextFor(meeting, now, en, BERLIN_VIEWER, 120)?.freeAt).toBe('11:00');
    expect(en.calendar.freeAt('11:00')).toBe('free at 11:00');
    expect(
      calendarTextFor(reading([], hours('W. Europe Standard Time'), now + 86_400_000), now, en, BERLIN_VIEWER, 120)?.freeAt,
    ).toBeNull();
  });

  it('says nothing on the row for a calendar that could not be read, whatever Graph sent', () => {
    const now = utc('2026-06-03T08:15');
    for (const hostile of [
      { scheduleId: 'guest@fabrikam.com', error: { message: 'Unable to resolve', responseCode: '5009' } },
      { scheduleId: 'x@contoso.com', scheduleItems: 'not a list' },
      null,
      'garbage',
    ]) {
      const text = calendarTextFor(readScheduleInformation(hostile, now + 86_400_000), now, en, BERLIN_VIEWER, 120);
      expect(text).toEqual({ reach: null, localTime: null, afterHours: false, unavailable: true, freeAt: null });
    }
    expect(calendarTextFor(undefined, now, en, BERLIN_VIEWER, 120)).toBeNull();
  });

  it('writes a time on another day with its weekday, and beyond a week with its date', () => {
    const now = utc('2026-06-03T08:00');
    expect(formatWhen(utc('2026-06-03T15:00'), now, BERLIN_VIEWER)).toBe('17:00');
    expect(formatWhen(utc('2026-06-04T07:00'), now, BERLIN_VIEWER)).toBe('Thu 09:00');
    expect(formatWhen(utc('2026-06-12T07:00'), now, BERLIN_VIEWER)).toBe('Fri 12 Jun, 9:00');
  });
});
