import type { EmulatedUser } from './tenant';
import { pick, seededRandom, type Random } from './random';

/**
 * The emulated tenant's Outlook calendars, as `getSchedule` reports them (free/busy guide,
 * concepts/outlook-get-free-busy-schedule.md, and the calendar-getschedule reference page).
 *
 * Nothing is stored: a person's calendar is computed when asked for, from the tenant seed, the
 * person's id and the days asked about, so 50,000 people cost nothing until someone is looked up.
 * Meetings fill each working day (in the person's own zone); a share of people are in a meeting
 * and a share are out of office around the emulator's `anchor` (its start), so a demo always has
 * both "now". The same seed and anchor give the same calendars on every machine.
 *
 * Its time-zone arithmetic is its own (Intl with IANA names), kept apart from the app's reading of
 * working hours on purpose: tests compare the two.
 */

/** Graph's `freeBusyStatus` values that the emulated calendars use (Graph also has `unknown`). */
export type EmulatedFreeBusy = 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere';

export type EmulatedWeekday = 'sunday' | 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday';

const WEEKDAYS: readonly EmulatedWeekday[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** One calendar item as the emulator keeps it (UTC epoch milliseconds). */
export interface CalendarItem {
  status: EmulatedFreeBusy;
  start: number;
  end: number;
  /** A private item: Graph then sends `isPrivate: true` and no subject or location. */
  isPrivate: boolean;
  /** What Graph may send when the owner lets others see it: the app must never show or keep these. */
  subject?: string;
  location?: string;
}

/**
 * How a person's mailbox answers getSchedule: normally; as an item with `error` (the mailbox
 * cannot be read); or with a schedule that breaks Graph's own shape (a hostile or broken server).
 */
export type MailboxState = 'ok' | 'unreadable' | 'malformed';

/** How a person's working hours name their zone: a Windows name, a `customTimeZone`, or not at all. */
export type ZoneStyle = 'named' | 'custom' | 'none';

export interface CalendarProfile {
  mailbox: MailboxState;
  zoneStyle: ZoneStyle;
  /** The Windows zone name Graph writes (`workingHours.timeZone.name`) when `zoneStyle` is 'named'. */
  windowsZone: string;
  /** The IANA zone the emulator places this person's day in (for 'custom', the custom zone's own rules). */
  ianaZone: string;
  days: EmulatedWeekday[];
  /** Working hours, minutes after local midnight. */
  startMinutes: number;
  endMinutes: number;
  /** Chance that a free half hour of the working day starts a meeting. */
  busyness: number;
  /** Out of office for whole local days around the anchor's day: [from, to) as day offsets. */
  outOfOffice: { fromDay: number; toDay: number } | null;
  /** In a meeting at the anchor (whatever the hour: a late call, an early one). */
  meetingAtAnchor: boolean;
  /** For 'malformed': which way the schedule is broken. */
  malformation: 'items-not-a-list' | 'bad-dates';
}

/** Windows zone names used for working hours, and the IANA zone each stands for (CLDR windowsZones, territory 001). */
export const WINDOWS_ZONES: Readonly<Record<string, string>> = {
  'Pacific Standard Time': 'America/Los_Angeles',
  'Eastern Standard Time': 'America/New_York',
  'GMT Standard Time': 'Europe/London',
  'W. Europe Standard Time': 'Europe/Berlin',
  'India Standard Time': 'Asia/Kolkata',
  'Tokyo Standard Time': 'Asia/Tokyo',
  'AUS Eastern Standard Time': 'Australia/Sydney',
};

/** Where each emulated office is (tenant.ts OFFICES): Windows names Lisbon and Dublin under "GMT Standard Time". */
const OFFICE_ZONES: Readonly<Record<string, string>> = {
  Seattle: 'Pacific Standard Time',
  Lisbon: 'GMT Standard Time',
  Dublin: 'GMT Standard Time',
  Berlin: 'W. Europe Standard Time',
  Tokyo: 'Tokyo Standard Time',
};
/** People who work remotely (or have no office) are spread over these. */
const REMOTE_ZONES = [
  'Eastern Standard Time',
  'India Standard Time',
  'AUS Eastern Standard Time',
  'Pacific Standard Time',
  'W. Europe Standard Time',
] as const;

/**
 * The `customTimeZone` of Microsoft's free/busy guide (US Pacific rules spelt out: bias 480 minutes,
 * daylight saving from the second Sunday of March to the first Sunday of November, daylight bias −60).
 */
export const CUSTOM_ZONE = {
  '@odata.type': '#microsoft.graph.customTimeZone',
  bias: 480,
  name: 'Customized Time Zone',
  standardOffset: { time: '02:00:00.0000000', dayOccurrence: 1, dayOfWeek: 'sunday', month: 11, year: 0 },
  daylightOffset: { daylightBias: -60, time: '02:00:00.0000000', dayOccurrence: 2, dayOfWeek: 'sunday', month: 3, year: 0 },
} as const;
/** The IANA zone with the same rules as CUSTOM_ZONE, to place that person's day. */
const CUSTOM_ZONE_IANA = 'America/Los_Angeles';

const SUBJECTS = [
  'Design review',
  '1:1',
  'Sprint planning',
  'Customer call: Fabrikam',
  'Budget sync',
  'Hiring loop',
  'Quarterly business review',
  'Stand-up',
  'Interview: <script>alert(1)</script>',
  'Lunch with Priya',
] as const;
const LOCATIONS = ['Microsoft Teams Meeting', 'Room 4.12 (Seattle)', 'Berlin – Spree', 'Café downstairs', 'Harry\u2019s Bar'] as const;

const MINUTE = 60_000;
const DAY = 86_400_000;
const SLOT = 30 * MINUTE;

/** A 32-bit hash of a string (FNV-1a), to seed per person and per day. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function randomFor(...parts: Array<string | number>): Random {
  return seededRandom(hash(parts.join('|')));
}

/** What kind of calendar this person has: fixed by the seed and the id (the office places the zone). */
export function calendarProfile(seed: number, user: Pick<EmulatedUser, 'id' | 'officeLocation'>): CalendarProfile {
  const random = randomFor(seed, 'calendar', user.id.toLowerCase());
  const mailboxRoll = random();
  const mailbox: MailboxState = mailboxRoll < 0.02 ? 'unreadable' : mailboxRoll < 0.04 ? 'malformed' : 'ok';
  const zoneRoll = random();
  const zoneStyle: ZoneStyle = zoneRoll < 0.05 ? 'custom' : zoneRoll < 0.08 ? 'none' : 'named';
  const remoteZone = pick(random, REMOTE_ZONES);
  const windowsZone = (user.officeLocation ? OFFICE_ZONES[user.officeLocation] : undefined) ?? remoteZone;
  const ianaZone = zoneStyle === 'custom' ? CUSTOM_ZONE_IANA : WINDOWS_ZONES[windowsZone]!;
  const daysRoll = random();
  const days: EmulatedWeekday[] =
    daysRoll < 0.05
      ? ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday']
      : daysRoll < 0.1
        ? ['monday', 'tuesday', 'wednesday', 'thursday']
        : ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
  const startMinutes = pick(random, [7 * 60, 8 * 60, 8 * 60, 8 * 60 + 30, 9 * 60, 9 * 60, 10 * 60]);
  const endMinutes = startMinutes + pick(random, [8 * 60, 8 * 60 + 30, 9 * 60]);
  const busyness = 0.15 + random() * 0.3;
  const oof = random() < 0.07;
  const outOfOffice = oof ? { fromDay: -Math.floor(random() * 3), toDay: 1 + Math.floor(random() * 5) } : null;
  const meetingAtAnchor = !oof && random() < 0.25;
  const malformation = random() < 0.5 ? 'items-not-a-list' : 'bad-dates';
  return {
    mailbox,
    zoneStyle,
    windowsZone,
    ianaZone,
    days,
    startMinutes,
    endMinutes,
    busyness,
    outOfOffice,
    meetingAtAnchor,
    malformation,
  };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes to add to UTC to get the wall clock of an IANA zone at this instant. */
export function zoneOffsetMinutes(zone: string, utcMs: number): number {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(utcMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour! % 24, parts.minute!, parts.second!);
  return Math.round((wall - Math.floor(utcMs / 1000) * 1000) / MINUTE);
}

/** Whether this runtime knows an IANA zone name. */
export function isKnownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The UTC instant of a wall clock (ms as if UTC) in an IANA zone. */
export function utcFromWall(zone: string, wallMs: number): number {
  let utc = wallMs - zoneOffsetMinutes(zone, wallMs) * MINUTE;
  utc = wallMs - zoneOffsetMinutes(zone, utc) * MINUTE;
  return utc;
}

/** The local day (days since 1970-01-01 on the zone's wall clock) that holds this instant. */
function localDayOf(zone: string, utcMs: number): number {
  return Math.floor((utcMs + zoneOffsetMinutes(zone, utcMs) * MINUTE) / DAY);
}

function withDetails(random: Random, status: EmulatedFreeBusy, start: number, end: number): CalendarItem {
  const roll = random();
  if (roll < 0.1) return { status, start, end, isPrivate: true };
  if (roll < 0.6) return { status, start, end, isPrivate: false, subject: pick(random, SUBJECTS), location: pick(random, LOCATIONS) };
  return { status, start, end, isPrivate: false };
}

/** The meetings of one local working day: runs of back-to-back meetings, some tentative. */
function workingDayItems(seed: number, id: string, profile: CalendarProfile, localDay: number): CalendarItem[] {
  const weekday = WEEKDAYS[(((localDay + 4) % 7) + 7) % 7]!;
  if (!profile.days.includes(weekday)) return [];
  const random = randomFor(seed, 'day', id, localDay);
  const midnight = localDay * DAY;
  // One offset for the whole day, read at local noon: zones change offset at night, outside working hours.
  const offset = zoneOffsetMinutes(profile.ianaZone, utcFromWall(profile.ianaZone, midnight + 12 * 60 * MINUTE)) * MINUTE;
  const items: CalendarItem[] = [];
  let minute = profile.startMinutes;
  let backToBack = false;
  while (minute < profile.endMinutes) {
    const chance = backToBack ? 0.55 : profile.busyness;
    if (random() >= chance) {
      backToBack = false;
      minute += 30;
      continue;
    }
    const length = pick(random, [30, 30, 60, 60, 90]);
    const end = Math.min(minute + length, profile.endMinutes + 30);
    const statusRoll = random();
    const status: EmulatedFreeBusy =
      statusRoll < 0.72 ? 'busy' : statusRoll < 0.92 ? 'tentative' : statusRoll < 0.97 ? 'workingElsewhere' : 'free';
    items.push(withDetails(random, status, midnight + minute * MINUTE - offset, midnight + end * MINUTE - offset));
    minute = end;
    backToBack = true;
  }
  return items;
}

/**
 * Every calendar item of this person that overlaps [from, to), sorted by start. Items are whole,
 * as Graph returns them (an item that began before `from` is given from its real start).
 */
export function calendarItems(
  seed: number,
  user: Pick<EmulatedUser, 'id' | 'officeLocation'>,
  anchor: number,
  from: number,
  to: number,
  profile: CalendarProfile = calendarProfile(seed, user),
): CalendarItem[] {
  const id = user.id.toLowerCase();
  const zone = profile.ianaZone;
  const anchorDay = localDayOf(zone, anchor);
  const items: CalendarItem[] = [];
  let oofFrom = Infinity;
  let oofTo = -Infinity;
  if (profile.outOfOffice) {
    oofFrom = utcFromWall(zone, (anchorDay + profile.outOfOffice.fromDay) * DAY);
    oofTo = utcFromWall(zone, (anchorDay + profile.outOfOffice.toDay) * DAY);
    const random = randomFor(seed, 'oof', id);
    items.push(
      random() < 0.5
        ? { status: 'oof', start: oofFrom, end: oofTo, isPrivate: false, subject: 'Out of office', location: '' }
        : { status: 'oof', start: oofFrom, end: oofTo, isPrivate: false },
    );
  }
  const firstDay = localDayOf(zone, from) - 1;
  const lastDay = localDayOf(zone, to) + 1;
  for (let day = firstDay; day <= lastDay; day++) {
    for (const item of workingDayItems(seed, id, profile, day)) {
      if (item.end > oofFrom && item.start < oofTo) continue;
      items.push(item);
    }
  }
  if (profile.meetingAtAnchor) {
    const random = randomFor(seed, 'anchor', id);
    const before = Math.floor(random() * 2);
    const start = Math.floor(anchor / SLOT) * SLOT - before * SLOT;
    const end = start + (before + 1 + Math.floor(random() * 3)) * SLOT;
    items.push(withDetails(random, random() < 0.8 ? 'busy' : 'tentative', start, end));
  }
  return items.filter((item) => item.end > from && item.start < to).sort((a, b) => a.start - b.start);
}

/** Graph's `Edm.TimeOfDay` as getSchedule writes it: "08:00:00.0000000". */
function timeOfDay(minutes: number): string {
  const h = String(Math.floor(minutes / 60) % 24).padStart(2, '0');
  const m = String(minutes % 60).padStart(2, '0');
  return `${h}:${m}:00.0000000`;
}

/** A `dateTimeTimeZone` as getSchedule writes it: "2026-12-02T09:00:00.0000000" in the zone named. */
function dateTimeTimeZone(utcMs: number, zone: { graphName: string; iana: string | null }): { dateTime: string; timeZone: string } {
  const wall = zone.iana === null ? utcMs : utcMs + zoneOffsetMinutes(zone.iana, utcMs) * MINUTE;
  return { dateTime: `${new Date(wall).toISOString().slice(0, 19)}.0000000`, timeZone: zone.graphName };
}

/** The zone answers are written in: UTC unless `Prefer: outlook.timezone` names one the emulator knows. */
export interface AnswerZone {
  graphName: string;
  /** Null for UTC. */
  iana: string | null;
}
export const UTC_ZONE: AnswerZone = { graphName: 'UTC', iana: null };

/** The slot digits of `availabilityView` (v1.0: working elsewhere is 0, as free; beta writes 4). */
const VIEW_DIGIT: Record<EmulatedFreeBusy, number> = { free: 0, workingElsewhere: 0, tentative: 1, busy: 2, oof: 3 };

/** `availabilityView`: one digit per slot of `intervalMinutes` from `from`, the busiest item overlapping it. */
export function availabilityView(items: readonly CalendarItem[], from: number, to: number, intervalMinutes: number): string {
  const slot = intervalMinutes * MINUTE;
  const count = Math.ceil((to - from) / slot);
  let view = '';
  for (let i = 0; i < count; i++) {
    const start = from + i * slot;
    const end = Math.min(to, start + slot);
    let digit = 0;
    for (const item of items) if (item.start < end && item.end > start) digit = Math.max(digit, VIEW_DIGIT[item.status]);
    view += String(digit);
  }
  return view;
}

function itemJson(item: CalendarItem, zone: AnswerZone): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  if (item.isPrivate) json.isPrivate = true;
  else if (item.subject !== undefined) json.isPrivate = false;
  json.status = item.status;
  if (!item.isPrivate && item.subject !== undefined) json.subject = item.subject;
  if (!item.isPrivate && item.location !== undefined) json.location = item.location;
  json.start = dateTimeTimeZone(item.start, zone);
  json.end = dateTimeTimeZone(item.end, zone);
  return json;
}

function workingHoursJson(profile: CalendarProfile): Record<string, unknown> {
  const hours: Record<string, unknown> = {
    daysOfWeek: profile.days,
    startTime: timeOfDay(profile.startMinutes),
    endTime: timeOfDay(profile.endMinutes),
  };
  if (profile.zoneStyle === 'named') hours.timeZone = { name: profile.windowsZone };
  else if (profile.zoneStyle === 'custom') hours.timeZone = CUSTOM_ZONE;
  return hours;
}

/**
 * One `scheduleInformation` of a getSchedule answer for a person in the tenant (a broken one for a
 * person whose mailbox is 'malformed'; the handler answers unreadable mailboxes with an error item).
 */
export function scheduleInformation(
  scheduleId: string,
  profile: CalendarProfile,
  items: readonly CalendarItem[],
  window: { from: number; to: number; intervalMinutes: number },
  zone: AnswerZone,
): Record<string, unknown> {
  const info: Record<string, unknown> = {
    scheduleId,
    availabilityView: availabilityView(items, window.from, window.to, window.intervalMinutes),
    scheduleItems: items.map((item) => itemJson(item, zone)),
    workingHours: workingHoursJson(profile),
  };
  if (profile.mailbox === 'malformed') {
    if (profile.malformation === 'items-not-a-list') {
      info.scheduleItems = { status: 'busy', start: 'soon', end: 'later' };
    } else {
      info.scheduleItems = [
        {
          status: 'busy',
          start: { dateTime: 'yesterday at noon', timeZone: 'UTC' },
          end: { dateTime: '2026-13-45T99:00:00', timeZone: 'UTC' },
        },
        { status: 'busy', start: null, end: 42 },
        ...(info.scheduleItems as unknown[]),
      ];
      info.workingHours = { daysOfWeek: 'weekdays', startTime: 'eight', endTime: null, timeZone: { name: 42 } };
    }
  }
  return info;
}

/**
 * The `freeBusyError` item of an address Graph cannot read. For an address that resolves to no one
 * (or to a guest's mailbox elsewhere) live Graph has been reported to answer responseCode "5009" and
 * "Unable to resolve e-mail address … to an Active Directory object." (microsoft-graph-docs #11225);
 * for a mailbox it found and could not read, the emulator uses Exchange's ErrorFreeBusyGenerationFailed.
 */
export function scheduleError(scheduleId: string, kind: 'unresolved' | 'unreadable'): Record<string, unknown> {
  return kind === 'unresolved'
    ? {
        scheduleId,
        error: { message: `Unable to resolve e-mail address ${scheduleId} to an Active Directory object.`, responseCode: '5009' },
      }
    : {
        scheduleId,
        error: {
          message: 'The free/busy information could not be generated for this mailbox.',
          responseCode: 'ErrorFreeBusyGenerationFailed',
        },
      };
}
