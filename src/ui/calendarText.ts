import { localTimeAt, reachAt, type Reach } from '../presence/reach';
import type { ScheduleReading } from '../presence/schedule';
import type { Strings } from './strings';

/** What a row says about a person's calendar, in the viewer's words, time format and time zone. */
export interface CalendarText {
  /** "Free until 14:30", "In a meeting until 11:00 · then free"…; null: nothing to say. */
  reach: string | null;
  /** Their local time ("22:05"), only where their offset from UTC differs from the viewer's; else null. */
  localTime: string | null;
  /** Outside their working hours now. */
  afterHours: boolean;
  /** Their calendar could not be read (a guest, a mailbox Graph cannot read, a malformed answer). */
  unavailable: boolean;
  /** When they are next free, for a wall's tile ("free at 14:30"); null: free now, or not known. */
  freeAt: string | null;
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();
const dayTimeFormats = new Map<string, Intl.DateTimeFormat>();
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const utcTimeFormats = new Map<string, Intl.DateTimeFormat>();

function format(
  cache: Map<string, Intl.DateTimeFormat>,
  locale: string | undefined,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = locale ?? '';
  let made = cache.get(key);
  if (!made) {
    made = new Intl.DateTimeFormat(locale, options);
    cache.set(key, made);
  }
  return made;
}

/** A moment in the viewer's time zone: the time alone the same day, with the weekday within a week, else with the date. */
export function formatWhen(at: number, now: number, locale: string | undefined): string {
  const sameDay = new Date(at).toDateString() === new Date(now).toDateString();
  if (sameDay) return format(timeFormats, locale, { hour: 'numeric', minute: '2-digit' }).format(at);
  const withinWeek = at - now < 6 * 86_400_000;
  const options: Intl.DateTimeFormatOptions = withinWeek
    ? { weekday: 'short', hour: 'numeric', minute: '2-digit' }
    : { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' };
  const cache = withinWeek ? dayTimeFormats : dateTimeFormats;
  return format(cache, locale, options).format(at);
}

function reachText(reach: Reach, now: number, strings: Strings, locale: string | undefined): string {
  const when = (at: number) => formatWhen(at, now, locale);
  switch (reach.kind) {
    case 'free':
      return reach.until === null ? strings.calendar.freeRestOfDay : strings.calendar.freeUntil(when(reach.until));
    case 'meeting':
      return strings.calendar.meetingUntil(when(reach.until), reach.thenFree);
    case 'busy':
      return strings.calendar.busyUntil(when(reach.until));
    case 'out-of-office':
      return reach.until === null ? strings.calendar.outOfOffice : strings.calendar.outOfOfficeUntil(when(reach.until));
    case 'after-hours':
      return strings.calendar.afterHours;
  }
}

function freeAt(reach: Reach, now: number, locale: string | undefined): string | null {
  switch (reach.kind) {
    case 'meeting':
    case 'busy':
      return formatWhen(reach.until, now, locale);
    case 'out-of-office':
      return reach.until === null ? null : formatWhen(reach.until, now, locale);
    case 'after-hours':
      return reach.backAt === null ? null : formatWhen(reach.backAt, now, locale);
    case 'free':
      return null;
  }
}

/**
 * What a row shows for a person's schedule at `now`: nothing while it is not known; "nothing to
 * say" (unavailable) for one Graph could not read; else when they can be reached, and their local
 * time where it differs from the viewer's (`viewerOffsetMinutes`: east of UTC positive).
 */
export function calendarTextFor(
  reading: ScheduleReading | undefined,
  now: number,
  strings: Strings,
  locale: string | undefined,
  viewerOffsetMinutes: number,
): CalendarText | null {
  if (reading === undefined) return null;
  if (reading.kind === 'unavailable') return { reach: null, localTime: null, afterHours: false, unavailable: true, freeAt: null };
  const reach = reachAt(reading.schedule, now);
  const local = localTimeAt(reading.schedule, now);
  const localTime =
    local === null || local.offsetMinutes === viewerOffsetMinutes
      ? null
      : format(utcTimeFormats, locale, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(now + local.offsetMinutes * 60_000);
  return {
    reach: reachText(reach, now, strings, locale),
    localTime,
    afterHours: local?.afterHours ?? false,
    unavailable: false,
    freeAt: freeAt(reach, now, locale),
  };
}
