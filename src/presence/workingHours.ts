import { DAY_MS, MINUTE_MS, minutesFromTimeOfDay, weekdayFromGraph, weekdayOfWall, WEEKDAYS } from './graphDateTime';
import type { Weekday, WorkingHours } from './schedule';
import { utcFromWallClock, wallClockAt, zoneFromGraph } from './timeZone';

/**
 * A person's working hours over time: when a working day starts and ends, as instants, in their zone.
 *
 * A working period starts on each listed day at `startMinutes` (their local time) and ends at `endMinutes`
 * the same day, or the next day when `endMinutes` is not after `startMinutes` (a night shift). Periods
 * that touch (00:00–24:00 on consecutive days) count as one. Every function answers null when it
 * cannot tell: working hours with no zone, or a zone the runtime cannot place.
 */

/** One working period as instants: [start, end). */
export interface WorkingPeriod {
  start: number;
  end: number;
}

/**
 * Graph's `workingHours` ({daysOfWeek, startTime, endTime, timeZone}) → WorkingHours, or null when they
 * say nothing usable: not an object, no known day, a start or end that is not a time of day, or a start
 * equal to the end. Unknown days are left out; the zone is null when Graph names none the board can
 * place (the hours are kept, but nothing can be computed from them).
 */
export function workingHoursFromGraph(value: unknown): WorkingHours | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  if (!Array.isArray(record.daysOfWeek)) return null;
  const listed = new Set<Weekday>();
  for (const day of record.daysOfWeek.slice(0, 50)) {
    const weekday = weekdayFromGraph(day);
    if (weekday) listed.add(weekday);
  }
  const days = WEEKDAYS.filter((day) => listed.has(day));
  const startMinutes = minutesFromTimeOfDay(record.startTime);
  const endMinutes = minutesFromTimeOfDay(record.endTime);
  if (days.length === 0 || startMinutes === null || endMinutes === null || startMinutes === endMinutes) return null;
  return { days, startMinutes, endMinutes, zone: zoneFromGraph(record.timeZone) };
}

/** How many days past `at` to look for the next working day: a week, plus a day for a night shift. */
const LOOK_AHEAD_DAYS = 8;

/**
 * The working periods that end after `at`, in order (lazily: callers stop at the one they need), from
 * the day before `at`'s local day (a night shift that began then) to LOOK_AHEAD_DAYS after it; null
 * when the zone is missing or cannot be placed.
 */
function periodsFrom(hours: WorkingHours, at: number): Iterable<WorkingPeriod> | null {
  const zone = hours.zone;
  if (!zone) return null;
  const wallNow = wallClockAt(zone, at);
  if (wallNow === null) return null;
  const today = Math.floor(wallNow / DAY_MS) * DAY_MS;
  const crossesMidnight = hours.endMinutes <= hours.startMinutes;
  return {
    *[Symbol.iterator]() {
      for (let k = -1; k <= LOOK_AHEAD_DAYS; k += 1) {
        const day = today + k * DAY_MS;
        if (!hours.days.includes(weekdayOfWall(day))) continue;
        const start = utcFromWallClock(zone, day + hours.startMinutes * MINUTE_MS);
        const end = utcFromWallClock(zone, day + (crossesMidnight ? DAY_MS : 0) + hours.endMinutes * MINUTE_MS);
        if (start === null || end === null || end <= start || end <= at) continue;
        yield { start, end };
      }
    },
  };
}

/**
 * The working period that `at` is in, with periods that touch joined ([start, end), instants), or null
 * when `at` is outside working hours or the zone is unknown (use isWithinWorkingHours to tell which).
 */
export function workingPeriodAt(hours: WorkingHours, at: number): WorkingPeriod | null {
  const periods = periodsFrom(hours, at);
  if (!periods) return null;
  let current: WorkingPeriod | null = null;
  for (const period of periods) {
    if (current === null) {
      if (period.start > at) return null;
      current = { ...period };
    } else if (period.start <= current.end) {
      current.end = Math.max(current.end, period.end);
    } else {
      break;
    }
  }
  return current;
}

/** Whether `at` is inside the person's working hours; null when their zone is unknown. */
export function isWithinWorkingHours(hours: WorkingHours, at: number): boolean | null {
  if (!periodsFrom(hours, at)) return null;
  return workingPeriodAt(hours, at) !== null;
}

/**
 * When the person's working hours next start after `at` (strictly after: inside working hours this is
 * the next day's start), or null when their zone is unknown.
 */
export function nextWorkingStart(hours: WorkingHours, at: number): number | null {
  const periods = periodsFrom(hours, at);
  if (!periods) return null;
  for (const period of periods) if (period.start > at) return period.start;
  return null;
}
