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

/** Where and how the viewer reads times: their locale, and their time zone (undefined: the browser's). */
export interface Viewer {
  locale: string | undefined;
  timeZone?: string;
}

// Making an Intl formatter costs far more than using one (every drawn row, every minute): one per kind, locale and zone.
const formats = new Map<string, Intl.DateTimeFormat>();

function format(kind: string, viewer: Viewer, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${kind}|${viewer.locale ?? ''}|${viewer.timeZone ?? ''}`;
  let made = formats.get(key);
  if (!made) {
    made = new Intl.DateTimeFormat(viewer.locale, { ...options, ...(viewer.timeZone ? { timeZone: viewer.timeZone } : {}) });
    formats.set(key, made);
  }
  return made;
}

/** A moment in the viewer's time zone: the time alone the same day, with the weekday within a week, else with the date. */
export function formatWhen(at: number, now: number, viewer: Viewer): string {
  const day = format('day', viewer, { year: 'numeric', month: 'numeric', day: 'numeric' });
  if (day.format(at) === day.format(now)) return format('time', viewer, { hour: 'numeric', minute: '2-digit' }).format(at);
  if (at - now < 6 * 86_400_000) return format('weekday', viewer, { weekday: 'short', hour: 'numeric', minute: '2-digit' }).format(at);
  return format('date', viewer, { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' }).format(at);
}

function reachText(reach: Reach, now: number, strings: Strings, viewer: Viewer): string {
  const when = (at: number) => formatWhen(at, now, viewer);
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

/** When they are next free, for a wall tile; null when free now or not known. */
function freeAt(reach: Reach, now: number, viewer: Viewer): string | null {
  switch (reach.kind) {
    case 'meeting':
    case 'busy':
      return formatWhen(reach.until, now, viewer);
    case 'out-of-office':
      return reach.until === null ? null : formatWhen(reach.until, now, viewer);
    case 'after-hours':
      return reach.backAt === null ? null : formatWhen(reach.backAt, now, viewer);
    case 'free':
      return null;
  }
}

/**
 * What a row shows for a person's schedule at `now`: nothing while it is not known; "nothing to
 * say" (unavailable) for one Graph could not read; else when they can be reached, in the viewer's
 * time zone, and their local time where it differs from the viewer's (`viewerOffsetMinutes`: the
 * viewer's offset from UTC at `now`, east positive).
 */
export function calendarTextFor(
  reading: ScheduleReading | undefined,
  now: number,
  strings: Strings,
  viewer: Viewer,
  viewerOffsetMinutes: number,
): CalendarText | null {
  if (reading === undefined) return null;
  if (reading.kind === 'unavailable') return { reach: null, localTime: null, afterHours: false, unavailable: true, freeAt: null };
  const reach = reachAt(reading.schedule, now);
  const local = localTimeAt(reading.schedule, now);
  const theirClock = format('their-time', { locale: viewer.locale, timeZone: 'UTC' }, { hour: 'numeric', minute: '2-digit' });
  return {
    reach: reachText(reach, now, strings, viewer),
    localTime: local === null || local.offsetMinutes === viewerOffsetMinutes ? null : theirClock.format(now + local.offsetMinutes * 60_000),
    afterHours: local?.afterHours ?? false,
    unavailable: false,
    freeAt: freeAt(reach, now, viewer),
  };
}
