/**
 * Everything an auth failure says about itself, as one text to match codes in: msal-browser's
 * `errorCode` and `subError` (Entra's AADSTS code is in the message), then the message; teams-js
 * and our own pages reject with plain Errors or strings.
 */
export function authErrorText(error: unknown): string {
  const field = (name: string) =>
    typeof error === 'object' && error !== null && name in error ? String((error as Record<string, unknown>)[name]) : '';
  return [field('errorCode'), field('subError'), error instanceof Error ? error.message : String(error)].join(' ');
}
