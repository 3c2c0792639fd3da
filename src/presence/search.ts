import { foldForSearch } from './people';
import type { DirectoryUser } from './types';

const searchKeys = new WeakMap<DirectoryUser, string>();

/** The folded text a search looks in: name, mail, job title, department, office location (all a row shows); made once per user. */
export function searchKeyOf(user: DirectoryUser): string {
  let key = searchKeys.get(user);
  if (key === undefined) {
    const fields = [user.displayName, user.mail, user.jobTitle, user.department, user.officeLocation];
    key = foldForSearch(fields.map((field) => field ?? '').join('\n'));
    searchKeys.set(user, key);
  }
  return key;
}

/** The words of a query, folded as the search keys are. */
export function queryWords(query: string): string[] {
  return foldForSearch(query).split(/\s+/).filter(Boolean);
}

/** Name order for the locale (then mail, so people of the same name keep one order). */
function byNameFor(locale?: string): (a: DirectoryUser, b: DirectoryUser) => number {
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  return (a, b) => collator.compare(a.displayName, b.displayName) || collator.compare(a.mail ?? '', b.mail ?? '');
}

/** The directory in name order, for the locale; done once per directory change, not per keystroke. */
export function sortByName<T extends DirectoryUser>(users: readonly T[], locale?: string): T[] {
  return [...users].sort(byNameFor(locale));
}

/**
 * `sorted` (in name order) with `newcomers` added, in name order: the newcomers are sorted and
 * merged in, so a directory that grows page by page is not sorted whole again each time.
 * Equal names keep `sorted`'s people first, as a stable sort of the whole would.
 */
export function mergeByName<T extends DirectoryUser>(sorted: readonly T[], newcomers: readonly T[], locale?: string): T[] {
  const compare = byNameFor(locale);
  const added = [...newcomers].sort(compare);
  const merged: T[] = new Array<T>(sorted.length + added.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < sorted.length && j < added.length) merged[k++] = compare(added[j]!, sorted[i]!) < 0 ? added[j++]! : sorted[i++]!;
  while (i < sorted.length) merged[k++] = sorted[i++]!;
  while (j < added.length) merged[k++] = added[j++]!;
  return merged;
}

/** Where the query's words are in `text` (accent- and case-insensitive), as [start, end) ranges, merged. */
export function matchRanges(text: string, words: readonly string[]): Array<[number, number]> {
  if (words.length === 0 || text === '') return [];
  // Fold character by character, remembering where each folded character came from.
  let folded = '';
  const origin: number[] = [];
  let index = 0;
  for (const char of text) {
    const f = foldForSearch(char);
    for (let k = 0; k < f.length; k++) origin.push(index);
    folded += f;
    index += char.length;
  }
  origin.push(text.length);
  const ranges: Array<[number, number]> = [];
  for (const word of words) {
    for (let at = folded.indexOf(word); at !== -1; at = folded.indexOf(word, at + word.length)) {
      const end = at + word.length;
      const last = origin[end - 1]!;
      ranges.push([origin[at]!, last + (text.codePointAt(last)! > 0xffff ? 2 : 1)]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const prev = merged[merged.length - 1];
    if (prev && range[0] <= prev[1]) prev[1] = Math.max(prev[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}
