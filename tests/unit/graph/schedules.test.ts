import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { staticTokenSource } from '@/auth/staticTokenSource';
import type { GraphEmulator } from '@/emulator/graphEmulator';
import { GraphError } from '@/graph/errors';
import { getSchedules, MAX_SCHEDULES_PER_CALL } from '@/graph/schedules';
import { emulatedGraphPerFile, recordingSleep, testClient } from '../support/emulatedGraph';
import { unsignedJwt as jwt } from '../support/jwt';

const graph = emulatedGraphPerFile();
const BASE = 'https://graph.microsoft.com/v1.0';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A Wednesday, 10:15 UTC. */
const NOW = Date.UTC(2026, 11, 2, 10, 15);
const WINDOW = { start: NOW, end: NOW + 4 * DAY };

/** People whose mailbox answers normally, as { id, address }. */
function readable(emulator: GraphEmulator, count: number) {
  return emulator.users
    .filter((u) => u.userType === 'Member' && u.mail !== null && emulator.calendarProfileOf(u.id).mailbox === 'ok')
    .slice(0, count)
    .map((u) => ({ id: u.id, address: u.mail! }));
}

function bodyOf(emulator: GraphEmulator, i = 0) {
  return emulator.requests[i]!;
}

describe('getSchedules', () => {
  it('asks once for up to 20 people, in UTC with no Prefer header, and keys each reading by person id', async () => {
    const emulator = graph.start({ users: 400, now: () => NOW });
    let sent: { body: unknown; prefer: string | null } | null = null;
    graph.server.events.on('request:start', async ({ request }) => {
      if (request.url.includes('getSchedule')) sent = { body: await request.clone().json(), prefer: request.headers.get('Prefer') };
    });
    const people = readable(emulator, MAX_SCHEDULES_PER_CALL);
    const answers = await getSchedules(testClient(), people, WINDOW);
    graph.server.events.removeAllListeners();
    expect(emulator.requests).toHaveLength(1);
    expect(bodyOf(emulator)).toMatchObject({ method: 'POST', status: 200, idCount: 20 });
    expect(new URL(bodyOf(emulator).url).pathname).toBe('/v1.0/me/calendar/getSchedule');
    expect(sent!.prefer).toBeNull();
    expect(sent!.body).toEqual({
      schedules: people.map((p) => p.address),
      startTime: { dateTime: '2026-12-02T10:15:00.000', timeZone: 'UTC' },
      endTime: { dateTime: '2026-12-06T10:15:00.000', timeZone: 'UTC' },
      availabilityViewInterval: 1440,
    });
    expect([...answers.keys()]).toEqual(people.map((p) => p.id));
    for (const person of people) {
      const reading = answers.get(person.id)!;
      expect(reading).not.toBe('later');
      if (reading === 'later' || reading.kind !== 'schedule') throw new Error(`no schedule for ${person.address}`);
      const expected = emulator.calendarOf(person.id, WINDOW.start, WINDOW.end).filter((i) => i.start < WINDOW.end);
      expect(reading.schedule.spans.map((s) => [s.status, s.start, s.end])).toEqual(expected.map((i) => [i.status, i.start, i.end]));
      expect(reading.schedule.workingHours).not.toBeNull();
    }
  });

  it('refuses more than 20 people, an empty address and a window Graph would refuse, before asking', async () => {
    const emulator = graph.start({ users: 100, now: () => NOW });
    const people = readable(emulator, 21);
    await expect(getSchedules(testClient(), people, WINDOW)).rejects.toThrow(RangeError);
    await expect(getSchedules(testClient(), [{ id: 'x', address: ' ' }], WINDOW)).rejects.toThrow(RangeError);
    await expect(getSchedules(testClient(), people.slice(0, 1), { start: NOW, end: NOW + 62 * DAY })).rejects.toThrow(RangeError);
    await expect(getSchedules(testClient(), people.slice(0, 1), { start: NOW, end: NOW + 60_000 })).rejects.toThrow(RangeError);
    expect(await getSchedules(testClient(), [], WINDOW)).toEqual(new Map());
    expect(emulator.requests).toHaveLength(0);
  });

  it('reads an unknown address, a guest, an unreadable mailbox and a malformed answer as unavailable, the others as schedules', async () => {
    const emulator = graph.start({ users: 2000, now: () => NOW });
    const member = (test: (id: string) => boolean) => emulator.users.find((u) => u.userType === 'Member' && u.mail !== null && test(u.id))!;
    const guest = emulator.users.find((u) => u.userType === 'Guest' && u.mail !== null)!;
    const unreadable = member((id) => emulator.calendarProfileOf(id).mailbox === 'unreadable');
    const brokenList = member(
      (id) => emulator.calendarProfileOf(id).mailbox === 'malformed' && emulator.calendarProfileOf(id).malformation === 'items-not-a-list',
    );
    const fine = readable(emulator, 1)[0]!;
    const people = [
      { id: 'unknown', address: 'nobody@contoso.com' },
      { id: guest.id, address: guest.mail! },
      { id: unreadable.id, address: unreadable.mail! },
      { id: brokenList.id, address: brokenList.mail! },
      fine,
    ];
    const answers = await getSchedules(testClient(), people, WINDOW);
    expect(people.map((p) => (answers.get(p.id) as { kind: string }).kind)).toEqual([
      'unavailable',
      'unavailable',
      'unavailable',
      'unavailable',
      'schedule',
    ]);
  });

  it('keeps no subject, location or private flag, though Graph sent them', async () => {
    const emulator = graph.start({ users: 600, now: () => NOW });
    const people = readable(emulator, 200);
    const subjects = new Set(
      people.flatMap((p) => emulator.calendarOf(p.id, WINDOW.start, WINDOW.end).flatMap((i) => [i.subject, i.location])),
    );
    subjects.delete(undefined);
    subjects.delete('');
    expect(subjects.size).toBeGreaterThan(3);
    const kept: string[] = [];
    for (let i = 0; i < people.length; i += MAX_SCHEDULES_PER_CALL) {
      const answers = await getSchedules(testClient(), people.slice(i, i + MAX_SCHEDULES_PER_CALL), WINDOW);
      kept.push(JSON.stringify([...answers.values()]));
    }
    const all = kept.join('\n');
    for (const subject of subjects) expect(all).not.toContain(JSON.stringify(subject).slice(1, -1));
    expect(all).not.toContain('isPrivate');
    expect(all).not.toContain('subject');
    expect(all).not.toContain('location');
  });

  it('matches answers by scheduleId in any case and any order, falls back to position, and says later for someone left out', async () => {
    const emulator = graph.start({ users: 300, now: () => NOW });
    const people = readable(emulator, 4);
    graph.server.use(
      http.post(`${BASE}/me/calendar/getSchedule`, async ({ request }) => {
        const real = (await (
          await fetch(
            new Request(request.url.replace('/me/', `/users/${emulator.users[0]!.id}/`), {
              method: 'POST',
              headers: request.headers,
              body: await request.text(),
            }),
          )
        ).json()) as { value: Array<Record<string, unknown>> };
        const [a, b, c] = real.value;
        // b and a swapped and shouted; c without a scheduleId, in its own place; d missing.
        return HttpResponse.json({
          value: [
            { ...b, scheduleId: String(b!.scheduleId).toUpperCase() },
            { ...a, scheduleId: String(a!.scheduleId).toUpperCase() },
            { ...c, scheduleId: undefined },
          ],
        });
      }),
    );
    const answers = await getSchedules(testClient(), people, WINDOW);
    const spansOf = (id: string) => {
      const r = answers.get(id);
      return r !== 'later' && r?.kind === 'schedule' ? r.schedule.spans.map((s) => s.start) : r;
    };
    for (const person of people.slice(0, 3)) {
      expect(spansOf(person.id)).toEqual(emulator.calendarOf(person.id, WINDOW.start, WINDOW.end).map((i) => i.start));
    }
    expect(answers.get(people[3]!.id)).toBe('later');
  });

  it('throws the client’s GraphError for a whole call refused: no consent is forbidden, not later', async () => {
    const emulator = graph.start({ users: 50, now: () => NOW, calendarConsent: false });
    const people = readable(emulator, 2);
    const error = await getSchedules(testClient(), people, WINDOW).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({ kind: 'forbidden', status: 403, code: 'ErrorAccessDenied' });
    const withScope = testClient({ tokenSource: staticTokenSource(jwt({ scp: 'User.ReadBasic.All Calendars.ReadBasic' })) });
    expect((await getSchedules(withScope, people, WINDOW)).size).toBe(2);
    const withoutScope = testClient({ tokenSource: staticTokenSource(jwt({ scp: 'User.ReadBasic.All Presence.Read.All' })) });
    await expect(getSchedules(withoutScope, people, WINDOW)).rejects.toMatchObject({ kind: 'forbidden' });
  });

  it('backs off as Retry-After says when mailbox throttling answers 429, then reads the schedules', async () => {
    const emulator = graph.start({ users: 50, now: () => NOW, retryAfterSeconds: 3 });
    const people = readable(emulator, 3);
    emulator.throttleCalendarCalls(2);
    const { waits, sleep } = recordingSleep();
    const client = testClient({ sleep });
    const answers = await getSchedules(client, people, WINDOW);
    expect(waits).toEqual([3000, 3000]);
    expect(client.throttledCount).toBe(2);
    expect(emulator.requests.map((r) => [r.status, r.idCount])).toEqual([
      [429, 3],
      [429, 3],
      [200, 3],
    ]);
    expect([...answers.values()].every((a) => a !== 'later' && a.kind === 'schedule')).toBe(true);
  });

  it('gives up as throttled (or unavailable) after the client’s retries: the caller asks later', async () => {
    const emulator = graph.start({ users: 50, now: () => NOW, calendarThrottleRate: 1 });
    const people = readable(emulator, 2);
    const { sleep } = recordingSleep();
    await expect(getSchedules(testClient({ sleep, maxAttempts: 3 }), people, WINDOW)).rejects.toMatchObject({
      kind: 'throttled',
      attempts: 3,
    });
    emulator.calendarThrottleRate = 0;
    emulator.unavailableRate = 1;
    await expect(getSchedules(testClient({ sleep, maxAttempts: 2 }), people, WINDOW)).rejects.toMatchObject({ kind: 'unavailable' });
  });

  it('calls an answer without a list of schedules a bad response', async () => {
    graph.start({ users: 10, now: () => NOW });
    graph.server.use(http.post(`${BASE}/me/calendar/getSchedule`, () => HttpResponse.json({ value: 'none' })));
    await expect(getSchedules(testClient(), [{ id: 'a', address: 'a@contoso.com' }], WINDOW)).rejects.toMatchObject({
      kind: 'bad-response',
    });
  });
});
