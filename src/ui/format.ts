/** Numbers and times for the people reading the board, in their locale. */

// Making an Intl formatter costs far more than using one: keep one per locale.
const numberFormats = new Map<string, Intl.NumberFormat>();
const timeFormats = new Map<string, Intl.DateTimeFormat>();

function cached<T>(cache: Map<string, T>, locale: string | undefined, make: () => T): T {
  const key = locale ?? '';
  let format = cache.get(key);
  if (format === undefined) {
    format = make();
    cache.set(key, format);
  }
  return format;
}

export function formatCount(value: number, locale?: string): string {
  return cached(numberFormats, locale, () => new Intl.NumberFormat(locale)).format(value);
}

/** A time of day with seconds ("updated 14:03:27"): a refresh every minute shows it moved. */
export function formatTime(date: Date, locale?: string): string {
  return cached(
    timeFormats,
    locale,
    () => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' }),
  ).format(date);
}
