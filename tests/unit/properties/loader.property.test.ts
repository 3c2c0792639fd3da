import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadUsersAndPresence } from '@/board/loadPipeline';
import { MAX_IDS_PER_PRESENCE_CALL } from '@/graph/presence';
import { emulatedGraphPerFile, recordingSleep, testClient, TEST_TOKEN } from '../support/emulatedGraph';
import { seeded } from './seed';

const graph = emulatedGraphPerFile();

describe('the loader, for random tenants, page sizes and fault schedules', () => {
  it('loses and duplicates no one, never asks for more than 650 ids, makes a bounded number of attempts, and sends the token only to Graph', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          users: fc.integer({ min: 0, max: 2500 }),
          // At least 13 a page, so 2,500 people fit in the 200 pages a listing reads at most.
          maxPageSize: fc.integer({ min: 13, max: 999 }),
          // Spread evenly (fast-check's doubles keep to the ends), high enough that some loads fail.
          throttleRate: fc.integer({ min: 0, max: 40 }).map((n) => n / 100),
          unavailableRate: fc.integer({ min: 0, max: 30 }).map((n) => n / 100),
          maxAttempts: fc.integer({ min: 1, max: 4 }),
          seed: fc.integer({ min: 1, max: 1_000_000 }),
        }),
        async ({ maxAttempts, ...options }) => {
          const emulator = graph.start({ ...options, retryAfterSeconds: 0 });
          const { sleep } = recordingSleep();
          const listed: string[] = [];
          const shown = new Map<string, string>();
          const unavailable = new Set<string>();
          let failure: unknown = null;
          await loadUsersAndPresence(testClient({ sleep, maxAttempts }), {
            onUsersPage: (page) => listed.push(...page.users.map((u) => u.id)),
            onPresence: (records) => records.forEach((r) => shown.set(r.id, r.availability)),
            onPresenceUnavailable: (ids) => ids.forEach((id) => unavailable.add(id)),
          }).catch((error: unknown) => (failure = error));

          // The directory's people in its order, each once: all of them, or the first ones when the load failed.
          expect(listed).toEqual(emulator.users.slice(0, listed.length).map((u) => u.id));
          if (failure === null) expect(listed).toHaveLength(options.users);
          // Only the injected faults may stop a load: Graph kept answering 429 or 503 to a users page.
          else expect(failure).toMatchObject({ name: 'GraphError', kind: expect.stringMatching(/^(throttled|unavailable)$/) });
          // Whether or not the load failed, everyone listed has presence, the emulator's, or is counted unavailable.
          for (const id of listed) {
            if (shown.has(id)) expect(shown.get(id)).toBe(emulator.presenceOf(id)!.availability);
            else expect(unavailable.has(id)).toBe(true);
          }
          const presenceCalls = emulator.requests.filter((r) => r.url.includes('getPresencesByUserId'));
          expect(presenceCalls.every((r) => (r.idCount ?? 0) <= MAX_IDS_PER_PRESENCE_CALL)).toBe(true);
          // Each page or presence call is tried at most maxAttempts times.
          const logicalCalls = Math.ceil(options.users / options.maxPageSize) + Math.ceil(options.users / MAX_IDS_PER_PRESENCE_CALL) + 2;
          expect(emulator.requests.length).toBeLessThanOrEqual(logicalCalls * maxAttempts * 2);
          expect(emulator.requests.every((r) => r.authorization === `Bearer ${TEST_TOKEN}`)).toBe(true);
          expect(emulator.requests.every((r) => r.url.startsWith('https://graph.microsoft.com/v1.0/'))).toBe(true);
          graph.server.resetHandlers();
        },
      ),
      seeded({ numRuns: 40 }),
    );
  });
});
