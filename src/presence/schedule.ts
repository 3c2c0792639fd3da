/**
 * A person's calendar as the board keeps it: when they are busy and when they work, nothing else.
 * Subjects, locations, attendees and the private flag are never read into these types, so they
 * cannot be kept or shown even where Graph returns them (docs/calendars.md).
 *
 * Times are epoch milliseconds (UTC): Graph is asked for UTC (no `Prefer: outlook.timezone`), since a
 * local wall time in the hour repeated when daylight saving ends is ambiguous.
 */

/** Graph's `freeBusyStatus` of a schedule item, less `unknown` (an item of unknown status is left out). */
export type FreeBusy = 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere';

/** One schedule item: its status and when. A private item is just busy. */
export interface BusySpan {
  status: FreeBusy;
  start: number;
  end: number;
}

export type Weekday = 'sunday' | 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday';

/** When a custom zone changes offset: the `dayOccurrence`-th `dayOfWeek` of `month` (5 = the last), at `minutes` after local midnight. */
export interface ZoneTransition {
  /** 1–12. */
  month: number;
  /** 1–5; 5 is the last such day of the month. */
  dayOccurrence: number;
  dayOfWeek: Weekday;
  /** Local time of the change, minutes after midnight. */
  minutes: number;
}

/**
 * The time zone of a person's working hours: a named zone (Windows names are mapped to IANA names
 * when read), or a custom one as Graph's `customTimeZone` describes it.
 */
export type ScheduleZone =
  | { kind: 'iana'; name: string }
  | {
      kind: 'custom';
      /** Minutes to add to local time to get UTC (Graph's `bias`: 480 is UTC−8). */
      bias: number;
      /** When standard time starts, and its extra bias (usually 0); null: no daylight saving. */
      standard: (ZoneTransition & { bias: number }) | null;
      /** When daylight time starts, and its extra bias (usually −60). */
      daylight: (ZoneTransition & { bias: number }) | null;
    };

/** The working hours a person set in Outlook. */
export interface WorkingHours {
  days: Weekday[];
  /** Minutes after local midnight. */
  startMinutes: number;
  endMinutes: number;
  /** Null when Graph named no zone, or one the board cannot place. */
  zone: ScheduleZone | null;
}

export interface PersonSchedule {
  /** Sorted by start; overlapping items are kept as they came. */
  spans: BusySpan[];
  workingHours: WorkingHours | null;
  /** The end of the window that was asked for (epoch ms): past it nothing is known of their calendar. */
  coversUntil: number;
}

/** What one person's schedule came to: read, or not readable (a guest, an unknown mailbox, a malformed answer). */
export type ScheduleReading = { kind: 'schedule'; schedule: PersonSchedule } | { kind: 'unavailable' };
