import { InteractionRequiredError } from '../auth/errors';
import { GraphError } from '../graph/errors';

export interface ErrorMessage {
  title: string;
  body: string;
}

/** What to tell a person about a failure, and what they can do about it. */
export function describeError(error: unknown): ErrorMessage {
  if (error instanceof InteractionRequiredError) {
    return {
      title: 'Access needed',
      body: "Who's Online needs your permission to read your organisation's directory and presence (User.ReadBasic.All, Presence.Read.All).",
    };
  }
  if (error instanceof GraphError) {
    switch (error.kind) {
      case 'auth':
        return {
          title: 'Sign-in needed',
          body: 'Microsoft Graph did not accept the sign-in, even after a fresh token. Sign in again; if you started the app with GRAPH_TOKEN, get a new one (they last about an hour) and start again.',
        };
      case 'forbidden':
        return {
          title: 'Permission needed',
          body: 'This board needs the delegated permissions User.ReadBasic.All and Presence.Read.All. Ask an administrator to grant consent, then try again.',
        };
      case 'throttled':
        return {
          title: 'Microsoft Graph is busy',
          body: 'Too many requests reached Microsoft Graph just now. Wait a minute, then try again.',
        };
      case 'unavailable':
        return { title: 'Microsoft Graph is unavailable', body: 'The service did not answer in time. Wait a minute, then try again.' };
      case 'network':
        return { title: 'No connection', body: 'Could not reach Microsoft Graph. Check your network connection, then try again.' };
      case 'untrusted-url':
        return { title: 'Request refused', body: `${error.message} Your sign-in was not sent.` };
      case 'bad-request':
      case 'bad-response':
        return { title: 'Unexpected answer from Microsoft Graph', body: error.message };
    }
  }
  return { title: 'Something went wrong', body: error instanceof Error ? error.message : String(error) };
}
