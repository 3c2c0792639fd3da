import type { BusySpan, PersonSchedule, WorkingHours } from './schedule';
import { offsetMinutesAt } from './timeZone';
import { isWithinWorkingHours, nextWorkingStart, workingPeriodAt } from './workingHours';

/**
 * When a person can be reached, from their schedule at an instant: "Free until 14:30", "In a meeting
 * until 11:00 · then free", "Busy until 15:00", "Out of office until Mon 09:00", "Outside working hours".
 *
 * Precedence, first that applies:
 * 1. out-of-office: an `oof` item covers now, whether or not now is in their working hours (their
 *    return is what matters). Back at the end of the run of oof items (gaps under 5 minutes joined);
 *    if that falls outside their working hours, at their next working-hours start, and if an oof item
 *    covers that start too, at the end of that run, and so on. Null when a run reaches the window's end.
 * 2. after-hours: their working hours and zone are known and now is outside them, even if a meeting is
 *    on (a meeting at 19:00 does not make them reachable). Back at their next working-hours start (moved
 *    as above if an oof item covers it; kept when past the window, since working hours repeat).
 * 3. busy / meeting: busy or tentative items cover now. A run of items with gaps under 5 minutes is
 *    `busy` until its end; a single item is a `meeting`, `thenFree` when its end is inside the window and
 *    their working hours (when known) and no oof item starts within 5 minutes of it.
 * 4. free: otherwise (free and workingElsewhere items count as free). Until the next busy, tentative
 *    or oof item that starts before the end of their working day (when known) and the window's end;
 *    null when there is none.
 *
 * Working hours with no zone, or a zone the runtime cannot place, count as unknown: never after hours.
 * Past `coversUntil` nothing is known: a caller keeps the window ahead of now by asking again.
 */
export type Reach =
  | { kind: 'free'; until: number | null }
  | { kind: 'meeting'; until: number; thenFree: boolean }
  | { kind: 'busy'; until: number }
  | { kind: 'out-of-office'; until: number | null }
  | { kind: 'after-hours'; backAt: number | null };

/** Items closer than this are back to back: a person does not get to them in between. */
export const BACK_TO_BACK_GAP_MS = 5 * 60_000;

const isBusy = (span: BusySpan) => span.status === 'busy' || span.status === 'tentative';
const isOutOfOffice = (span: BusySpan) => span.status === 'oof';

/**
 * The run of matching spans that covers `at`: the spans that cover it, then every span starting less than
 * BACK_TO_BACK_GAP_MS after the run's end so far. `count` is how many spans moved its end (0: none covers
 * `at`). Spans are sorted by start, so one pass does.
 */
function runAt(spans: readonly BusySpan[], matches: (span: BusySpan) => boolean, at: number): { end: number; count: number } {
  let end = at;
  let count = 0;
  for (const span of spans) {
    if (!matches(span)) continue;
    if (count === 0 ? span.start > at : span.start >= end + BACK_TO_BACK_GAP_MS) break;
    if (span.end <= end) continue;
    end = span.end;
    count += 1;
  }
  return { end, count };
}

/** Working hours the board can compute with (known days and a zone it can place), or null. */
function knownHours(schedule: PersonSchedule, at: number): WorkingHours | null {
  const hours = schedule.workingHours;
  return hours && isWithinWorkingHours(hours, at) !== null ? hours : null;
}

/** How many times an oof run is moved to a later working day before giving up (a few weeks of leave). */
const MAX_RETURN_STEPS = 64;

/**
 * When a person is back from the oof run covering `from`: the run's end, moved to their next working-hours
 * start when it falls outside them, and past any oof run covering that start, and so on. `from` itself
 * when no oof item covers it (even past the window: working hours repeat, only the calendar is unknown
 * there). Null when an oof run reaches the window's end.
 */
function backFromOutOfOffice(schedule: PersonSchedule, hours: WorkingHours | null, from: number): number | null {
  let back = from;
  for (let step = 0; step < MAX_RETURN_STEPS; step += 1) {
    const run = runAt(schedule.spans, isOutOfOffice, back);
    if (run.count === 0) return back;
    back = run.end;
    if (back >= schedule.coversUntil) return null;
    if (!hours || isWithinWorkingHours(hours, back)) return back;
    const start = nextWorkingStart(hours, back);
    if (start === null) return back;
    back = start;
  }
  return null;
}

/** Whether an oof item covers `at` or starts less than BACK_TO_BACK_GAP_MS after it. */
function outOfOfficeSoonAfter(spans: readonly BusySpan[], at: number): boolean {
  return spans.some((span) => isOutOfOffice(span) && span.start < at + BACK_TO_BACK_GAP_MS && span.end > at);
}

/** When the person can be reached, at epoch ms `now` (see Reach for the rules). */
export function reachAt(schedule: PersonSchedule, now: number): Reach {
  const hours = knownHours(schedule, now);
  const { spans, coversUntil } = schedule;

  if (runAt(spans, isOutOfOffice, now).count > 0) {
    return { kind: 'out-of-office', until: backFromOutOfOffice(schedule, hours, now) };
  }

  if (hours && !isWithinWorkingHours(hours, now)) {
    const start = nextWorkingStart(hours, now);
    return { kind: 'after-hours', backAt: start === null ? null : backFromOutOfOffice(schedule, hours, start) };
  }

  const busy = runAt(spans, isBusy, now);
  if (busy.count > 1) return { kind: 'busy', until: busy.end };
  if (busy.count === 1) {
    const thenFree =
      busy.end < coversUntil && (!hours || isWithinWorkingHours(hours, busy.end) === true) && !outOfOfficeSoonAfter(spans, busy.end);
    return { kind: 'meeting', until: busy.end, thenFree };
  }

  const dayEnd = hours ? (workingPeriodAt(hours, now)?.end ?? coversUntil) : coversUntil;
  const horizon = Math.min(dayEnd, coversUntil);
  const next = spans.find((span) => (isBusy(span) || isOutOfOffice(span)) && span.start > now);
  return { kind: 'free', until: next && next.start < horizon ? next.start : null };
}

/**
 * The person's local time at `now` as an offset from UTC (minutes, east positive) and whether it is outside
 * their working hours; null when their zone is unknown (no working hours, no zone, or one that cannot be placed).
 */
export function localTimeAt(schedule: PersonSchedule, now: number): { offsetMinutes: number; afterHours: boolean } | null {
  const hours = schedule.workingHours;
  if (!hours?.zone) return null;
  const offsetMinutes = offsetMinutesAt(hours.zone, now);
  if (offsetMinutes === null) return null;
  return { offsetMinutes, afterHours: isWithinWorkingHours(hours, now) === false };
}
