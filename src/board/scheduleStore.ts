import { InteractionRequiredError } from '../auth/errors';
import type { GraphClient } from '../graph/client';
import { GraphError, isAbortError } from '../graph/errors';
import { getSchedules, MAX_SCHEDULES_PER_CALL } from '../graph/schedules';
import { idKey } from '../presence/people';
import type { ScheduleReading } from '../presence/schedule';

/**
 * Whether calendars can be read:
 * - `off`: the viewer has not turned "Show calendars" on; nothing is asked.
 * - `on`: asked for the people on screen.
 * - `needs-consent`: the token lacks Calendars.ReadBasic (MSAL wants the person, or Graph said 403):
 *   nothing more is asked until the viewer grants access (a click) and `retry()` is called.
 * - `refused`: access was granted and Graph still refuses (403): an administrator must allow it.
 * - `no-mailbox`: Graph cannot reach the viewer's own mailbox, which getSchedule is asked through
 *   (404 on /me/calendar: a guest, no Exchange Online licence, a mailbox on-premises); nothing more
 *   is asked until calendars are turned off and on again or access is granted.
 */
export type CalendarAccess = 'off' | 'on' | 'needs-consent' | 'refused' | 'no-mailbox';

/** A person whose schedule may be asked for: their object id and the address getSchedule takes (null: none, never asked). */
export interface ScheduleSubject {
  id: string;
  address: string | null;
}

export interface ScheduleStoreOptions {
  /** A Graph client whose token carries Calendars.ReadBasic (its own scopes: the board's start-up scopes stay as they are). */
  client: GraphClient;
  /** The call itself (default: Graph's getSchedule, 20 people a call). */
  fetchSchedules?: typeof getSchedules;
  /** Wait this long for the screen to settle before asking (default 300 ms): a scroll past rows asks nothing for them. */
  gatherMs?: number;
  /**
   * The wait for the screen to settle is put off at most this long (default 2 s): a relay's presence
   * that keeps moving one row in or out of view never settles it, and the rows that stay would never
   * be asked for. The budget holds whatever this is.
   */
  maxGatherMs?: number;
  /** Calls in flight at once (default 2: Outlook runs at most 4 requests a mailbox at once, and all of them are the viewer's). */
  concurrency?: number;
  /** A schedule read this long ago is read again if its person is still wanted (default 5 min; a refresh of presence asks then). */
  freshMs?: number;
  /** A schedule nobody could read (a guest, an unknown mailbox) is asked again after this long (default 1 h). */
  unavailableMs?: number;
  /** How far ahead each schedule is read (default 4 days: "Out of office until Mon 09:00" from a Friday). */
  windowMs?: number;
  /** The budget: at most this many calls in any minute (default 30); more wanted waits. */
  callsPerMinute?: number;
  /** After a failed call (throttled, unavailable, offline) its people are asked again after this long (default 60 s). */
  retryAfterMs?: number;
  /** Schedules kept at most (default 2,000); beyond, the longest kept go first. */
  maxKept?: number;
  now?: () => number;
}

interface Kept {
  reading: ScheduleReading;
  readAt: number;
}

const MINUTE = 60_000;

/**
 * Calendars for the people on screen only, asked for in calls of up to 20 people (getSchedule's
 * documented limit), each kept with the time it was read and read again when it is older than
 * `freshMs` and still on screen, never more often than the budget allows. Subjects and locations
 * never get here: `readScheduleInformation` keeps statuses, times and working hours only.
 */
