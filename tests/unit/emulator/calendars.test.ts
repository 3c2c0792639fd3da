import { describe, expect, it } from 'vitest';
import { availabilityView, calendarItems, calendarProfile, CUSTOM_ZONE, WINDOWS_ZONES, type CalendarItem } from '@/emulator/calendars';
import { GraphEmulator } from '@/emulator/graphEmulator';
import { MAX_SCHEDULES, tokenScopes } from '@/emulator/handlers';
import { emulatedGraphPerFile } from '../support/emulatedGraph';
import { unsignedJwt as jwt } from '../support/jwt';

const graph = emulatedGraphPerFile();
const BASE = 'https://graph.microsoft.com/v1.0';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A Wednesday, 10:15 UTC: working hours somewhere on most continents. */
const NOW = Date.UTC(2026, 11, 2, 10, 15);

function utc(ms: number) {
  return { dateTime: new Date(ms).toISOString().slice(0, 19), timeZone: 'UTC' };
}

interface DateTimeTimeZone {
  dateTime: string;
  timeZone: string;
}
interface ItemJson {
  status: string;
  start: DateTimeTimeZone;
  end: DateTimeTimeZone;
}
/** A scheduleInformation as the tests read it (a malformed one breaks these types at run time, on purpose). */
interface Info {
  scheduleId: string;
  availabilityView: string;
  scheduleItems: [ItemJson, ...ItemJson[]];
  workingHours: Record<string, unknown>;
  error?: { message: string; responseCode: string };
}
interface Answer {
  '@odata.context': string;
  /** Typed as at least five long: the tests index what they asked for. */
  value: [Info, Info, Info, Info, Info, ...Info[]];
  error: { code: string; message: string };
}

