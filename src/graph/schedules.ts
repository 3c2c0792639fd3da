import type { ScheduleReading } from '../presence/schedule';
import { readScheduleInformation } from '../presence/scheduleReading';
import type { GraphClient } from './client';
import { GraphError } from './errors';

/**
 * Free/busy through `POST /me/calendar/getSchedule` (Graph reference "calendar: getSchedule"; guide
 * "Get free/busy schedule of Outlook calendar users and resources", concepts/outlook-get-free-busy-schedule.md).
 *
 * What Graph documents, and what this relies on:
 * - Delegated permission, least privileged: Calendars.ReadBasic (the reference page's permissions
 *   table; the guide's older text still says Calendars.Read). Without it: 403 ErrorAccessDenied.
 * - At most 20 entities a call (the guide; live Graph has been seen to take 100: this holds to 20).
 * - A period shorter than 62 days; `availabilityViewInterval` 5–1,440 minutes (default 30).
 * - Times come back in UTC when no `Prefer: outlook.timezone` is sent (none is: a local wall time in
 *   the hour repeated when daylight saving ends would be ambiguous).
 * - One `scheduleInformation` per address asked, with `scheduleId` the address as given; an address
 *   Graph cannot resolve (or a mailbox it cannot read) comes back as an item with `error` instead of
 *   a schedule, in a 200 answer. Mailbox throttling (429 with Retry-After) applies to the whole call.
 *
 * Items may carry `subject`, `location` and `isPrivate` when the owner shares them: they are cut off
 * here before anything reads the answer, and `readScheduleInformation` keeps only statuses and times.
 */

/** getSchedule looks up at most this many entities a call (free/busy guide, "Limits and error conditions"). */
export const MAX_SCHEDULES_PER_CALL = 20;

/** Graph's `availabilityViewInterval` bounds, minutes. */
const MIN_INTERVAL_MINUTES = 5;
const MAX_INTERVAL_MINUTES = 1440;
/** The period asked about must be shorter than this (free/busy guide: "less than 62 days"). */
const MAX_WINDOW_MS = 62 * 24 * 60 * 60_000;

/** Someone whose schedule is asked for: the board's id for them and their SMTP address. */
export interface ScheduleSubjectAddress {
  id: string;
  address: string;
}

/** Graph's `dateTimeTimeZone` of an instant, in UTC: "2026-12-02T09:00:00.000" with timeZone "UTC". */
function utcDateTimeTimeZone(ms: number): { dateTime: string; timeZone: string } {
  return { dateTime: new Date(ms).toISOString().slice(0, 23), timeZone: 'UTC' };
}

/**
 * The smallest `availabilityView` Graph can send for the window: one slot as long as the window
 * allows (the board reads `scheduleItems`, not the view), within 5–1,440 minutes.
 */
function viewInterval(windowMs: number): number {
  return Math.min(MAX_INTERVAL_MINUTES, Math.max(MIN_INTERVAL_MINUTES, Math.floor(windowMs / 60_000)));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An item with what can be shown only: each schedule item's `status`, `start`, `end` (never subject, location, private flag). */
function withoutDetails(item: unknown): unknown {
  if (!isRecord(item) || !Array.isArray(item.scheduleItems)) return item;
  return {
    ...item,
    scheduleItems: item.scheduleItems.map((entry: unknown) =>
      isRecord(entry) ? { status: entry.status, start: entry.start, end: entry.end } : entry,
    ),
  };
}

/** One item read; a reader that throws on a strange answer costs that person only. */
function read(item: unknown, coversUntil: number): ScheduleReading {
  try {
    return readScheduleInformation(withoutDetails(item), coversUntil);
  } catch {
    return { kind: 'unavailable' };
  }
}

/**
 * The free/busy of up to 20 people over `window` (epoch ms) in one getSchedule call, keyed by person id:
 * each answer read with `readScheduleInformation` ('unavailable' for an item with `error` or one that
 * cannot be read), or 'later' for a person Graph sent no answer for.
 *
 * Answers are matched to people by `scheduleId` (the address as asked, compared case-insensitively),
 * falling back to the position in the answer when an item's `scheduleId` names no one asked (Graph
 * documents one item per address, in order). People who share an address share its answer.
 *
 * A failure of the whole call propagates as the client's GraphError, so the caller can tell "no
 * consent" (`forbidden`, 403; `auth`, 401) from "ask later" (`throttled` after the client's own
 * retries, `unavailable`, `network`). An answer without a `value` list is a `bad-response`.
 *
 * Throws RangeError for more than 20 people, an empty address, or a window that is not 5 minutes to
 * under 62 days long (Graph's limits).
 */
export async function getSchedules(
  client: GraphClient,
  people: ReadonlyArray<ScheduleSubjectAddress>,
  window: { start: number; end: number },
  signal?: AbortSignal,
): Promise<Map<string, ScheduleReading | 'later'>> {
  if (people.length > MAX_SCHEDULES_PER_CALL) {
    throw new RangeError(`getSchedule takes at most ${MAX_SCHEDULES_PER_CALL} schedules a call; got ${people.length}.`);
  }
  const empty = people.find((p) => typeof p.address !== 'string' || p.address.trim() === '');
  if (empty) throw new RangeError(`getSchedule takes SMTP addresses; person ${empty.id} has none.`);
  const length = window.end - window.start;
  if (!Number.isFinite(length) || length < MIN_INTERVAL_MINUTES * 60_000 || length >= MAX_WINDOW_MS) {
    throw new RangeError(`getSchedule reads a period of 5 minutes to under 62 days; got ${length} ms.`);
  }
  const answers = new Map<string, ScheduleReading | 'later'>();
  if (people.length === 0) return answers;

  const addresses = people.map((p) => p.address.trim());
  const reply = await client.request<{ value?: unknown }>({
    url: '/me/calendar/getSchedule',
    method: 'POST',
    body: {
      schedules: addresses,
      startTime: utcDateTimeTimeZone(window.start),
      endTime: utcDateTimeTimeZone(window.end),
      availabilityViewInterval: viewInterval(length),
    },
    signal,
  });
  if (!isRecord(reply) || !Array.isArray(reply.value)) {
    // No 'no-list' facts: the page's error texts name only users, batch and presences lists.
    throw new GraphError('bad-response', 'Microsoft Graph sent a getSchedule answer without a list of schedules.');
  }
  const items: unknown[] = reply.value;
  const asked = new Set(addresses.map((a) => a.toLowerCase()));
  const byAddress = new Map<string, unknown>();
  for (const item of items) {
    const id = isRecord(item) && typeof item.scheduleId === 'string' ? item.scheduleId.trim().toLowerCase() : null;
    if (id !== null && asked.has(id) && !byAddress.has(id)) byAddress.set(id, item);
  }
  people.forEach((person, i) => {
    const key = addresses[i]!.toLowerCase();
    let item = byAddress.get(key);
    if (item === undefined && i < items.length) {
      const atPosition = items[i];
      const named = isRecord(atPosition) && typeof atPosition.scheduleId === 'string' ? atPosition.scheduleId.trim().toLowerCase() : null;
      // The item at this place, unless it is someone else's answer.
      if (named === null || !asked.has(named)) item = atPosition;
    }
    answers.set(person.id, item === undefined ? 'later' : read(item, window.end));
  });
  return answers;
}
