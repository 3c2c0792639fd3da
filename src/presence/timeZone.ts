import { WINDOWS_TO_IANA_MAP } from 'windows-iana';
import { DAY_MS, MINUTE_MS, minutesFromTimeOfDay, weekdayFromGraph, WEEKDAYS } from './graphDateTime';
import type { ScheduleZone, ZoneTransition } from './schedule';

/**
 * Time zones as Graph names them, and offsets from UTC at an instant.
 *
 * - Windows zone names ("W. Europe Standard Time") are mapped to IANA names through `windows-iana`
 *   (CLDR's windowsZones.xml; the "001" territory, i.e. the zone CLDR names for the whole Windows zone).
 * - IANA names (mailboxSettings accepts them) are taken as they are when this runtime's Intl knows them.
 * - "tzone://Microsoft/Utc" (Outlook's name for UTC in calendar data) is UTC.
 * - A `customTimeZone` is computed from its bias and transition rules, as Windows'
 *   TIME_ZONE_INFORMATION defines them: UTC = local time + bias (+ the daylight bias while daylight
 *   saving is on), and each transition happens at a wall time read in the offset in force before it.
 *   Graph's reference page says the opposite sign for `bias` ("ahead of UTC: positive"), but its own
 *   free/busy example gives US Pacific as bias 480 with daylight bias −60, which only the Windows
 *   convention reads right.
 */

/** Outlook's own names for UTC that neither CLDR nor Intl know. */
const UTC_ALIASES = new Set(['tzone://microsoft/utc']);

/** Cache bound: hostile answers full of made-up names must not grow memory without end. */
const CACHE_LIMIT = 1_000;

let windowsZones: Map<string, readonly string[]> | null = null;

/** Windows zone name (lower case) → the IANA names CLDR gives it, the "001" (whole zone) entry first. */
function windowsZoneMap(): Map<string, readonly string[]> {
  if (windowsZones) return windowsZones;
  const map = new Map<string, string[]>();
  for (const entry of WINDOWS_TO_IANA_MAP) {
    const key = entry.windowsName.toLowerCase();
    const names = map.get(key) ?? [];
    if (entry.territory === '001') names.unshift(...entry.iana);
    else names.push(...entry.iana);
    map.set(key, names);
  }
  windowsZones = map;
  return map;
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();

/** A formatter that writes the wall clock of `zone` (cached per zone; null when Intl does not know it). */
function wallClockFormatter(zone: string): Intl.DateTimeFormat | null {
  const cached = formatters.get(zone);
  if (cached !== undefined) return cached;
  let formatter: Intl.DateTimeFormat | null;
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
  } catch {
    formatter = null;
  }
  if (formatters.size >= CACHE_LIMIT) formatters.clear();
  formatters.set(zone, formatter);
  return formatter;
}

/** The IANA name this runtime's Intl uses for `zone`, or null when it does not know the zone. */
function knownIanaName(zone: string): string | null {
  return wallClockFormatter(zone)?.resolvedOptions().timeZone ?? null;
}

const ianaByName = new Map<string, string | null>();

/**
 * A zone name as Graph gives it (a Windows name such as "Pacific Standard Time", an IANA name such as
 * "Europe/Berlin", "UTC" or "tzone://Microsoft/Utc"; compared case-insensitively) → an IANA name this
 * runtime can compute offsets for, or null (not a string, "Customized Time Zone", unknown).
 */