async function getSchedule(body: unknown, headers: Record<string, string> = {}, path = '/me/calendar/getSchedule') {
  const response = await fetch(`${BASE}${path}`, {
    method: 'POST',
    headers: { Authorization: 'Bearer t', 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Answer };
}

/** Members with mail, and their addresses: the people whose calendars can be read. */
function mailboxes(emulator: GraphEmulator) {
  return emulator.users.filter((u) => u.userType === 'Member' && u.mail !== null);
}

describe('emulated calendars (calendars.ts)', () => {
  it('are the same for the same seed and anchor, and another seed gives others', () => {
    const user = { id: '5f0b1c6e-6d0a-4c47-9a57-0d5b8f1f4a11', officeLocation: 'Berlin' };
    const a = calendarItems(1, user, NOW, NOW - DAY, NOW + 4 * DAY);
    expect(calendarItems(1, user, NOW, NOW - DAY, NOW + 4 * DAY)).toEqual(a);
    const others = [2, 3, 4, 5].map((seed) => JSON.stringify(calendarItems(seed, user, NOW, NOW - DAY, NOW + 4 * DAY)));
    expect(others.some((o) => o !== JSON.stringify(a))).toBe(true);
  });

  it('give 2,000 people meetings through the day, back-to-back runs, tentative items, people out for days and in a meeting now', () => {
    const emulator = new GraphEmulator({ users: 2000, now: () => NOW });
    const people = mailboxes(emulator);
    const calendars = people.map((u) => ({ user: u, items: emulator.calendarOf(u.id, NOW - DAY, NOW + 4 * DAY) }));
    const all = calendars.flatMap((c) => c.items);
    const statuses = new Set(all.map((i) => i.status));
    expect([...statuses].sort()).toEqual(['busy', 'free', 'oof', 'tentative', 'workingElsewhere']);
    const busyNow = calendars.filter((c) => c.items.some((i) => i.start <= NOW && i.end > NOW && i.status !== 'oof')).length;
    const oofNow = calendars.filter((c) => c.items.some((i) => i.status === 'oof' && i.start <= NOW && i.end > NOW)).length;
    expect(busyNow / people.length).toBeGreaterThan(0.2);
    expect(oofNow / people.length).toBeGreaterThan(0.02);
    expect(oofNow / people.length).toBeLessThan(0.12);
    // Out of office for days, not hours.
    const oof = all.filter((i) => i.status === 'oof');
    expect(oof.every((i) => i.end - i.start >= DAY - 2 * HOUR)).toBe(true);
    expect(oof.some((i) => i.end - i.start >= 3 * DAY - 2 * HOUR)).toBe(true);
    const backToBack = calendars.filter((c) => c.items.some((item, k) => c.items[k + 1]?.start === item.end)).length;
    expect(backToBack / people.length).toBeGreaterThan(0.5);
    // Subjects and locations on some items (the app must never show them), none on private ones.
    expect(all.some((i) => i.subject !== undefined && i.location !== undefined)).toBe(true);
    expect(all.some((i) => i.isPrivate)).toBe(true);
    expect(all.filter((i) => i.isPrivate).every((i) => i.subject === undefined && i.location === undefined)).toBe(true);
  });

  it('place meetings inside the person’s working hours, in their own zone', () => {
    const emulator = new GraphEmulator({ users: 600, now: () => NOW });
    for (const user of mailboxes(emulator).slice(0, 200)) {
      const profile = emulator.calendarProfileOf(user.id);
      const fmt = new Intl.DateTimeFormat('en-GB', { timeZone: profile.ianaZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
      const minutes = (ms: number) => {
        const [h, m] = fmt.format(new Date(ms)).split(':').map(Number);
        return h! * 60 + m!;
      };
      const anchorMeeting = (i: CalendarItem) => i.start <= NOW && i.end > NOW;
      for (const item of emulator.calendarOf(user.id, NOW + DAY, NOW + 8 * DAY)) {
        if (item.status === 'oof' || anchorMeeting(item)) continue;
        expect(minutes(item.start)).toBeGreaterThanOrEqual(profile.startMinutes);
        expect(minutes(item.start)).toBeLessThan(profile.endMinutes);
      }
    }
  });

  it('give working hours in the seven Windows zones, the guide’s custom zone to a share, no zone to another', () => {
    const emulator = new GraphEmulator({ users: 2000 });
    const profiles = mailboxes(emulator).map((u) => emulator.calendarProfileOf(u.id));
    const named = new Set(profiles.filter((p) => p.zoneStyle === 'named').map((p) => p.windowsZone));
    expect([...named].sort()).toEqual(Object.keys(WINDOWS_ZONES).sort());
    const share = (test: (p: (typeof profiles)[number]) => boolean) => profiles.filter(test).length / profiles.length;
    expect(share((p) => p.zoneStyle === 'custom')).toBeGreaterThan(0.02);
    expect(share((p) => p.zoneStyle === 'none')).toBeGreaterThan(0.01);
    expect(share((p) => p.mailbox === 'unreadable')).toBeGreaterThan(0.005);
    expect(share((p) => p.mailbox === 'malformed')).toBeGreaterThan(0.005);
    expect(share((p) => p.mailbox === 'ok')).toBeGreaterThan(0.9);
  });

  it('write availabilityView as v1.0 does: 0 free or working elsewhere, 1 tentative, 2 busy, 3 out of office', () => {
    const at = (h: number) => NOW + h * HOUR;
    const items: CalendarItem[] = [
      { status: 'workingElsewhere', start: at(0), end: at(1), isPrivate: false },
      { status: 'tentative', start: at(1), end: at(2), isPrivate: false },
      { status: 'busy', start: at(2), end: at(3), isPrivate: true },
      { status: 'oof', start: at(4), end: at(5), isPrivate: false },
    ];
    expect(availabilityView(items, at(0), at(6), 60)).toBe('012030');
    expect(availabilityView(items, at(0), at(1), 30)).toBe('00');
  });

  it('are computed per person asked: a tenant of 50,000 keeps none, and reads anyone’s 61 days', () => {
    const emulator = new GraphEmulator({ users: 50_000, now: () => NOW });
    const someone = mailboxes(emulator)[45_000]!;
    expect(emulator.calendarOf(someone.id, NOW, NOW + 61 * DAY).length).toBeGreaterThan(10);
    expect(calendarProfile(emulator.seed, someone)).toEqual(emulator.calendarProfileOf(someone.id));
  });
});

describe('POST /me/calendar/getSchedule', () => {
  it('answers each address in request order, scheduleId as given, times in UTC as Graph writes them', async () => {
    const emulator = graph.start({ users: 300, now: () => NOW });
    const people = mailboxes(emulator).slice(0, 5);
    const schedules = people.map((u, i) => (i === 0 ? u.mail!.toUpperCase() : u.mail!));
    const { status, body } = await getSchedule({
      schedules,
      startTime: utc(NOW),
      endTime: utc(NOW + 8 * HOUR),
      availabilityViewInterval: 60,
    });
    expect(status).toBe(200);
    expect(body['@odata.context']).toBe(`${BASE}/$metadata#Collection(microsoft.graph.scheduleInformation)`);
    const ok = body.value.filter((v) => !v.error);
    expect(body.value.map((v) => v.scheduleId)).toEqual(schedules);
    expect(ok.length).toBeGreaterThan(0);
    for (const info of ok) {
      expect(info.availabilityView).toMatch(/^[0-3]{8}$/);
      for (const item of info.scheduleItems) {
        expect(item.start).toEqual({ dateTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.0000000$/), timeZone: 'UTC' });
        expect(['free', 'tentative', 'busy', 'oof', 'workingElsewhere']).toContain(item.status);
      }
      expect(info.workingHours).toMatchObject({
        daysOfWeek: expect.arrayContaining(['monday']),
        startTime: expect.stringMatching(/^\d\d:\d\d:00\.0000000$/),
        endTime: expect.stringMatching(/^\d\d:\d\d:00\.0000000$/),
      });
    }
    const person = people.find((u) => u.mail === ok[0]!.scheduleId || u.mail!.toUpperCase() === ok[0]!.scheduleId)!;
    const expected = emulator.calendarOf(person.id, NOW, NOW + 8 * HOUR);
    expect(ok[0]!.scheduleItems.map((i) => [i.status, Date.parse(`${i.start.dateTime.slice(0, 19)}Z`)])).toEqual(
      expected.map((i) => [i.status, i.start]),
    );
  });

  it('writes a custom zone as the free/busy guide’s example, and no zone at all for some', async () => {
    const emulator = graph.start({ users: 1000, now: () => NOW });
    const ok = mailboxes(emulator).filter((u) => emulator.calendarProfileOf(u.id).mailbox === 'ok');
    const custom = ok.find((u) => emulator.calendarProfileOf(u.id).zoneStyle === 'custom')!;
    const none = ok.find((u) => emulator.calendarProfileOf(u.id).zoneStyle === 'none')!;
    const named = ok.find(
      (u) =>
        emulator.calendarProfileOf(u.id).windowsZone === 'India Standard Time' && emulator.calendarProfileOf(u.id).zoneStyle === 'named',
    )!;
    const { body } = await getSchedule({ schedules: [custom.mail, none.mail, named.mail], startTime: utc(NOW), endTime: utc(NOW + DAY) });
    expect(body.value[0].workingHours.timeZone).toEqual({
      '@odata.type': '#microsoft.graph.customTimeZone',
      bias: 480,
      name: 'Customized Time Zone',
      standardOffset: { time: '02:00:00.0000000', dayOccurrence: 1, dayOfWeek: 'sunday', month: 11, year: 0 },
      daylightOffset: { daylightBias: -60, time: '02:00:00.0000000', dayOccurrence: 2, dayOfWeek: 'sunday', month: 3, year: 0 },
    });
    expect(CUSTOM_ZONE.bias).toBe(480);
    expect('timeZone' in body.value[1].workingHours).toBe(false);
    expect(body.value[2].workingHours.timeZone).toEqual({ name: 'India Standard Time' });
  });

  it('answers an unknown address, a guest and an unreadable mailbox with an error item and no schedule; a malformed one breaks Graph’s shape', async () => {
    const emulator = graph.start({ users: 2000, now: () => NOW });
    const guest = emulator.users.find((u) => u.userType === 'Guest' && u.mail !== null)!;
    const members = mailboxes(emulator);
    const unreadable = members.find((u) => emulator.calendarProfileOf(u.id).mailbox === 'unreadable')!;
    const brokenList = members.find(
      (u) =>
        emulator.calendarProfileOf(u.id).mailbox === 'malformed' && emulator.calendarProfileOf(u.id).malformation === 'items-not-a-list',
    )!;
    const badDates = members.find(
      (u) => emulator.calendarProfileOf(u.id).mailbox === 'malformed' && emulator.calendarProfileOf(u.id).malformation === 'bad-dates',
    )!;
    const { status, body } = await getSchedule({
      schedules: ['nobody@contoso.com', guest.mail, unreadable.mail, brokenList.mail, badDates.mail],
      startTime: utc(NOW),
      endTime: utc(NOW + DAY),
    });
    expect(status).toBe(200);
    const [unknown, asGuest, mailbox, list, dates] = body.value;
    expect(unknown).toEqual({
      scheduleId: 'nobody@contoso.com',
      error: { message: 'Unable to resolve e-mail address nobody@contoso.com to an Active Directory object.', responseCode: '5009' },
    });
    expect(asGuest).toMatchObject({ scheduleId: guest.mail, error: { responseCode: expect.any(String) } });
    expect(mailbox).toMatchObject({
      scheduleId: unreadable.mail,
      error: { message: expect.any(String), responseCode: expect.any(String) },
    });
    for (const item of [unknown, asGuest, mailbox]) expect(item.scheduleItems).toBeUndefined();
    expect(Array.isArray(list.scheduleItems)).toBe(false);
    expect(dates.scheduleItems[0].start.dateTime).toBe('yesterday at noon');
  });

  it('keeps to the documented limits: 20 schedules, under 62 days, an interval of 5–1,440 minutes', async () => {
    const emulator = graph.start({ users: 300, now: () => NOW });
    const addresses = mailboxes(emulator).map((u) => u.mail!);
    const ask = (extra: Record<string, unknown>) =>
      getSchedule({ schedules: addresses.slice(0, 3), startTime: utc(NOW), endTime: utc(NOW + DAY), ...extra });
    expect(MAX_SCHEDULES).toBe(20);
    expect((await ask({ schedules: addresses.slice(0, 20) })).status).toBe(200);
    const tooMany = await ask({ schedules: addresses.slice(0, 21) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toMatchObject({
      code: 'ErrorMailboxDataArrayTooBig',
      message: expect.stringContaining('allowed size = 20'),
    });
    expect((await ask({ endTime: utc(NOW + 61 * DAY) })).status).toBe(200);
    const tooLong = await ask({ endTime: utc(NOW + 62 * DAY) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.code).toBe('ErrorInvalidTimeInterval');
    expect((await ask({ endTime: utc(NOW - HOUR) })).body.error.code).toBe('ErrorInvalidTimeInterval');
    for (const interval of [4, 1441, 2.5, 'often']) {
      const bad = await ask({ availabilityViewInterval: interval });
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('ErrorInvalidMergedFreeBusyInterval');
    }
    expect((await ask({ availabilityViewInterval: 1440 })).body.value[0].availabilityView).toMatch(/^[0-3]$/);
    expect((await ask({ schedules: 'everyone' })).status).toBe(400);
    expect((await ask({ startTime: { dateTime: 'soon', timeZone: 'UTC' } })).status).toBe(400);
    expect((await ask({ startTime: { dateTime: '2026-12-02T09:00:00', timeZone: 'Mars Standard Time' } })).status).toBe(400);
  });

  it('reads the request as the guide writes it: capitalised names, a string interval, a Windows zone, the path in lower case', async () => {
    const emulator = graph.start({ users: 300, now: () => NOW });
    const address = mailboxes(emulator)[0]!.mail!;
    const { status, body } = await getSchedule(
      {
        Schedules: [address],
        StartTime: { dateTime: '2026-12-02T09:00:00', timeZone: 'Pacific Standard Time' },
        EndTime: { dateTime: '2026-12-02T18:00:00', timeZone: 'Pacific Standard Time' },
        availabilityViewInterval: '15',
      },
      {},
      '/me/calendar/getschedule',
    );
    expect(status).toBe(200);
    expect(body.value[0].availabilityView).toHaveLength(36);
  });

  it('honours Prefer: outlook.timezone for a zone it knows (the app never sends it)', async () => {
    const emulator = graph.start({ users: 300, now: () => NOW });
    const person = mailboxes(emulator).find((u) => {
      const p = emulator.calendarProfileOf(u.id);
      return p.mailbox === 'ok' && emulator.calendarOf(u.id, NOW, NOW + DAY).length > 0;
    })!;
    const body = { schedules: [person.mail], startTime: utc(NOW), endTime: utc(NOW + DAY) };
    const inUtc = (await getSchedule(body)).body.value[0].scheduleItems[0];
    const inTokyo = (await getSchedule(body, { Prefer: 'outlook.timezone="Tokyo Standard Time"' })).body.value[0].scheduleItems[0];
    expect(inTokyo.start.timeZone).toBe('Tokyo Standard Time');
    expect(Date.parse(`${inTokyo.start.dateTime.slice(0, 19)}Z`) - Date.parse(`${inUtc.start.dateTime.slice(0, 19)}Z`)).toBe(9 * HOUR);
  });

  it('answers /users/{id}/calendar/getSchedule too, and 404 for a user not in the tenant', async () => {
    const emulator = graph.start({ users: 50, now: () => NOW });
    const body = { schedules: [mailboxes(emulator)[0]!.mail], startTime: utc(NOW), endTime: utc(NOW + DAY) };
    expect((await getSchedule(body, {}, `/users/${emulator.users[3]!.id}/calendar/getSchedule`)).status).toBe(200);
    const missing = await getSchedule(body, {}, '/users/00000000-0000-4000-8000-000000000000/calendar/getSchedule');
    expect(missing.status).toBe(404);
  });

  it('needs Calendars.ReadBasic: a JWT without it (or Calendars.Read/ReadWrite) is refused 403 ErrorAccessDenied', async () => {
    const emulator = graph.start({ users: 50, now: () => NOW });
    const body = { schedules: [mailboxes(emulator)[0]!.mail], startTime: utc(NOW), endTime: utc(NOW + DAY) };
    const as = (token: string) => getSchedule(body, { Authorization: `Bearer ${token}` });
    const refused = await as(jwt({ scp: 'User.ReadBasic.All Presence.Read.All' }));
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'ErrorAccessDenied', message: 'Access is denied. Check credentials and try again.' });
    expect((await as(jwt({ scp: 'User.ReadBasic.All calendars.readbasic' }))).status).toBe(200);
    expect((await as(jwt({ scp: 'Calendars.Read' }))).status).toBe(200);
    expect((await as(jwt({ roles: ['Calendars.ReadBasic'] }))).status).toBe(200);
    expect((await as('opaque-demo-token')).status).toBe(200);
    emulator.calendarConsent = false;
    expect((await as('opaque-demo-token')).status).toBe(403);
    expect((await as(jwt({ scp: 'Calendars.ReadBasic' }))).status).toBe(200);
    expect(tokenScopes('Bearer not-a-jwt')).toBeNull();
  });

  it('is throttled like every call, and on its own (mailbox throttling), with Retry-After; the log counts the schedules asked', async () => {
    const emulator = graph.start({ users: 50, now: () => NOW, retryAfterSeconds: 4 });
    const addresses = mailboxes(emulator)
      .map((u) => u.mail!)
      .slice(0, 7);
    const body = { schedules: addresses, startTime: utc(NOW), endTime: utc(NOW + DAY) };
    emulator.throttleRate = 1;
    expect((await getSchedule(body)).status).toBe(429);
    emulator.throttleRate = 0;
    emulator.throttleCalendarCalls(2);
    const first = await getSchedule(body);
    expect(first.status).toBe(429);
    expect(first.headers.get('Retry-After')).toBe('4');
    expect(first.body.error.code).toBe('ApplicationThrottled');
    expect((await getSchedule(body)).status).toBe(429);
    expect((await getSchedule(body)).status).toBe(200);
    // Only calendar calls: the directory still answers.
    emulator.calendarThrottleRate = 1;
    expect((await getSchedule(body)).status).toBe(429);
    expect((await fetch(`${BASE}/users?$top=1`, { headers: { Authorization: 'Bearer t' } })).status).toBe(200);
    const calls = emulator.requests.filter((r) => r.url.endsWith('/calendar/getSchedule'));
    expect(calls.map((r) => [r.status, r.idCount])).toEqual([
      [429, 7],
      [429, 7],
      [429, 7],
      [200, 7],
      [429, 7],
    ]);
  });
});
