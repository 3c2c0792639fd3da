import { InteractionRequiredError } from '../../auth/errors';
import { SignInWindowError, type SignInWindowFailure } from '../../auth/signInWindow';
import { GraphError, type GraphErrorFacts, type GraphErrorKind } from '../../graph/errors';

/**
 * A failure as it crosses between the page and the board worker: a structured clone keeps an
 * Error's message but not its class or fields, and the page decides what to say (and whether to
 * offer "Grant access") from exactly those.
 */
export type TransferredError =
  | {
      type: 'graph';
      kind: GraphErrorKind;
      message: string;
      status?: number;
      code?: string;
      attempts?: number;
      facts?: GraphErrorFacts;
    }
  | { type: 'interaction-required'; message: string }
  | { type: 'sign-in-window'; failure: SignInWindowFailure; message: string }
  | { type: 'abort'; message: string }
  | { type: 'other'; name: string; message: string };

export function toTransferred(error: unknown): TransferredError {
  if (error instanceof GraphError) {
    return {
      type: 'graph',
      kind: error.kind,
      message: error.message,
      ...(error.status === undefined ? {} : { status: error.status }),
      ...(error.code === undefined ? {} : { code: error.code }),
      ...(error.attempts === undefined ? {} : { attempts: error.attempts }),
      ...(error.facts === undefined ? {} : { facts: error.facts }),
    };
  }
  if (error instanceof InteractionRequiredError) return { type: 'interaction-required', message: error.message };
  if (error instanceof SignInWindowError) return { type: 'sign-in-window', failure: error.failure, message: error.message };
  if (error instanceof DOMException && error.name === 'AbortError') return { type: 'abort', message: error.message };
  if (error instanceof Error) return { type: 'other', name: error.name, message: error.message };
  return { type: 'other', name: 'Error', message: String(error) };
}

/** The failure as the class it was, on this side. */
export function fromTransferred(error: TransferredError): Error {
  switch (error.type) {
    case 'graph': {
      const { kind, message, status, code, attempts, facts } = error;
      return new GraphError(kind, message, { status, code, attempts, facts });
    }
    case 'interaction-required':
      return new InteractionRequiredError(error.message);
    case 'sign-in-window':
      return new SignInWindowError(error.failure, error.message);
    case 'abort':
      return new DOMException(error.message, 'AbortError');
    case 'other': {
      const plain = new Error(error.message);
      plain.name = error.name;
      return plain;
    }
  }
}
