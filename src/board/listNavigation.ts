import type { ListRow } from './boardView';

/** Keyboard moves in the list: from a row index to another, given the last index and a page of rows. */
export const KEY_MOVES: Record<string, (index: number, last: number, page: number) => number> = {
  ArrowDown: (i, last) => Math.min(last, i + 1),
  ArrowUp: (i) => Math.max(0, i - 1),
  Home: () => 0,
  End: (_, last) => last,
  PageDown: (i, last, page) => Math.min(last, i + page),
  PageUp: (i, _, page) => Math.max(0, i - page),
};

/** The person row nearest `to`, looking first in the direction of travel from `from`. */
export function nearestPerson(rows: readonly ListRow[], to: number, from: number): number | null {
  const step = to >= from ? 1 : -1;
  for (const direction of [step, -step]) {
    for (let i = to; i >= 0 && i < rows.length; i += direction) if (rows[i]!.kind === 'person') return i;
  }
  return null;
}
