import { describe, expect, it } from 'vitest';
import type { PersonSchedule, ScheduleReading } from '@/presence/schedule';
import { MAX_SPANS, readScheduleInformation } from '@/presence/scheduleReading';

const utc = (iso: string) => Date.parse(`${iso}Z`);
const COVERS_UNTIL = utc('2026-03-31T00:00');

/** A scheduleItem as Graph answers without a Prefer header: UTC wall times with seven decimals. */
function item(status: unknown, start: string, end: string, extra: Record<string, unknown> = {}) {
  return {
    status,
    start: { dateTime: `${start}:00.0000000`, timeZone: 'UTC' },
    end: { dateTime: `${end}:00.0000000`, timeZone: 'UTC' },
    ...extra,
  };
}

function answer(scheduleItems: unknown, extra: Record<string, unknown> = {}) {
  return { scheduleId: 'adele@contoso.example', availabilityView: '0022', scheduleItems, ...extra };
}

function scheduleOf(reading: ScheduleReading): PersonSchedule {
  if (reading.kind !== 'schedule') throw new Error('expected a schedule, got unavailable');
  return reading.schedule;
}

describe('readScheduleInformation', () => {
  it('reads statuses (any case), UTC times and working hours, sorted by start, with the window end', () => {
    const reading = readScheduleInformation(
      answer(
        [
          item('Busy', '2026-03-30T13:00', '2026-03-30T14:00'),
          item('tentative', '2026-03-30T09:00', '2026-03-30T09:30'),
          item('OOF', '2026-03-30T16:00', '2026-03-30T23:00'),
          item('workingElsewhere', '2026-03-30T07:00', '2026-03-30T08:00'),
          item('Free', '2026-03-30T11:00', '2026-03-30T11:30'),
        ],
        {
          workingHours: {
            daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
            startTime: '08:00:00.0000000',
            endTime: '17:00:00.0000000',
            timeZone: { name: 'W. Europe Standard Time' },
          },
        },
      ),
      COVERS_UNTIL,
    );
    expect(reading).toEqual({
      kind: 'schedule',
      schedule: {
        spans: [
          { status: 'workingElsewhere', start: utc('2026-03-30T07:00'), end: utc('2026-03-30T08:00') },
          { status: 'tentative', start: utc('2026-03-30T09:00'), end: utc('2026-03-30T09:30') },
          { status: 'free', start: utc('2026-03-30T11:00'), end: utc('2026-03-30T11:30') },
          { status: 'busy', start: utc('2026-03-30T13:00'), end: utc('2026-03-30T14:00') },
          { status: 'oof', start: utc('2026-03-30T16:00'), end: utc('2026-03-30T23:00') },
        ],
        workingHours: {
          days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
          startMinutes: 480,
          endMinutes: 1020,
          zone: { kind: 'iana', name: 'Europe/Berlin' },
        },
        coversUntil: COVERS_UNTIL,
      },
    });
  });

  it('keeps nothing but status and times: no subject, location, attendees or private flag', () => {
    const secret = {
      subject: 'Layoffs: Project Nightingale',
      location: 'Board room 7',
      isPrivate: true,
      attendees: [{ emailAddress: { address: 'ceo@contoso.example' } }],
      isMeeting: true,
      isRecurring: false,
    };
    const reading = readScheduleInformation(answer([item('busy', '2026-03-30T09:00', '2026-03-30T10:00', secret)]), COVERS_UNTIL);
    const schedule = scheduleOf(reading);
    expect(Object.keys(schedule).sort()).toEqual(['coversUntil', 'spans', 'workingHours']);
    expect(Object.keys(schedule.spans[0]!).sort()).toEqual(['end', 'start', 'status']);
    const text = JSON.stringify(reading);
    for (const word of ['Nightingale', 'Board room', 'ceo@', 'isPrivate', 'subject', 'location', 'attendees', 'adele@']) {
      expect(text).not.toContain(word);
    }
  });

  it('an answer with an error is unavailable, whatever its code and even with items beside it', () => {
    const errors = [
      { message: 'Unable to resolve the address', responseCode: 'ErrorMailRecipientNotFound' },
      { message: 'Something new', responseCode: 'ErrorNobodyHasSeenThisYet' },
      { message: 'No code' },
      {},
      'broken',
    ];
    for (const error of errors) {
      const withItems = answer([item('busy', '2026-03-30T09:00', '2026-03-30T10:00')], { error });
      expect(readScheduleInformation(withItems, COVERS_UNTIL), JSON.stringify(error)).toEqual({ kind: 'unavailable' });
    }
    expect(readScheduleInformation(answer([], { error: null }), COVERS_UNTIL).kind).toBe('schedule');
  });

  it('a malformed answer as a whole is unavailable, never a throw', () => {
    const malformed: unknown[] = [
      null,
      undefined,
      'value',
      42,
      [],
      [answer([])],
      {},
      answer(undefined),
      answer(null),
      answer('[]'),
      answer({ 0: item('busy', '2026-03-30T09:00', '2026-03-30T10:00'), length: 1 }),
      answer(42),
    ];
    for (const value of malformed) {
      expect(readScheduleInformation(value, COVERS_UNTIL), JSON.stringify(value) ?? String(value)).toEqual({ kind: 'unavailable' });
    }
  });

  it('an object whose fields throw when read is unavailable, not a throw', () => {
    const trap = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
      },
    );
    expect(readScheduleInformation(trap, COVERS_UNTIL)).toEqual({ kind: 'unavailable' });
    expect(readScheduleInformation(answer([trap]), COVERS_UNTIL)).toEqual({ kind: 'unavailable' });
  });

  it('drops bad items one by one and keeps the good ones', () => {
    const good = item('busy', '2026-03-30T09:00', '2026-03-30T10:00');
    const bad: unknown[] = [
      null,
      'busy',
      42,
      [],
      item('unknown', '2026-03-30T11:00', '2026-03-30T12:00'),
      item('Unknown', '2026-03-30T11:00', '2026-03-30T12:00'),
      item('sleeping', '2026-03-30T11:00', '2026-03-30T12:00'),
      item(2, '2026-03-30T11:00', '2026-03-30T12:00'),
      item(null, '2026-03-30T11:00', '2026-03-30T12:00'),
      item('busy', '2026-02-30T11:00', '2026-03-30T12:00'),
      item('busy', '2026-13-01T11:00', '2026-13-01T12:00'),
      item('busy', '2026-03-30T24:00', '2026-03-30T25:00'),
      item('busy', '2026-03-30T12:00', '2026-03-30T11:00'),
      item('busy', '2026-03-30T12:00', '2026-03-30T12:00'),
      { status: 'busy', start: { dateTime: 'tomorrow', timeZone: 'UTC' }, end: { dateTime: '2026-03-30T12:00:00', timeZone: 'UTC' } },
      { status: 'busy', start: { dateTime: 1774864800000, timeZone: 'UTC' }, end: { dateTime: '2026-03-30T12:00:00', timeZone: 'UTC' } },
      { status: 'busy', start: '2026-03-30T11:00:00', end: '2026-03-30T12:00:00' },
      { status: 'busy', start: null, end: { dateTime: '2026-03-30T12:00:00', timeZone: 'UTC' } },
      { status: 'busy', end: { dateTime: '2026-03-30T12:00:00', timeZone: 'UTC' } },
      {
        status: 'busy',
        start: { dateTime: '2026-03-30T11:00:00', timeZone: 'Mars Standard Time' },
        end: { dateTime: '2026-03-30T12:00:00', timeZone: 'Mars Standard Time' },
      },
      {
        status: 'busy',
        start: { dateTime: '2026-03-30T11:00:00', timeZone: 7 },
        end: { dateTime: '2026-03-30T12:00:00', timeZone: 7 },
      },
    ];
    const schedule = scheduleOf(readScheduleInformation(answer([...bad, good]), COVERS_UNTIL));
    expect(schedule.spans).toEqual([{ status: 'busy', start: utc('2026-03-30T09:00'), end: utc('2026-03-30T10:00') }]);
  });

  it('reads times with an offset of their own, with no zone, and in a named zone (the repeated hour as its first time)', () => {
    const items = [
      { status: 'busy', start: { dateTime: '2026-03-30T09:00:00Z' }, end: { dateTime: '2026-03-30T11:00:00+01:00', timeZone: 'UTC' } },
      {
        status: 'busy',
        start: { dateTime: '2026-03-30T11:00:00.0000000', timeZone: 'Pacific Standard Time' },
        end: { dateTime: '2026-03-30T12:00:00.0000000', timeZone: 'America/Los_Angeles' },
      },
      {
        status: 'oof',
        start: { dateTime: '2026-10-25T02:30:00.0000000', timeZone: 'W. Europe Standard Time' },
        end: { dateTime: '2026-10-25T03:30:00.0000000', timeZone: 'W. Europe Standard Time' },
      },
    ];
    const schedule = scheduleOf(readScheduleInformation(answer(items), COVERS_UNTIL));
    expect(schedule.spans).toEqual([
      { status: 'busy', start: utc('2026-03-30T09:00'), end: utc('2026-03-30T10:00') },
      { status: 'busy', start: utc('2026-03-30T18:00'), end: utc('2026-03-30T19:00') },
      { status: 'oof', start: utc('2026-10-25T00:30'), end: utc('2026-10-25T02:30') },
    ]);
  });

  it('reads up to 500 items, sorted; more (10,000) is unavailable, quickly, rather than a label read from part of them', () => {
    const base = utc('2026-03-01T00:00');
    const items = (count: number) =>
      Array.from({ length: count }, (_, i) => {
        const start = new Date(base + (count - i) * 3_600_000).toISOString().slice(0, 16);
        const end = new Date(base + (count - i) * 3_600_000 + 1_800_000).toISOString().slice(0, 16);
        return item(i % 3 === 0 ? 'Busy' : 'oof', start, end, { subject: `Meeting ${i}` });
      });
    const schedule = scheduleOf(readScheduleInformation(answer(items(MAX_SPANS)), COVERS_UNTIL));
    expect(MAX_SPANS).toBe(500);
    expect(schedule.spans).toHaveLength(MAX_SPANS);
    expect(schedule.spans[0]!.start).toBe(base + 3_600_000);
    expect(schedule.spans.every((span, i) => i === 0 || schedule.spans[i - 1]!.start <= span.start)).toBe(true);
    const started = performance.now();
    expect(readScheduleInformation(answer(items(10_000)), COVERS_UNTIL)).toEqual({ kind: 'unavailable' });
    expect(readScheduleInformation(answer(items(MAX_SPANS + 1)), COVERS_UNTIL)).toEqual({ kind: 'unavailable' });
    // Typically under 5 ms; generous for a machine busy with other work.
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('a long out-of-office run of many short items is not cut into "back on Monday" (10,000 items: unavailable)', () => {
    // Out of office the whole window, as 10,000 overlapping 15-minute items: keeping the earliest 500
    // ended the run after 3.5 days, and the row said "Out of office until" a time they are still away.
    const now = utc('2026-03-30T10:00');
    const items = Array.from({ length: 10_000 }, (_, i) => {
      const start = new Date(now - 3_600_000 + i * 600_000).toISOString().slice(0, 16);
      const end = new Date(now - 3_600_000 + i * 600_000 + 900_000).toISOString().slice(0, 16);
      return item('oof', start, end);
    });
    expect(readScheduleInformation(answer(items), now + 4 * 86_400_000)).toEqual({ kind: 'unavailable' });
  });

  it('10,000 items each naming a made-up time zone cost little: unavailable without reading them', () => {
    const items = Array.from({ length: 10_000 }, (_, i) => ({
      status: 'busy',
      start: { dateTime: '2026-03-30T09:00:00', timeZone: `Made_Up/Zone_${i}` },
      end: { dateTime: '2026-03-30T10:00:00', timeZone: `Made_Up/Zone_${i}` },
    }));
    const started = performance.now();
    expect(readScheduleInformation(answer(items), COVERS_UNTIL)).toEqual({ kind: 'unavailable' });
    // Reading them was 1.7 s of the board worker's time a person (35 s for a call of 20).
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('working hours that cannot be read are null; the schedule is still read', () => {
    for (const workingHours of [null, 'nine to five', { daysOfWeek: 'monday' }, { daysOfWeek: ['monday'], startTime: 8, endTime: 17 }]) {
      const schedule = scheduleOf(
        readScheduleInformation(answer([item('busy', '2026-03-30T09:00', '2026-03-30T10:00')], { workingHours }), COVERS_UNTIL),
      );
      expect(schedule.workingHours).toBeNull();
      expect(schedule.spans).toHaveLength(1);
    }
  });
});
