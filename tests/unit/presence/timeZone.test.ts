import { describe, expect, it } from 'vitest';
import type { ScheduleZone } from '@/presence/schedule';
import { ianaZoneFromName, offsetMinutesAt, utcFromWallClock, zoneFromGraph } from '@/presence/timeZone';
import { BERLIN_CUSTOM, PACIFIC_CUSTOM, SYDNEY_CUSTOM, utc } from './support/customZones';

const MINUTE = 60_000;
const wall = utc;

function zone(value: unknown): ScheduleZone {
  const read = zoneFromGraph(value);
  if (!read) throw new Error(`no zone read from ${JSON.stringify(value)}`);
  return read;
}

describe('ianaZoneFromName', () => {
  it.each([
    ['Pacific Standard Time', 'America/Los_Angeles'],
    ['W. Europe Standard Time', 'Europe/Berlin'],
    ['w. europe standard time', 'Europe/Berlin'],
    ['AUS Eastern Standard Time', 'Australia/Sydney'],
    ['UTC', 'UTC'],
    ['tzone://Microsoft/Utc', 'UTC'],
    ['Europe/Berlin', 'Europe/Berlin'],
    [' America/New_York ', 'America/New_York'],
  ])('%s → %s', (name, iana) => {
    expect(ianaZoneFromName(name)).toBe(iana);
  });

  it.each(['Customized Time Zone', 'Mars/Olympus_Mons', 'Pacific Standard Tim', '', '   ', 'x'.repeat(500)])(
    'an unknown name (%s) is null',
    (name) => {
      expect(ianaZoneFromName(name)).toBeNull();
    },
  );

  it.each([null, undefined, 42, {}, ['UTC']])('a name that is not a string (%j) is null', (name) => {
    expect(ianaZoneFromName(name)).toBeNull();
  });
});

