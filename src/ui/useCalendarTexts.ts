import { useCallback, useEffect, useState } from 'react';
import type { ScheduleReading } from '../presence/schedule';
import type { CalendarText } from './calendarText';
import { useStrings } from './strings';
import { useTransitionStore } from './useTransitionStore';

/** Where rows get schedules (the board worker's, in the app). */
export interface ScheduleSource {
  readingOf(id: string): ScheduleReading | undefined;
  subscribe(listener: () => void): () => void;
  getVersion(): number;
}

const noSubscription = () => () => {};
const noVersion = () => 0;

/** The time now, moved on at each minute's start while `running` (labels say "until 14:30": a minute is their grain). */
export function useMinuteClock(running: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      setNow(Date.now());
      timer = setTimeout(tick, 60_000 - (Date.now() % 60_000));
    };
    // At once (calendars were just turned on: the time the list was first drawn may be old), then each minute.
    timer = setTimeout(tick, 0);
    return () => clearTimeout(timer);
  }, [running]);
  return now;
}

type CalendarTextModule = typeof import('./calendarText');

/**
 * What each row says about its person's calendar, while calendars are shown (`source` given):
 * redrawn as schedules arrive and at every minute's start, in the viewer's words and time zone.
 * The labels' code (time zones, the Windows zone names) is loaded the first time calendars are
 * shown, not with the board's first paint.
 */
export function useCalendarTexts(source: ScheduleSource | null, locale: string | undefined): (id: string) => CalendarText | null {
  const strings = useStrings();
  const version = useTransitionStore(source?.subscribe ?? noSubscription, source?.getVersion ?? noVersion);
  const now = useMinuteClock(source !== null);
  const [texts, setTexts] = useState<CalendarTextModule | null>(null);
  useEffect(() => {
    if (source !== null && texts === null) void import('./calendarText').then(setTexts);
  }, [source, texts]);
  return useCallback(
    (id: string) => {
      if (source === null || texts === null) return null;
      // The viewer's offset at this moment (east of UTC positive), to show a person's local time only where it differs.
      const viewerOffset = -new Date(now).getTimezoneOffset();
      return texts.calendarTextFor(source.readingOf(id), now, strings, { locale }, viewerOffset);
    },
    // `version` changes when schedules arrive: the rows read them again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [source, texts, now, strings, locale, version],
  );
}
