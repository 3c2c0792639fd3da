import { describe, expect, it } from 'vitest';
import { GraphError, type GraphErrorFacts } from '@/graph/errors';
import { describeError } from '@/ui/errorMessage';
import { en, stringsFor } from '@/ui/strings';

const de = stringsFor('de-DE');

/** One error of each kind whose body is made from facts, with the English message the Graph layer gives it. */
const cases: Array<[GraphError['kind'], string, GraphErrorFacts]> = [
  [
    'untrusted-url',
    'Refused to call https://evil.example: it is not the configured Graph host https://graph.microsoft.com.',
    { about: 'untrusted-url', origin: 'https://evil.example', graphOrigin: 'https://graph.microsoft.com' },
  ],
  [
    'redirect',
    'Microsoft Graph answered with a redirect to https://collector.example (HTTP 302). Graph does not redirect this call, so it was not followed.',
    { about: 'redirect', to: 'https://collector.example', status: 302 },
  ],
  [
    'cut-short',
    'Microsoft Graph kept naming more pages of the directory: the listing stopped after 3 pages (150 people); it said it holds 100.',
    { about: 'cut-short', pages: 3, people: 150, totalCount: 100 },
  ],
  [
    'bad-request',
    'Microsoft Graph refused the request (HTTP 400): Invalid filter',
    { about: 'status', status: 400, graphSaid: 'Invalid filter' },
  ],
  ['bad-response', 'Microsoft Graph answered HTTP 500', { about: 'status', status: 500, graphSaid: null }],
  ['bad-response', 'Microsoft Graph sent an answer that is not JSON.', { about: 'not-json' }],
  ['bad-response', 'Microsoft Graph sent a users page without a list of users.', { about: 'no-list', of: 'users' }],
];

describe('what a failure says', () => {
  it.each(cases)('a %s error says in English what its message says', (kind, message, facts) => {
    expect(describeError(new GraphError(kind, message, { facts }), en).body).toContain(message);
  });

  it.each(cases)('a %s error says it in German to a German reader, not in English', (kind, message, facts) => {
    const { title, body } = describeError(new GraphError(kind, message, { facts }), de);
    expect(body).not.toContain(message);
    expect(body).not.toBe(describeError(new GraphError(kind, message, { facts }), en).body);
    expect(title).not.toBe(describeError(new GraphError(kind, message, { facts }), en).title);
  });

  it('never shows the English message of a Graph error that carries no facts', () => {
    const { body } = describeError(new GraphError('bad-response', 'Something English'), de);
    expect(body).not.toContain('Something English');
  });
});
