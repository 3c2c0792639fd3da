import { afterEach, describe, expect, it, vi } from 'vitest';
import { BoardStore } from '@/board/boardStore';
import { DEFAULT_CHOICES } from '@/board/boardView';
import { BoardSession } from '@/board/remote/boardSession';
import { portPair } from '@/board/remote/protocol';
import { RemoteBoard } from '@/board/remote/remoteBoard';
import { ScheduleStore } from '@/board/scheduleStore';
import type { GraphClient } from '@/graph/client';
import { GraphError } from '@/graph/errors';
import type { getSchedules } from '@/graph/schedules';
import type { ScheduleReading } from '@/presence/schedule';
import { emulatedGraphPerFile, testClient } from '../support/emulatedGraph';

const graph = emulatedGraphPerFile();
const boards: RemoteBoard[] = [];
afterEach(() => {
  for (const board of boards.splice(0)) board.dispose();
});

const busy = (): ScheduleReading => ({
  kind: 'schedule',
  schedule: {
    spans: [{ status: 'busy', start: Date.now() - 60_000, end: Date.now() + 3_600_000 }],
    workingHours: null,
    coversUntil: Date.now() + 86_400_000,
  },
});

describe('calendars on the page when consent goes', () => {
  it('consent revoked (403 after earlier success): the rows stop saying what the calendars said before, while the bar asks for access', async () => {
    const emulator = graph.start({ users: 20 });
    let refuse = false;
    const fetchSchedules: typeof getSchedules = async (_client, asked) => {
      if (refuse) throw new GraphError('forbidden', 'Access is denied.', { status: 403 });
      return new Map(asked.map((p) => [p.id, busy()]));
    };
    const schedules = new ScheduleStore({ client: {} as GraphClient, fetchSchedules, gatherMs: 10, freshMs: 500 });
    const store = new BoardStore({ client: testClient(), notifyIntervalMs: 1 });
    const { page, worker } = portPair();
    const session = new BoardSession({ store, port: worker, schedules });
    const board = new RemoteBoard(page);
    boards.push(board);
    await store.load();
    board.setQuery({
      query: '',
      choices: { ...DEFAULT_CHOICES, showOffline: true, calendars: true },
      favourites: [],
      noDepartmentLabel: 'x',
    });
    board.setWindow({ start: 0, end: 20, visibleStart: 0, visibleEnd: 10, anchorKey: null });
    // Someone on screen whose schedule came to the page.
    const someone = await vi.waitFor(
      () => {
        const found = emulator.users.find((u) => board.scheduleSource.readingOf(u.id)?.kind === 'schedule');
        if (!found) throw new Error('no schedule on the page yet');
        return found.id;
      },
      { timeout: 10_000 },
    );

    refuse = true;
    // A presence refresh reads the schedules again: Graph now says 403.
    await vi.waitFor(
      async () => {
        await store.refresh();
        expect(board.scheduleSource.access()).toBe('needs-consent');
      },
      { timeout: 10_000, interval: 600 },
    );
    expect(board.scheduleSource.readingOf(someone)).toBeUndefined();

    // Granted again: read again, and shown.
    refuse = false;
    board.calendarGranted();
    await vi.waitFor(() => expect(board.scheduleSource.access()).toBe('on'), { timeout: 10_000 });
    await vi.waitFor(() => expect(board.scheduleSource.readingOf(someone)?.kind).toBe('schedule'), { timeout: 10_000 });
    session.dispose();
  });
});
