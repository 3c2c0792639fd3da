import type { Weekday } from './schedule';

/**
 * Reading Graph's date and time strings: `Edm.TimeOfDay` ("08:00:00.0000000"), a `dateTimeTimeZone`'s
 * `dateTime` ("2026-03-29T01:30:00.0000000", no offset) and `dayOfWeek` ("monday").
 *
 * A wall clock is kept as "wall milliseconds": the epoch milliseconds the same calendar fields would
 * have in UTC (`Date.UTC(year, month - 1, day, hour, minute, second)`). Which instant it is depends on
 * the zone it was read in (timeZone.ts, `utcFromWallClock`).
 */

/** The days of the week in `Date.prototype.getUTCDay` order (0 = Sunday). */
export const WEEKDAYS: readonly Weekday[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** Milliseconds in a minute and in a (wall-clock) day. */
export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** Graph's `dayOfWeek` ("monday", compared case-insensitively) → Weekday; anything else → null. */
export function weekdayFromGraph(value: unknown): Weekday | null {
  if (typeof value !== 'string') return null;
  const lower = value.trim().toLowerCase();
  return WEEKDAYS.find((day) => day === lower) ?? null;
}

/** The day of the week of a wall clock (wall milliseconds). */
export function weekdayOfWall(wallMs: number): Weekday {
  return WEEKDAYS[new Date(wallMs).getUTCDay()]!;
}

const TIME_OF_DAY = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/;

/**
 * Graph's `Edm.TimeOfDay` ("08:00:00.0000000", "17:30", "23:59:59.9999999") → minutes after midnight,
 * rounded to the nearest minute (so the end-of-day "23:59:59.9999999" is 1440). Anything else → null.
 */
export function minutesFromTimeOfDay(value: unknown): number | null {
  if (typeof value !== 'string' || value.length > 20) return null;
  const match = TIME_OF_DAY.exec(value.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  const seconds = Number(match[3] ?? 0) + Number(`0.${match[4] ?? 0}`);
  if (hours > 23 || minutes > 59 || seconds >= 60) return null;
  return Math.round(hours * 60 + minutes + seconds / 60);
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)?$/i;

/** A Graph `dateTime` read: its wall clock, and the UTC offset it carried (in minutes, east positive), if it carried one. */
export interface GraphDateTime {
  wallMs: number;
  offsetMinutes: number | null;
}

/**
 * Graph's `dateTime` ("2026-03-29T01:30:00.0000000", optionally with `Z` or `±hh:mm`) → its wall clock,
 * or null when it is not a real date and time (month 13, 30 February, 24:00, letters, a number).
 */
export function readGraphDateTime(value: unknown): GraphDateTime | null {
  if (typeof value !== 'string' || value.length > 40) return null;
  const match = DATE_TIME.exec(value.trim());
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const hour = Number(match[4]);
  const minute = Number(match[5]);
  const second = Number(match[6] ?? 0);
  // Checked field by field: Date.UTC would roll 30 February over to 2 March.
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return null;
  }
  const millisecond = match[7] === undefined ? 0 : Math.floor(Number(`0.${match[7]}`) * 1000);
  let wallMs = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  // Date.UTC reads years 0–99 as 1900–1999 ("0001-01-01T00:00:00" is Graph's minimum date).
  if (year < 100) wallMs = new Date(wallMs).setUTCFullYear(year);
  return { wallMs, offsetMinutes: offsetOfSuffix(match[8]) };
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

function offsetOfSuffix(suffix: string | undefined): number | null {
  if (suffix === undefined) return null;
  if (suffix.toUpperCase() === 'Z') return 0;
  const sign = suffix.startsWith('-') ? -1 : 1;
  const hours = Number(suffix.slice(1, 3));
  const minutes = Number(suffix.slice(4, 6));
  return sign * (hours * 60 + minutes);
}
