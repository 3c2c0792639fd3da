import type { GraphClient } from './client';
import { GraphError } from './errors';

/** Graph runs at most this many requests in one `$batch`. */
export const MAX_REQUESTS_PER_BATCH = 20;

/** What one person's photo request came to: a picture, none (404), or try again later. */
export type PhotoAnswer = { kind: 'photo'; url: string } | { kind: 'none' } | { kind: 'later' };

interface BatchItemAnswer {
  id?: unknown;
  status?: unknown;
  headers?: unknown;
  body?: unknown;
}

/** The relative URL of a user's 48×48 photo, as it goes inside a batch. */
export function photoPath(userId: string): string {
  return `/users/${encodeURIComponent(userId)}/photos/48x48/$value`;
}

const IMAGE_TYPE = /^image\/(png|jpeg|gif|webp|bmp)$/i;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function toAnswer(item: BatchItemAnswer | undefined): PhotoAnswer {
  if (!item) return { kind: 'later' };
  // 404: no photo (ImageNotFound) or no such user. Other failures (429, 5xx) are worth asking again.
  if (item.status === 404) return { kind: 'none' };
  if (item.status !== 200) return { kind: 'later' };
  const headers = (typeof item.headers === 'object' && item.headers !== null ? item.headers : {}) as Record<string, unknown>;
  const type = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  const mime = typeof type === 'string' ? type.split(';')[0]!.trim() : 'image/jpeg';
  // Only image types become an image source, and only from well-formed base64.
  if (!IMAGE_TYPE.test(mime) || typeof item.body !== 'string' || !BASE64.test(item.body)) return { kind: 'none' };
  return { kind: 'photo', url: `data:${mime.toLowerCase()};base64,${item.body}` };
}

/**
 * The 48×48 photos of up to 20 users in one `POST /$batch`; binary bodies come back base64.
 * Each user gets an answer: a `data:` URL, none, or later (throttled inside the batch, or missing).
 */
export async function getPhotos(client: GraphClient, userIds: readonly string[], signal?: AbortSignal): Promise<Map<string, PhotoAnswer>> {
  if (userIds.length > MAX_REQUESTS_PER_BATCH) {
    throw new RangeError(`A $batch takes at most ${MAX_REQUESTS_PER_BATCH} requests; got ${userIds.length}.`);
  }
  const answers = new Map<string, PhotoAnswer>();
  if (userIds.length === 0) return answers;
  const requests = userIds.map((id, i) => ({ id: String(i + 1), method: 'GET', url: photoPath(id) }));
  const reply = await client.request<{ responses?: unknown }>({ url: '/$batch', method: 'POST', body: { requests }, signal });
  if (typeof reply !== 'object' || reply === null || !Array.isArray(reply.responses)) {
    throw new GraphError('bad-response', 'Microsoft Graph sent a batch answer without a list of responses.', {
      facts: { about: 'no-list', of: 'batch' },
    });
  }
  const byId = new Map<string, BatchItemAnswer>();
  for (const item of reply.responses as BatchItemAnswer[]) {
    if (typeof item === 'object' && item !== null) byId.set(String(item.id), item);
  }
  userIds.forEach((userId, i) => answers.set(userId, toAnswer(byId.get(String(i + 1)))));
  return answers;
}
