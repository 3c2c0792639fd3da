import { ROW_PERSON } from './remote/protocol';

/** Keyboard moves in the list: from a row index to another, given the last index and a page of rows. */
export const KEY_MOVES: Record<string, (index: number, last: number, page: number) => number> = {
  ArrowDown: (i, last) => Math.min(last, i + 1),
  ArrowUp: (i) => Math.max(0, i - 1),
  Home: () => 0,
  End: (_, last) => last,
  PageDown: (i, last, page) => Math.min(last, i + page),
  PageUp: (i, _, page) => Math.max(0, i - page),
};

/**
 * The person row nearest `to`, looking first in the direction of travel from `from`; `kinds` is
 * the list's ROW_HEADING / ROW_PERSON per row (the page knows every row's kind, not every row).
 */
export function nearestPerson(kinds: ArrayLike<number>, to: number, from: number): number | null {
  const step = to >= from ? 1 : -1;
  for (const direction of [step, -step]) {
    for (let i = to; i >= 0 && i < kinds.length; i += direction) if (kinds[i] === ROW_PERSON) return i;
  }
  return null;
}
