import type { Density } from './boardView';
import type { Person } from '../presence/types';

/**
 * The list's row-height model: a collapsed row's height follows from which lines it has, so the
 * list lays out 50,000 rows without measuring them. The numbers are Fluent's line heights
 * (lineHeightBase300 and 200); the row's styles use the same ones.
 */
export const ROW_LINES = {
  /** The name's line. */
  name: 20,
  /** Status, role, mail and message lines. */
  small: 16,
  avatar: 40,
  /** Above and below the row's content. */
  padding: 8,
  /** The line under each row. */
  border: 1,
} as const;

/** A heading row: one line of 20 px, 8 px above and below, a 1 px border. */
export const HEADING_HEIGHT = 37;

/** For Page Up/Down: a typical row. */
export const TYPICAL_ROW_HEIGHT = 90;

/** Status and out-of-office messages longer than this are clamped to two lines, with "Show more". */
export const CLAMP_CHARS = 50;

/** Job title, department and office, those that are known. */
export function roleOf(person: Person): string[] {
  const { user } = person;
  return [user.jobTitle, user.department, user.officeLocation].filter((v): v is string => typeof v === 'string' && v !== '');
}

/** The automatic reply a row shows (only while out of office). */
export function outOfOfficeOf(person: Person): string | null {
  return person.presence?.isOutOfOffice && person.presence.outOfOfficeMessage ? person.presence.outOfOfficeMessage : null;
}

/** Lines a message takes while collapsed: none, one, or two clamped plus "Show more". */
export const messageLines = (text: string | null | undefined): number => (!text ? 0 : text.length > CLAMP_CHARS ? 3 : 1);

/** A compact row: one line (photo, name, status, and the title or message where it fits), a touch target's height. */
export const COMPACT_ROW_HEIGHT = 44;

const heights = new WeakMap<Person, number>();
const heightsWithCalendar = new WeakMap<Person, number>();

/**
 * The height of a person's row while its messages are collapsed, in CSS pixels; kept per Person
 * (the list asks for every row's height whenever the rows change). Compact rows are all one height.
 * While calendars are shown (`calendarLine`), a comfortable row has one more line for what the
 * calendar says, whole on a phone too (beside the status it was cut to "Outsid…" at 390 px).
 */
export function personRowHeight(person: Person, density: Density = 'comfortable', calendarLine = false): number {
  if (density === 'compact') return COMPACT_ROW_HEIGHT;
  const kept = calendarLine ? heightsWithCalendar : heights;
  let height = kept.get(person);
  if (height === undefined) {
    height = computeRowHeight(person, calendarLine);
    kept.set(person, height);
  }
  return height;
}

function computeRowHeight(person: Person, calendarLine: boolean): number {
  const { name, small, avatar, padding, border } = ROW_LINES;
  const lines =
    name +
    small * (1 + (calendarLine ? 1 : 0) + (roleOf(person).length > 0 ? 1 : 0) + (person.user.mail ? 1 : 0)) +
    small * (messageLines(person.presence?.statusMessage) + messageLines(outOfOfficeOf(person)));
  return Math.max(avatar, lines) + 2 * padding + border;
}
