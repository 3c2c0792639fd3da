import { InteractionRequiredError } from '../auth/errors';
import { GraphError } from '../graph/errors';
import { en, type Strings } from './strings';

export interface ErrorMessage {
  title: string;
  body: string;
}

/** What to tell a person about a failure, and what they can do about it, in their language. */
export function describeError(error: unknown, strings: Strings = en): ErrorMessage {
  const e = strings.errors;
  const pair = ([title, body]: [string, string]) => ({ title, body });
  if (error instanceof InteractionRequiredError) return pair(e.consent);
  if (error instanceof GraphError) {
    switch (error.kind) {
      case 'auth':
        return pair(e.auth);
      case 'forbidden':
        return pair(e.forbidden);
      case 'throttled':
        return pair(e.throttled);
      case 'unavailable':
        return pair(e.unavailable);
      case 'network':
        return pair(e.network);
      case 'untrusted-url':
        if (error.facts?.about === 'untrusted-url') return { title: e.untrusted[0], body: e.untrusted[1](error.facts) };
        break;
      case 'redirect':
        if (error.facts?.about === 'redirect') return { title: e.redirect[0], body: e.redirect[1](error.facts) };
        break;
      case 'cut-short':
        if (error.facts?.about === 'cut-short') return { title: e.cutShort[0], body: e.cutShort[1](error.facts) };
        break;
      case 'bad-request':
      case 'bad-response':
        break;
    }
    // Every kind is said from the string tables, from the error's facts (its message is English, for logs).
    return { title: e.badAnswer, body: e.badAnswerBody(error.facts) };
  }
  return { title: e.unknown, body: error instanceof Error ? error.message : String(error) };
}
