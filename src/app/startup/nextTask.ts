/** Resolves in a later task: what follows is not added to the current one (the browser paints and handles input in between). */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
