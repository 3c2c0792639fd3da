import type { PresenceRecord, WorkLocation } from '../presence/types';
import { htmlToPlainText } from '../presence/text';
import type { GraphClient } from './client';
import { GraphError } from './errors';

/** Graph refuses more ids than this in one getPresencesByUserId call. */
export const MAX_IDS_PER_PRESENCE_CALL = 650;

const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** getPresencesByUserId takes user object ids, which are GUIDs; anything else spoils the whole call (400). */
export function isObjectId(id: string): boolean {
  return OBJECT_ID.test(id);
}

/**
 * Splits ids into the fewest chunks of at most `max`, of nearly equal size
 * (999 ids become 500 + 499, not 650 + 349), so no call waits on one large answer.
 */
export function chunkEvenly<T>(items: readonly T[], max: number): T[][] {
  if (items.length === 0) return [];
  const count = Math.ceil(items.length / max);
  const size = Math.ceil(items.length / count);
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

const WORK_LOCATIONS: ReadonlySet<string> = new Set<WorkLocation>(['office', 'remote', 'timeOff']);

/**
 * `workLocation.workLocationType` (userWorkLocation, Graph v1.0): office, remote or timeOff; null
 * for "unspecified", values Graph may add later, and anything else; undefined where the answer
 * has no `workLocation` at all (tenants without it).
 */
export function workLocationOf(raw: unknown): WorkLocation | null | undefined {
  if (raw === undefined) return undefined;
  const type = typeof raw === 'object' && raw !== null ? (raw as { workLocationType?: unknown }).workLocationType : undefined;
  return typeof type === 'string' && WORK_LOCATIONS.has(type) ? (type as WorkLocation) : null;
}

function toPresenceRecord(raw: unknown): PresenceRecord | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  if (typeof r.id !== 'string') return null;
  const status = r.statusMessage as { message?: { content?: unknown } } | null | undefined;
  const content = status?.message?.content;
  const ooo = r.outOfOfficeSettings as { isOutOfOffice?: unknown; message?: unknown } | null | undefined;
  const statusText = typeof content === 'string' ? htmlToPlainText(content) : '';
  const oooText = typeof ooo?.message === 'string' ? htmlToPlainText(ooo.message) : '';
  const workLocation = workLocationOf(r.workLocation);
  return {
    id: r.id,
    availability: typeof r.availability === 'string' ? r.availability : 'PresenceUnknown',
    activity: typeof r.activity === 'string' ? r.activity : 'PresenceUnknown',
    statusMessage: statusText === '' ? null : statusText,
    isOutOfOffice: ooo?.isOutOfOffice === true,
    outOfOfficeMessage: oooText === '' ? null : oooText,
    ...(workLocation === undefined ? {} : { workLocation }),
  };
}

/** One `getPresencesByUserId` call for at most 650 object ids. */
export async function getPresences(client: GraphClient, ids: readonly string[], signal?: AbortSignal): Promise<PresenceRecord[]> {
  if (ids.length > MAX_IDS_PER_PRESENCE_CALL) {
    throw new RangeError(`getPresencesByUserId takes at most ${MAX_IDS_PER_PRESENCE_CALL} ids; got ${ids.length}.`);
  }
  if (ids.length === 0) return [];
  const malformed = ids.find((id) => !isObjectId(id));
  if (malformed !== undefined) throw new RangeError(`getPresencesByUserId takes user object ids (GUIDs); got "${malformed}".`);
  const answer = await client.request<{ value?: unknown }>({
    url: '/communications/getPresencesByUserId',
    method: 'POST',
    body: { ids },
    signal,
  });
  if (typeof answer !== 'object' || answer === null || !Array.isArray(answer.value)) {
    throw new GraphError('bad-response', 'Microsoft Graph sent a presence answer without a list of presences.', {
      facts: { about: 'no-list', of: 'presences' },
    });
  }
  return answer.value.map(toPresenceRecord).filter((p): p is PresenceRecord => p !== null);
}
