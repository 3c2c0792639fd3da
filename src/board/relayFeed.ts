import { isObjectId, workLocationOf } from '../graph/presence';
import { idKey } from '../presence/people';
import type { PresenceRecord } from '../presence/types';

/**
 * The presence relay's stream (relay/README.md, "The stream"), parsed and checked: the relay is
 * another service, so nothing it sends is trusted further than the Graph presence parser trusts Graph.
 */
export type RelayEvent =
  /** The whole board: replaces every presence the tab shows. */
  | { kind: 'snapshot'; id: string | null; sweptAt: Date; presences: PresenceRecord[] }
  /** Whole records to set, and ids of people who left the directory. */
  | { kind: 'changes'; id: string | null; sweptAt: Date; upserts: PresenceRecord[]; removed: string[] }
  /** Whether the relay's board is fresh; `staleSince` is the last sweep known when it is not. */
  | { kind: 'status'; staleSince: Date | null; sweptAt: Date | null };

/** Longest status or out-of-office text kept from the relay (Graph's own limit is far below). */
const MAX_TEXT = 4000;

function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.slice(0, MAX_TEXT);
  return trimmed === '' ? null : trimmed;
}

/** One PresenceRecord, field by field; null when it has no usable id. Ids come back lower-case. */
export function toRelayPresenceRecord(raw: unknown): PresenceRecord | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  if (typeof r.id !== 'string' || !isObjectId(r.id)) return null;
  return {
    id: idKey(r.id),
    availability: typeof r.availability === 'string' && r.availability !== '' ? r.availability : 'PresenceUnknown',
    activity: typeof r.activity === 'string' && r.activity !== '' ? r.activity : 'PresenceUnknown',
    statusMessage: text(r.statusMessage),
    isOutOfOffice: r.isOutOfOffice === true,
    outOfOfficeMessage: text(r.outOfOfficeMessage),
    // The relay sends the record as the tab's own parser made it: a work location or null, or none.
    ...(r.workLocation === undefined ? {} : { workLocation: workLocationOf({ workLocationType: r.workLocation }) }),
  };
}

/** A time as the relay sends it: ISO text (snapshot, status) or epoch milliseconds (changes). */
function time(value: unknown): Date | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function records(value: unknown): PresenceRecord[] | null {
  if (!Array.isArray(value)) return null;
  return value.map(toRelayPresenceRecord).filter((r): r is PresenceRecord => r !== null);
}

export interface RelayParseLog {
  warn(message: string): void;
}

/**
 * One stream event (its `event:` type, `data:` text and `id:`), or null for one that is not
 * understood: an unknown type is skipped quietly (a newer relay), a malformed one with a warning.
 */
export function parseRelayEvent(type: string, data: string, id: string | null, log: RelayParseLog = console): RelayEvent | null {
  if (type !== 'snapshot' && type !== 'changes' && type !== 'status') return null;
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    log.warn(`Presence relay: a "${type}" event that is not JSON was ignored.`);
    return null;
  }
  const bad = (why: string): null => {
    log.warn(`Presence relay: a "${type}" event was ignored (${why}).`);
    return null;
  };
  if (typeof json !== 'object' || json === null) return bad('not an object');
  const j = json as Record<string, unknown>;
  const eventId = id === null || id === '' ? null : id;
  if (type === 'status') {
    if (j.staleSince !== null && j.staleSince !== undefined && time(j.staleSince) === null) return bad('staleSince is not a time');
    return { kind: 'status', staleSince: time(j.staleSince), sweptAt: time(j.sweptAt) };
  }
  const sweptAt = time(j.sweptAt);
  if (sweptAt === null) return bad('no sweptAt');
  if (type === 'snapshot') {
    const presences = records(j.presences);
    if (presences === null) return bad('no list of presences');
    return { kind: 'snapshot', id: eventId, sweptAt, presences };
  }
  const upserts = records(j.upserts ?? []);
  if (upserts === null) return bad('upserts is not a list');
  if (j.removed !== undefined && !Array.isArray(j.removed)) return bad('removed is not a list');
  const removed = ((j.removed as unknown[] | undefined) ?? [])
    .filter((r): r is string => typeof r === 'string' && isObjectId(r))
    .map(idKey);
  return { kind: 'changes', id: eventId, sweptAt, upserts, removed };
}