describe('zoneFromGraph', () => {
  it('reads a named zone (timeZoneBase) as its IANA zone', () => {
    expect(zoneFromGraph({ name: 'W. Europe Standard Time' })).toEqual({ kind: 'iana', name: 'Europe/Berlin' });
    expect(zoneFromGraph({ '@odata.type': '#microsoft.graph.timeZoneBase', name: 'Pacific Standard Time' })).toEqual({
      kind: 'iana',
      name: 'America/Los_Angeles',
    });
  });

  it("reads Graph's custom zone example with its bias and both rules", () => {
    expect(zoneFromGraph(PACIFIC_CUSTOM)).toEqual({
      kind: 'custom',
      bias: 480,
      standard: { month: 11, dayOccurrence: 1, dayOfWeek: 'sunday', minutes: 120, bias: 0 },
      daylight: { month: 3, dayOccurrence: 2, dayOfWeek: 'sunday', minutes: 120, bias: -60 },
    });
  });

  it('reads a custom zone without daylight saving (no rules, or rules of month 0)', () => {
    const none = { kind: 'custom', bias: -330, standard: null, daylight: null };
    expect(zoneFromGraph({ '@odata.type': '#microsoft.graph.customTimeZone', bias: -330 })).toEqual(none);
    expect(
      zoneFromGraph({
        bias: -330,
        standardOffset: { time: '00:00:00.0000000', dayOccurrence: 0, dayOfWeek: 'sunday', month: 0, year: 0 },
        daylightOffset: { daylightBias: 0, time: '00:00:00.0000000', dayOccurrence: 0, dayOfWeek: 'sunday', month: 0, year: 0 },
      }),
    ).toEqual(none);
  });

  it('gives null for unknown names and hostile values, never throwing', () => {
    const hostile: unknown[] = [
      null,
      undefined,
      'Pacific Standard Time',
      480,
      [],
      [PACIFIC_CUSTOM],
      {},
      { name: 'Customized Time Zone' },
      { name: 42 },
      { ...PACIFIC_CUSTOM, bias: '480' },
      { ...PACIFIC_CUSTOM, bias: 1e9 },
      { ...PACIFIC_CUSTOM, bias: 480.5 },
      { '@odata.type': '#microsoft.graph.customTimeZone', name: 'Pacific Standard Time' },
      { ...PACIFIC_CUSTOM, daylightOffset: { ...PACIFIC_CUSTOM.daylightOffset, daylightBias: '-60' } },
      { ...PACIFIC_CUSTOM, daylightOffset: { ...PACIFIC_CUSTOM.daylightOffset, daylightBias: undefined } },
      { ...PACIFIC_CUSTOM, daylightOffset: { ...PACIFIC_CUSTOM.daylightOffset, month: 13 } },
      { ...PACIFIC_CUSTOM, daylightOffset: { ...PACIFIC_CUSTOM.daylightOffset, month: '3' } },
      { ...PACIFIC_CUSTOM, daylightOffset: { ...PACIFIC_CUSTOM.daylightOffset, dayOccurrence: 6 } },
      { ...PACIFIC_CUSTOM, daylightOffset: { ...PACIFIC_CUSTOM.daylightOffset, dayOfWeek: 'funday' } },
      { ...PACIFIC_CUSTOM, daylightOffset: { ...PACIFIC_CUSTOM.daylightOffset, time: '25:00:00' } },
      { ...PACIFIC_CUSTOM, daylightOffset: 'sometimes' },
      { ...PACIFIC_CUSTOM, standardOffset: null },
      { ...PACIFIC_CUSTOM, daylightOffset: undefined },
      // Offsets no clock on Earth keeps (UTC−14:00 to UTC+14:00 is the whole range): UTC−24:00, and UTC+48:00 in summer.
      { ...PACIFIC_CUSTOM, bias: 1440 },
      { '@odata.type': '#microsoft.graph.customTimeZone', bias: -900 },
      { ...PACIFIC_CUSTOM, bias: -1440, daylightOffset: { ...PACIFIC_CUSTOM.daylightOffset, daylightBias: -1440 } },
      { ...PACIFIC_CUSTOM, bias: -840, daylightOffset: { ...PACIFIC_CUSTOM.daylightOffset, daylightBias: -60 } },
    ];
    for (const value of hostile) expect(zoneFromGraph(value), JSON.stringify(value)).toBeNull();
  });

  it('reads custom zones at the ends of the range of real offsets (Kiritimati UTC+14:00, Baker Island UTC−12:00)', () => {
    expect(offsetMinutesAt(zone({ '@odata.type': '#microsoft.graph.customTimeZone', bias: -840 }), utc('2026-06-01T00:00'))).toBe(840);
    expect(offsetMinutesAt(zone({ '@odata.type': '#microsoft.graph.customTimeZone', bias: 720 }), utc('2026-06-01T00:00'))).toBe(-720);
    expect(offsetMinutesAt(zone({ ...PACIFIC_CUSTOM, bias: 780 }), utc('2026-07-01T00:00'))).toBe(-720);
  });
});

