/**
 * How the emulated directory compares strings in `$filter` (`eq`, `ne`, `in`, `startsWith`,
 * `endsWith`, `ge`, `le`) and `$orderby`.
 *
 * Microsoft Graph documents no collation for directory strings. What its pages do say: matching is
 * not case-sensitive in practice (a `mail eq` or `startsWith(displayName, 'mary')` finds 'Mary'; the
 * filter guide's own example, https://learn.microsoft.com/graph/filter-query-parameter, looks for
 * "the name Mary" with `startswith(displayName,'mary')`), and nothing promises the browser's
 * `localeCompare` order. So the emulator deliberately uses an order that is neither the browser's
 * nor JavaScript's default `<`, and lets a test choose another: a client that assumes either breaks
 * in tests, as it would against a real tenant.
 *
 * - `ordinal-ignore-case` (default): UTF-16 code units compared after upper-casing each code unit on
 *   its own (simple case mapping, as .NET's OrdinalIgnoreCase does: 'ß' stays 'ß', 'ı' becomes 'I').
 *   'Émile' sorts after 'Zoe' (É is U+00C9), and 'a_b' after 'aab' ('_' U+005F is above 'A' U+0041
 *   but below 'a' U+0061, so folding to lower case would order them the other way).
 * - `ordinal`: UTF-16 code units as they are, case-sensitive: what JavaScript's `<` does. Equality
 *   and `startsWith` are case-sensitive too (a hostile server, for property tests).
 * - `linguistic-ignore-case`: the root locale's collation (ICU), ignoring case but not accents:
 *   close to what a browser's `localeCompare` gives, for tests that want a server agreeing with it.
 */
export type Collation = 'ordinal-ignore-case' | 'ordinal' | 'linguistic-ignore-case';

export const COLLATIONS: readonly Collation[] = ['ordinal-ignore-case', 'ordinal', 'linguistic-ignore-case'];

export interface Collator {
  readonly name: Collation;
  /** Negative, zero or positive, as a sort comparator. */
  compare(a: string, b: string): number;
  equals(a: string, b: string): boolean;
  startsWith(value: string, prefix: string): boolean;
  endsWith(value: string, suffix: string): boolean;
  /** A key whose code-unit order is this collation's order, where there is one (sorting many names fast). */
  sortKey?(value: string): string;
}

const upperCache = new Map<number, number>();
const SURROGATE = /[\uD800-\uDFFF]/;

/** One UTF-16 code unit upper-cased by simple mapping (a unit whose upper case is longer, such as 'ß', stays). */
function upperUnit(unit: number): number {
  if (unit < 0x61) return unit;
  if (unit <= 0x7a) return unit - 0x20;
  if (unit < 0x80) return unit;
  let upper = upperCache.get(unit);
  if (upper === undefined) {
    const mapped = String.fromCharCode(unit).toUpperCase();
    upper = mapped.length === 1 ? mapped.charCodeAt(0) : unit;
    upperCache.set(unit, upper);
  }
  return upper;
}

/** The string with each UTF-16 code unit upper-cased on its own: the key `ordinal-ignore-case` compares. */
export function foldOrdinalIgnoreCase(value: string): string {
  // Fast path: without surrogates (astral letters would be upper-cased as a pair) and with no unit
  // whose upper case is longer ('ß' → 'SS' changes the length), the built-in gives the same result.
  if (!SURROGATE.test(value)) {
    const upper = value.toUpperCase();
    if (upper.length === value.length) return upper;
  }
  let out = '';
  for (let i = 0; i < value.length; i++) out += String.fromCharCode(upperUnit(value.charCodeAt(i)));
  return out;
}

/** Whether `part` lies in `value` from `at` on, each code unit upper-cased on its own (as foldOrdinalIgnoreCase). */
function unitsMatchIgnoringCase(value: string, at: number, part: string): boolean {
  for (let i = 0; i < part.length; i++) {
    const a = value.charCodeAt(at + i);
    const b = part.charCodeAt(i);
    if (a !== b && upperUnit(a) !== upperUnit(b)) return false;
  }
  return true;
}

function codeUnitCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const ordinalIgnoreCase: Collator = {
  name: 'ordinal-ignore-case',
  compare: (a, b) => codeUnitCompare(foldOrdinalIgnoreCase(a), foldOrdinalIgnoreCase(b)),
  equals: (a, b) => a.length === b.length && foldOrdinalIgnoreCase(a) === foldOrdinalIgnoreCase(b),
  // Folding maps one code unit to one, so a prefix (suffix) is compared unit by unit where it lies.
  startsWith: (value, prefix) => prefix.length <= value.length && unitsMatchIgnoringCase(value, 0, prefix),
  endsWith: (value, suffix) => suffix.length <= value.length && unitsMatchIgnoringCase(value, value.length - suffix.length, suffix),
  sortKey: foldOrdinalIgnoreCase,
};

const ordinal: Collator = {
  name: 'ordinal',
  compare: codeUnitCompare,
  equals: (a, b) => a === b,
  startsWith: (value, prefix) => value.startsWith(prefix),
  endsWith: (value, suffix) => value.endsWith(suffix),
  sortKey: (value) => value,
};

function linguisticIgnoreCase(): Collator {
  const intl = new Intl.Collator('und', { sensitivity: 'accent', usage: 'sort' });
  // Prefixes by the same collation: the value's first code units, as many as the prefix has (an
  // approximation where a collation element spans the cut; the emulator's own rule, stated here).
  return {
    name: 'linguistic-ignore-case',
    compare: (a, b) => intl.compare(a, b),
    equals: (a, b) => intl.compare(a, b) === 0,
    startsWith: (value, prefix) => intl.compare(value.slice(0, prefix.length), prefix) === 0,
    endsWith: (value, suffix) => suffix.length <= value.length && intl.compare(value.slice(value.length - suffix.length), suffix) === 0,
  };
}

/** The collator for a collation name. */
export function collatorFor(name: Collation): Collator {
  switch (name) {
    case 'ordinal-ignore-case':
      return ordinalIgnoreCase;
    case 'ordinal':
      return ordinal;
    case 'linguistic-ignore-case':
      return linguisticIgnoreCase();
  }
}
