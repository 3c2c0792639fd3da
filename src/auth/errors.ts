/**
 * The sign-in needs the person: consent to grant, or an account to pick. Only a click may open
 * the popup that resolves it, so the board shows a "Grant access" button.
 */
export class InteractionRequiredError extends Error {
  override readonly name = 'InteractionRequiredError';
}
