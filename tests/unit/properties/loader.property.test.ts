import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadUsersAndPresence } from '../../../src/board/loadPipeline';
import { MAX_IDS_PER_PRESENCE_CALL } from '../../../src/graph/presence';
import { emulatedGraphPerFile, recordingSleep, testClient, TEST_TOKEN } from '../support/emulatedGraph';

const graph = emulatedGraphPerFile();
const MAX_ATTEMPTS = 4;

describe('the loader, for random tenants, page sizes and fault schedules', () => {
  it('loses and duplicates no one, never asks for more than 650 ids, makes a bounded number of attempts, and sends the token only to Graph', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          users: fc.integer({ min: 0, max: 2500 }),
          // At least 13 a page, so 2,500 people fit in the 200 pages a listing reads at most.
          maxPageSize: fc.integer({ min: 13, max: 999 }),
          throttleRate: fc.double({ min: 0, max: 0.4, noNaN: true }),
          unavailableRate: fc.double({ min: 0, max: 0.3, noNaN: true }),
          seed: fc.integer({ min: 1, max: 1_000_000 }),
        }),
        async (options) => {
          const emulator = graph.start({ ...options, retryAfterSeconds: 0 });
          const { sleep } = recordingSleep();
          const listed: string[] = [];
          const withPresence = new Set<string>();
          const unavailable = new Set<string>();
          let failure: unknown = null;
          await loadUsersAndPresence(testClient({ sleep, maxAttempts: MAX_ATTEMPTS }), {
            onUsersPage: (page) => listed.push(...page.users.map((u) => u.id)),
            onPresence: (records) => records.forEach((r) => withPresence.add(r.id)),
            onPresenceUnavailable: (ids) => ids.forEach((id) => unavailable.add(id)),
          }).catch((error: unknown) => (failure = error));

          // No one listed twice.
          expect(new Set(listed).size).toBe(listed.length);
          if (failure === null) {
            // Everyone the directory holds is listed, and has presence or is counted unavailable.
            expect(listed.length).toBe(options.users);
            for (const id of listed) expect(withPresence.has(id) || unavailable.has(id)).toBe(true);
          }
          const presenceCalls = emulator.requests.filter((r) => r.url.includes('getPresencesByUserId'));
          expect(presenceCalls.every((r) => (r.idCount ?? 0) <= MAX_IDS_PER_PRESENCE_CALL)).toBe(true);
          // Each page or presence call is tried at most MAX_ATTEMPTS times.
          const logicalCalls = Math.ceil(options.users / options.maxPageSize) + Math.ceil(options.users / MAX_IDS_PER_PRESENCE_CALL) + 2;
          expect(emulator.requests.length).toBeLessThanOrEqual(logicalCalls * MAX_ATTEMPTS * 2);
          expect(emulator.requests.every((r) => r.authorization === `Bearer ${TEST_TOKEN}`)).toBe(true);
          expect(emulator.requests.every((r) => r.url.startsWith('https://graph.microsoft.com/v1.0/'))).toBe(true);
          graph.server.resetHandlers();
        },
      ),
      { numRuns: 40 },
    );
  });
});