export class ScheduleStore {
  private readonly kept = new Map<string, Kept>();
  private readonly laterUntil = new Map<string, number>();
  private readonly inFlight = new Set<string>();
  private wanted: ScheduleSubject[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** When the pending wait (`timer`) began, or the wait it carries on (null: none pending). */
  private gatherSince: number | null = null;
  private readonly listeners = new Set<() => void>();
  /** When each call of the last minute was answered (or failed), in order. */
  private readonly callTimes: number[] = [];
  private running = 0;
  private version = 0;
  private accessNow: CalendarAccess = 'off';
  private grantedOnce = false;
  private readonly controller = new AbortController();
  private readonly now: () => number;
  /** Calls made so far (for the budget bench and tests). */
  calls = 0;

  constructor(private readonly options: ScheduleStoreOptions) {
    this.now = options.now ?? Date.now;
  }

  get access(): CalendarAccess {
    return this.accessNow;
  }

  /** The schedule read for a person, or undefined while none is known. */
  readingOf = (id: string): ScheduleReading | undefined => this.kept.get(idKey(id))?.reading;

  /** When a person's schedule was read (to tell the page only what changed). */
  readAtOf = (id: string): number | undefined => this.kept.get(idKey(id))?.readAt;

  /** Changes whenever a schedule arrives or access changes (for subscribers). */
  getVersion = (): number => this.version;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Turns calendars on or off. Off asks nothing more; what was read is kept for when they are turned on again. */
  setEnabled(on: boolean): void {
    if (on === (this.accessNow !== 'off')) return;
    if (!on) {
      this.wanted = [];
      this.clearTimer();
      this.setAccess('off');
      return;
    }
    this.setAccess('on');
    this.sendSoon();
  }

  /** Access was granted (after the viewer's click): ask again for those on screen. */
  retry(): void {
    if (this.accessNow === 'off') return;
    this.grantedOnce = true;
    this.setAccess('on');
    this.laterUntil.clear();
    this.sendSoon();
  }

  /** The people now on screen, replacing the last wish: those without a fresh schedule are asked for soon. */
  want(people: readonly ScheduleSubject[]): void {
    let changed = false;
    for (const person of people) {
      // No address, nothing to ask Graph: "nothing to say" for that person, at once.
      if (person.address === null && !this.kept.has(idKey(person.id))) {
        this.keep(person.id, { kind: 'unavailable' });
        changed = true;
      }
    }
    if (changed) this.changed();
    const wanted = people.filter((person) => person.address !== null);
    const before = new Set(this.wanted.map((person) => idKey(person.id)));
    const same = wanted.length === this.wanted.length && wanted.every((person) => before.has(idKey(person.id)));
    this.wanted = wanted;
    // Asked once the screen has stayed put for gatherMs: rows scrolled past are never asked for. The
    // same people again (new presence redrew the same rows, as a relay does every second, or re-sorted
    // them) do not put the wait off, and nothing puts it off beyond maxGatherMs.
    const pendingSince = this.timer !== null ? this.gatherSince : null;
    const waitedLong = pendingSince !== null && this.now() - pendingSince >= (this.options.maxGatherMs ?? 2_000);
    if (!same && !waitedLong) this.clearTimer();
    if (this.accessNow === 'on') this.sendSoon(undefined, pendingSince ?? undefined);
  }

  /** Presence was refreshed: schedules of people still on screen that are no longer fresh are read again. */
  refresh(): void {
    if (this.accessNow === 'on') this.sendSoon();
  }

  dispose(): void {
    this.clearTimer();
    this.controller.abort();
    this.listeners.clear();
  }

  /** Not fresh, not being read, and not waiting out a failure. */
  private readonly needs = (person: ScheduleSubject): boolean => {
    const key = idKey(person.id);
    if (this.inFlight.has(key) || (this.laterUntil.get(key) ?? 0) > this.now()) return false;
    const kept = this.kept.get(key);
    if (!kept) return true;
    const freshFor =
      kept.reading.kind === 'unavailable' ? (this.options.unavailableMs ?? 60 * MINUTE) : (this.options.freshMs ?? 5 * MINUTE);
    return this.now() - kept.readAt >= freshFor;
  };

  /** Asks after `delay`, unless a wait is pending; `since`: when the wait this one carries on began. */
  private sendSoon(delay = this.options.gatherMs ?? 300, since = this.now()): void {
    if (this.timer !== null || this.accessNow !== 'on') return;
    if (!this.wanted.some(this.needs)) return;
    this.gatherSince = since;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.gatherSince = null;
      this.send();
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.gatherSince = null;
  }

  /**
   * Calls left in the budget's minute now, and when the next one frees up. A call holds its slot from
   * its sending until a minute after its answer: Graph counts a call when it arrives, which a slow
   * network delays, and its answer comes after that, so Graph never sees more than the budget in a minute.
   */
  private budget(): { left: number; freeAt: number } {
    const now = this.now();
    while (this.callTimes.length > 0 && this.callTimes[0]! <= now - MINUTE) this.callTimes.shift();
    const perMinute = this.options.callsPerMinute ?? 30;
    return { left: perMinute - this.callTimes.length - this.running, freeAt: (this.callTimes[0] ?? now) + MINUTE };
  }

  /**
   * Sends as many calls as there are free slots and budget; the rest stay wanted. A call that ends
   * sends the next from what is wanted then, so rows scrolled past are never asked for.
   */
  private send(): void {
    const concurrency = this.options.concurrency ?? 2;
    while (this.running < concurrency && this.accessNow === 'on') {
      const due = this.wanted.filter(this.needs);
      if (due.length === 0) return;
      const { left, freeAt } = this.budget();
      if (left <= 0) {
        this.sendSoon(Math.max(0, freeAt - this.now()));
        return;
      }
      const call = due.slice(0, MAX_SCHEDULES_PER_CALL);
      for (const person of call) this.inFlight.add(idKey(person.id));
      this.calls++;
      this.running++;
      void this.fetchCall(call).finally(() => {
        this.callTimes.push(this.now());
        this.running--;
        if (!this.controller.signal.aborted) this.send();
      });
    }
  }

  private async fetchCall(people: ScheduleSubject[]): Promise<void> {
    const fetchSchedules = this.options.fetchSchedules ?? getSchedules;
    const start = this.now();
    const window = { start, end: start + (this.options.windowMs ?? 4 * 24 * 60 * MINUTE) };
    let changed = false;
    try {
      const answers = await fetchSchedules(
        this.options.client,
        people.map((person) => ({ id: person.id, address: person.address! })),
        window,
        this.controller.signal,
      );
      for (const person of people) {
        const answer = answers.get(person.id);
        if (answer === undefined || answer === 'later') {
          this.laterUntil.set(idKey(person.id), this.now() + (this.options.retryAfterMs ?? MINUTE));
          continue;
        }
        this.keep(person.id, answer);
        changed = true;
      }
    } catch (error) {
      if (isAbortError(error)) return;
      if (
        error instanceof InteractionRequiredError ||
        (error instanceof GraphError && (error.kind === 'forbidden' || error.kind === 'auth'))
      ) {
        // Consent missing: nobody is asked again until the viewer grants it. Granted and still refused: an administrator must allow it.
        this.setAccess(this.grantedOnce && !(error instanceof InteractionRequiredError) ? 'refused' : 'needs-consent');
      } else if (error instanceof GraphError && error.status === 404) {
        // The viewer's own mailbox is not there (MailboxNotEnabledForRESTAPI): asking again every minute cannot help.
        this.setAccess('no-mailbox');
      } else {
        // Throttled after the client's retries, unavailable, offline: those people are asked later; the board loses nothing.
        for (const person of people) this.laterUntil.set(idKey(person.id), this.now() + (this.options.retryAfterMs ?? MINUTE));
      }
    } finally {
      for (const person of people) this.inFlight.delete(idKey(person.id));
    }
    if (changed) this.changed();
  }

  private keep(id: string, reading: ScheduleReading): void {
    const key = idKey(id);
    this.kept.delete(key);
    this.kept.set(key, { reading, readAt: this.now() });
    const max = this.options.maxKept ?? 2000;
    for (const oldest of this.kept.keys()) {
      if (this.kept.size <= max) break;
      this.kept.delete(oldest);
    }
  }

  private setAccess(access: CalendarAccess): void {
    if (access === this.accessNow) return;
    this.accessNow = access;
    this.changed();
  }

  private changed(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}