describe('offsetMinutesAt', () => {
  const berlin = zone({ name: 'W. Europe Standard Time' });
  const berlinCustom = zone(BERLIN_CUSTOM);
  const pacific = zone({ name: 'Pacific Standard Time' });
  const pacificCustom = zone(PACIFIC_CUSTOM);
  const sydney = zone({ name: 'AUS Eastern Standard Time' });
  const sydneyCustom = zone(SYDNEY_CUSTOM);

  // Changes in 2026 (UTC): Berlin 29 March 01:00 and 25 October 01:00; US Pacific 8 March 10:00 and
  // 1 November 09:00; Sydney 5 April 16:00 (03:00 AEDT) and 3 October 16:00 (02:00 AEST on 4 October).
  it.each([
    ['Berlin', '2026-03-29T01:00', 60, 120, berlin, berlinCustom],
    ['Berlin', '2026-10-25T01:00', 120, 60, berlin, berlinCustom],
    ['US Pacific', '2026-03-08T10:00', -480, -420, pacific, pacificCustom],
    ['US Pacific', '2026-11-01T09:00', -420, -480, pacific, pacificCustom],
    ['Sydney', '2026-04-04T16:00', 660, 600, sydney, sydneyCustom],
    ['Sydney', '2026-10-03T16:00', 600, 660, sydney, sydneyCustom],
  ] as const)('%s changes at %s UTC (%i → %i), by Windows name and as a custom zone', (_, change, before, after, named, custom) => {
    for (const z of [named, custom]) {
      expect(offsetMinutesAt(z, utc(change) - MINUTE)).toBe(before);
      expect(offsetMinutesAt(z, utc(change))).toBe(after);
      expect(offsetMinutesAt(z, utc(change) + MINUTE)).toBe(after);
    }
  });

  it('a custom zone agrees with its IANA zone every quarter hour of 2026 and 2027, both hemispheres', () => {
    const pairs = [
      [berlin, berlinCustom],
      [pacific, pacificCustom],
      [sydney, sydneyCustom],
    ] as const;
    for (const [named, custom] of pairs) {
      const differences: string[] = [];
      for (let at = utc('2026-01-01T00:00'); at < utc('2028-01-01T00:00'); at += 15 * MINUTE) {
        const expected = offsetMinutesAt(named, at);
        if (offsetMinutesAt(custom, at) !== expected) differences.push(new Date(at).toISOString());
      }
      expect(differences).toEqual([]);
    }
  });

  it('a custom zone without daylight saving keeps its bias all year (east positive)', () => {
    const india = zone({ bias: -330 });
    const arizona = zone({
      bias: 420,
      standardOffset: { time: '00:00:00', dayOccurrence: 0, dayOfWeek: 'sunday', month: 0, year: 0 },
      daylightOffset: { daylightBias: 0, time: '00:00:00', dayOccurrence: 0, dayOfWeek: 'sunday', month: 0, year: 0 },
    });
    for (const at of [utc('2026-01-15T12:00'), utc('2026-07-15T12:00'), utc('2026-11-01T09:30')]) {
      expect(offsetMinutesAt(india, at)).toBe(330);
      expect(offsetMinutesAt(arizona, at)).toBe(-420);
    }
  });

  it('reads a zone that is UTC as 0, and gives null for an instant Date cannot hold', () => {
    const z = zone({ name: 'tzone://Microsoft/Utc' });
    expect(offsetMinutesAt(z, utc('2026-07-01T12:00'))).toBe(0);
    expect(offsetMinutesAt(berlin, Number.NaN)).toBeNull();
    expect(offsetMinutesAt(berlin, Number.POSITIVE_INFINITY)).toBeNull();
    expect(offsetMinutesAt(berlinCustom, 9e15)).toBeNull();
  });

  it('is cheap enough for every drawn row every minute', () => {
    const started = performance.now();
    for (let i = 0; i < 20_000; i += 1) offsetMinutesAt(berlin, utc('2026-06-01T12:00') + (i % 100) * 1000);
    // Memoised hourly samples: 20,000 calls take a few milliseconds; formatting each would take far longer.
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('utcFromWallClock', () => {
  const berlin = zone({ name: 'W. Europe Standard Time' });
  const pacificCustom = zone(PACIFIC_CUSTOM);

  it('places an ordinary wall time with the offset then in force', () => {
    expect(utcFromWallClock(berlin, wall('2026-01-15T09:00'))).toBe(utc('2026-01-15T08:00'));
    expect(utcFromWallClock(berlin, wall('2026-07-15T09:00'))).toBe(utc('2026-07-15T07:00'));
    expect(utcFromWallClock(pacificCustom, wall('2026-07-15T09:00'))).toBe(utc('2026-07-15T16:00'));
  });

  it('reads the repeated hour as its first occurrence and the skipped hour as after the change', () => {
    expect(utcFromWallClock(berlin, wall('2026-10-25T02:30'))).toBe(utc('2026-10-25T00:30'));
    expect(utcFromWallClock(pacificCustom, wall('2026-11-01T01:30'))).toBe(utc('2026-11-01T08:30'));
    // 02:30 does not happen on 29 March in Berlin: it is read as 03:30 summer time.
    expect(utcFromWallClock(berlin, wall('2026-03-29T02:30'))).toBe(utc('2026-03-29T01:30'));
    expect(utcFromWallClock(pacificCustom, wall('2026-03-08T02:30'))).toBe(utc('2026-03-08T10:30'));
  });
});
