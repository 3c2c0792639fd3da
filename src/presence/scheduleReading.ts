import { MINUTE_MS, readGraphDateTime } from './graphDateTime';
import type { BusySpan, FreeBusy, ScheduleReading } from './schedule';
import { ianaZoneFromName, utcFromWallClock } from './timeZone';
import { workingHoursFromGraph } from './workingHours';

/**
 * Reading one person's answer from `POST /me/calendar/getSchedule` (an element of its `value` array:
 * scheduleInformation) into a PersonSchedule: statuses, times and working hours only.
 *
 * Subjects, locations, attendees and the private flag are never read, so they cannot end up kept or shown.
 */

/**
 * At most this many schedule items are read per person; an answer with more is unavailable. Four
 * days hold far fewer (an item every 12 minutes, day and night), and a label read from the earliest
 * of them would be wrong (an out-of-office run cut short says "back on Monday"); not reading them
 * also keeps a hostile answer (10,000 items, each naming a zone Intl must be asked about) from
 * holding the board worker for seconds.
 */
export const MAX_SPANS = 500;

/** Graph's freeBusyStatus values the board keeps (lower case → FreeBusy); `unknown` and anything else are dropped. */
const STATUSES: ReadonlyMap<string, FreeBusy> = new Map<string, FreeBusy>([
  ['free', 'free'],
  ['tentative', 'tentative'],
  ['busy', 'busy'],
  ['oof', 'oof'],
  ['workingelsewhere', 'workingElsewhere'],
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A `dateTimeTimeZone` ({dateTime, timeZone}) → epoch ms, or null. Asked without a Prefer header, Graph
 * answers in UTC ("timeZone":"UTC"); a missing timeZone is read as UTC too. A dateTime that carries its
 * own offset (…Z, …+02:00) is read with it. Another named zone (Windows or IANA) is converted; in the
 * hour repeated when daylight saving ends the earlier instant is taken. A zone that cannot be placed → null.
 */
function instantFromGraph(value: unknown): number | null {
  if (!isRecord(value)) return null;
  const read = readGraphDateTime(value.dateTime);
  if (!read) return null;
  if (read.offsetMinutes !== null) return read.wallMs - read.offsetMinutes * MINUTE_MS;
  const named = value.timeZone;
  if (named === undefined || named === null || named === 'UTC') return read.wallMs;
  const zone = ianaZoneFromName(named);
  if (zone === null) return null;
  if (zone === 'UTC' || zone === 'Etc/UTC') return read.wallMs;
  return utcFromWallClock({ kind: 'iana', name: zone }, read.wallMs);
}

/** One scheduleItem → a span (status, start, end only), or null: unknown status, bad or missing times, end not after start. */
function spanFromGraph(item: unknown): BusySpan | null {
  if (!isRecord(item) || typeof item.status !== 'string') return null;
  const status = STATUSES.get(item.status.trim().toLowerCase());
  if (!status) return null;
  const start = instantFromGraph(item.start);
  const end = instantFromGraph(item.end);
  if (start === null || end === null || end <= start) return null;
  return { status, start, end };
}

/**
 * One element of getSchedule's `value` array → the person's schedule, or `unavailable`.
 *
 * - Unavailable: not an object; an `error` that is present and not null (whatever its responseCode:
 *   Graph answers an address it cannot resolve this way); `scheduleItems` missing, not an array, or
 *   longer than MAX_SPANS.
 * - Items: statuses compared case-insensitively; `unknown` or any other status, bad or missing dates,
 *   and items whose end is not after their start are dropped one by one. Spans are sorted by start.
 * - Working hours: read when usable, else null (they never make the answer unavailable).
 * - `coversUntil`: the end of the window that was asked for (epoch ms); past it the calendar is not known.
 *
 * Never throws; the result holds new objects only (nothing of Graph's items is copied by reference).
 */
export function readScheduleInformation(item: unknown, coversUntil: number): ScheduleReading {
  try {
    return readOrThrow(item, coversUntil);
  } catch {
    // JSON cannot throw while read, but an object handed over from elsewhere (a getter, a Proxy) could.
    return { kind: 'unavailable' };
  }
}

function readOrThrow(item: unknown, coversUntil: number): ScheduleReading {
  if (!isRecord(item)) return { kind: 'unavailable' };
  if (item.error !== undefined && item.error !== null) return { kind: 'unavailable' };
  if (!Array.isArray(item.scheduleItems) || item.scheduleItems.length > MAX_SPANS) return { kind: 'unavailable' };
  const spans: BusySpan[] = [];
  for (const scheduleItem of item.scheduleItems as unknown[]) {
    const span = spanFromGraph(scheduleItem);
    if (span) spans.push(span);
  }
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  return {
    kind: 'schedule',
    schedule: { spans, workingHours: workingHoursFromGraph(item.workingHours), coversUntil },
  };
}