export function ianaZoneFromName(name: unknown): string | null {
  if (typeof name !== 'string') return null;
  const key = name.trim().toLowerCase();
  if (key.length === 0 || key.length > 100) return null;
  const cached = ianaByName.get(key);
  if (cached !== undefined) return cached;
  let found: string | null = null;
  if (UTC_ALIASES.has(key)) found = 'UTC';
  else {
    const candidates = windowsZoneMap().get(key) ?? [name.trim()];
    for (const candidate of candidates) {
      found = knownIanaName(candidate);
      if (found) break;
    }
  }
  if (ianaByName.size >= CACHE_LIMIT) ianaByName.clear();
  ianaByName.set(key, found);
  return found;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A bias in minutes Graph could mean: a whole number within a day either way. */
function isBias(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= 24 * 60;
}

/** Graph's standardTimeZoneOffset / daylightTimeZoneOffset: a rule, 'none' (absent, null or month 0), or 'bad'. */
function readTransition(value: unknown, biasField: string | null): (ZoneTransition & { bias: number }) | 'none' | 'bad' {
  if (value === undefined || value === null) return 'none';
  if (!isRecord(value)) return 'bad';
  // Windows writes "no transition" as month 0 (with the other fields 0 too).
  if (value.month === 0) return 'none';
  const { month, dayOccurrence } = value;
  const dayOfWeek = weekdayFromGraph(value.dayOfWeek);
  const minutes = minutesFromTimeOfDay(value.time);
  const bias = biasField === null ? 0 : value[biasField];
  if (
    typeof month !== 'number' ||
    !Number.isInteger(month) ||
    month < 1 ||
    month > 12 ||
    typeof dayOccurrence !== 'number' ||
    !Number.isInteger(dayOccurrence) ||
    dayOccurrence < 1 ||
    dayOccurrence > 5 ||
    dayOfWeek === null ||
    minutes === null ||
    !isBias(bias)
  ) {
    return 'bad';
  }
  return { month, dayOccurrence, dayOfWeek, minutes, bias };
}

/**
 * Graph's `timeZoneBase` or `customTimeZone` JSON (as in workingHours.timeZone) → a zone the board can
 * compute with, or null: not an object, an unknown name, a custom zone with a malformed bias or rule, an
 * offset beyond UTC±14:00 in standard or daylight time, or a daylight rule without its standard one (or
 * the reverse). Never throws.
 *
 * A custom zone is one whose `@odata.type` says customTimeZone or that carries a `bias`; its rules win
 * over its name. A rule of month 0, or none at all on both sides, means no daylight saving time.
 * The rules' `year` is ignored (Graph: "0 means every year"; a year-specific rule is read as yearly).
 */
export function zoneFromGraph(value: unknown): ScheduleZone | null {
  if (!isRecord(value)) return null;
  const type = value['@odata.type'];
  const custom =
    (typeof type === 'string' && type.toLowerCase().endsWith('customtimezone')) || (value.bias !== undefined && value.bias !== null);
  if (!custom) {
    const name = ianaZoneFromName(value.name);
    return name === null ? null : { kind: 'iana', name };
  }
  if (!isBias(value.bias)) return null;
  const standard = readTransition(value.standardOffset, null);
  const daylight = readTransition(value.daylightOffset, 'daylightBias');
  if (standard === 'bad' || daylight === 'bad') return null;
  if (standard === 'none' && daylight === 'none') {
    return isRealOffset(-value.bias) ? { kind: 'custom', bias: value.bias, standard: null, daylight: null } : null;
  }
  if (standard === 'none' || daylight === 'none') return null;
  if (!isRealOffset(-(value.bias + standard.bias)) || !isRealOffset(-(value.bias + daylight.bias))) return null;
  return { kind: 'custom', bias: value.bias, standard, daylight };
}

/** The furthest any clock is from UTC (Kiritimati, UTC+14:00; Baker Island is UTC−12:00), minutes. */
const MAX_OFFSET_MINUTES = 14 * 60;

/** Whether an offset (minutes, east positive) is one a clock can keep: a bias or daylight bias beyond it is a malformed zone. */
function isRealOffset(offset: number): boolean {
  return Math.abs(offset) <= MAX_OFFSET_MINUTES;
}

/** Whether `at` is an instant Date can hold (±8.64e15 ms). */
function isInstant(at: number): boolean {
  return Number.isFinite(at) && Math.abs(at) <= 8.64e15;
}

const HOUR_MS = 60 * MINUTE_MS;

/** Offsets Intl gave, by zone and instant (whole hours, and whole minutes within an hour that holds a change). */
const offsetSamples = new Map<string, number | null>();

/** The offset Intl gives for `zone` at `instant` (memoised): the wall clock it writes, less the instant. */
function sampledOffset(zone: string, instant: number): number | null {
  const key = `${zone}|${instant}`;
  const memo = offsetSamples.get(key);
  if (memo !== undefined) return memo;
  const formatter = wallClockFormatter(zone);
  let offset: number | null = null;
  if (formatter) {
    const fields: Record<string, number> = {};
    let beforeChrist = false;
    for (const part of formatter.formatToParts(instant)) {
      if (part.type === 'era') beforeChrist = part.value.startsWith('B');
      else if (part.type !== 'literal') fields[part.type] = Number(part.value);
    }
    const { year, month, day, hour, minute, second } = fields;
    if ([year, month, day, hour, minute, second].every((n) => n !== undefined && Number.isFinite(n))) {
      const wall = new Date(0);
      wall.setUTCFullYear(beforeChrist ? 1 - year! : year!, month! - 1, day!);
      wall.setUTCHours(hour!, minute!, second!, 0);
      offset = Math.round((wall.getTime() - instant) / MINUTE_MS);
    }
  }
  if (offsetSamples.size >= 20 * CACHE_LIMIT) offsetSamples.clear();
  offsetSamples.set(key, offset);
  return offset;
}

/**
 * An IANA zone's offset at `at`. Formatting costs microseconds, so offsets are sampled on whole hours
 * (shared by every row and every working-hours computation): where the hour's two ends agree, that is the
 * offset throughout it (no zone changes twice within an hour); where they differ, the hour holds a change
 * and the offset is read at the whole minute (changes happen on whole minutes).
 */
function ianaOffsetMinutes(zone: string, at: number): number | null {
  const hourStart = Math.floor(at / HOUR_MS) * HOUR_MS;
  const atHourStart = sampledOffset(zone, hourStart);
  if (atHourStart === sampledOffset(zone, hourStart + HOUR_MS)) return atHourStart;
  return sampledOffset(zone, Math.floor(at / MINUTE_MS) * MINUTE_MS);
}

/** The wall clock (wall milliseconds) at which a custom zone's rule applies in `year`, at its local time. */
function transitionWall(rule: ZoneTransition, year: number): number {
  const month = rule.month - 1;
  const weekday = WEEKDAYS.indexOf(rule.dayOfWeek);
  let day: number;
  if (rule.dayOccurrence >= 5) {
    const last = new Date(Date.UTC(year, month + 1, 0));
    day = last.getUTCDate() - ((last.getUTCDay() - weekday + 7) % 7);
  } else {
    const firstWeekday = new Date(Date.UTC(year, month, 1)).getUTCDay();
    day = 1 + ((weekday - firstWeekday + 7) % 7) + (rule.dayOccurrence - 1) * 7;
  }
  return Date.UTC(year, month, day) + rule.minutes * MINUTE_MS;
}

function customOffsetMinutes(zone: Extract<ScheduleZone, { kind: 'custom' }>, at: number): number {
  const standardOffset = -(zone.bias + (zone.standard?.bias ?? 0));
  if (!zone.standard || !zone.daylight) return standardOffset;
  const daylightOffset = -(zone.bias + zone.daylight.bias);
  if (daylightOffset === standardOffset) return standardOffset;
  const year = new Date(at + standardOffset * MINUTE_MS).getUTCFullYear();
  // Daylight time starts at a wall time still in standard time, and ends at one still in daylight time.
  const daylightStarts = transitionWall(zone.daylight, year) - standardOffset * MINUTE_MS;
  const daylightEnds = transitionWall(zone.standard, year) - daylightOffset * MINUTE_MS;
  const inDaylight =
    daylightStarts < daylightEnds
      ? at >= daylightStarts && at < daylightEnds // northern hemisphere: daylight inside the year
      : at >= daylightStarts || at < daylightEnds; // southern: daylight across the new year
  return inDaylight ? daylightOffset : standardOffset;
}

/**
 * The zone's offset from UTC in minutes at epoch milliseconds `at`, east positive (Berlin in summer: 120;
 * Los Angeles in winter: −480). Null when `at` is not a usable instant or Intl cannot place the zone.
 * IANA zones use a cached `Intl.DateTimeFormat` and memoised hourly samples, so calling it for every
 * drawn row every minute is cheap.
 */
export function offsetMinutesAt(zone: ScheduleZone, at: number): number | null {
  if (!isInstant(at)) return null;
  return zone.kind === 'iana' ? ianaOffsetMinutes(zone.name, at) : customOffsetMinutes(zone, at);
}

/**
 * The instant (epoch ms) at which the zone's clocks show `wallMs` (wall milliseconds, see graphDateTime.ts),
 * or null when the zone cannot be placed. Like Temporal's "compatible" choice: a wall time that happens
 * twice (the hour repeated when daylight saving ends) is the earlier instant; one that never happens (the
 * hour skipped when it starts) is read with the offset before the change, so 02:30 on a spring-forward
 * night is 03:30 daylight time.
 */
export function utcFromWallClock(zone: ScheduleZone, wallMs: number): number | null {
  if (!isInstant(wallMs)) return null;
  const before = offsetMinutesAt(zone, wallMs - DAY_MS);
  const after = offsetMinutesAt(zone, wallMs + DAY_MS);
  if (before === null || after === null) return null;
  const candidates: number[] = [];
  for (const offset of before === after ? [before] : [before, after]) {
    const instant = wallMs - offset * MINUTE_MS;
    if (offsetMinutesAt(zone, instant) === offset) candidates.push(instant);
  }
  if (candidates.length > 0) return Math.min(...candidates);
  return wallMs - before * MINUTE_MS;
}

/** The wall clock (wall milliseconds) in the zone at instant `at`, or null when the zone cannot be placed. */
export function wallClockAt(zone: ScheduleZone, at: number): number | null {
  const offset = offsetMinutesAt(zone, at);
  return offset === null ? null : at + offset * MINUTE_MS;
}
