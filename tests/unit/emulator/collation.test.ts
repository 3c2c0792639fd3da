import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collatorFor, COLLATIONS, foldOrdinalIgnoreCase } from '@/emulator/collation';

describe("the emulated directory's collations", () => {
  it('ordinal-ignore-case upper-cases each UTF-16 code unit on its own, by simple mapping', () => {
    expect(foldOrdinalIgnoreCase('Straße')).toBe('STRAßE');
    expect(foldOrdinalIgnoreCase('ıi')).toBe('II');
    expect(foldOrdinalIgnoreCase('émile_zola')).toBe('ÉMILE_ZOLA');
    // Astral characters are two code units each and stay as they are.
    expect(foldOrdinalIgnoreCase('𐐨x')).toBe('𐐨X');
  });

  it('folds any string as upper-casing each code unit on its own would', () => {
    const perUnit = (value: string) =>
      Array.from({ length: value.length }, (_, i) => {
        const unit = value[i]!;
        const upper = unit.toUpperCase();
        return upper.length === 1 ? upper : unit;
      }).join('');
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 12 }), (value) => foldOrdinalIgnoreCase(value) === perUnit(value)),
      {
        numRuns: 2000,
      },
    );
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('ß', 'ŉ', 'ı', 'ǅ', 'ﬀ', 'a', 'Ω', 'ς', '𐐨'), maxLength: 8 }),
        (value) => foldOrdinalIgnoreCase(value) === perUnit(value),
      ),
    );
  });

  it('ordinal-ignore-case startsWith and endsWith compare the folded strings, whatever the units', () => {
    const c = collatorFor('ordinal-ignore-case');
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.string({ unit: fc.constantFrom('ß', 'ı', 'i', 'I', 'ǅ', 'ǆ', 'a', 'A', 'ς', 'Σ', '𐐨', '\uD801', 'é', 'É'), maxLength: 6 }),
    );
    fc.assert(
      fc.property(text, text, (value, part) => {
        expect(c.startsWith(value, part)).toBe(foldOrdinalIgnoreCase(value).startsWith(foldOrdinalIgnoreCase(part)));
        expect(c.endsWith(value, part)).toBe(foldOrdinalIgnoreCase(value).endsWith(foldOrdinalIgnoreCase(part)));
        expect(c.startsWith(value + part, value)).toBe(true);
        expect(c.endsWith(value + part, part)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('orders names unlike localeCompare and unlike <', () => {
    const c = collatorFor('ordinal-ignore-case');
    expect(c.compare('Émile', 'Zoe')).toBeGreaterThan(0);
    expect('Émile'.localeCompare('Zoe')).toBeLessThan(0);
    expect(c.compare('adam', 'Bob')).toBeLessThan(0);
    expect('adam' < 'Bob').toBe(false);
    expect(c.compare('ADAM', 'a_b')).toBeLessThan(0);
    expect('adam' < 'a_b').toBe(false);
    expect(c.equals('ANNA', 'anna')).toBe(true);
    expect(c.startsWith('Ölund', 'öl')).toBe(true);
  });

  it('ordinal is case-sensitive everywhere; linguistic ignores case but not accents', () => {
    expect(collatorFor('ordinal').equals('Anna', 'anna')).toBe(false);
    expect(collatorFor('ordinal').startsWith('Anna', 'a')).toBe(false);
    const linguistic = collatorFor('linguistic-ignore-case');
    expect(linguistic.equals('Anna', 'ANNA')).toBe(true);
    expect(linguistic.equals('Émile', 'Emile')).toBe(false);
    expect(linguistic.compare('Émile', 'Zoe')).toBeLessThan(0);
  });

  it.each(COLLATIONS)('%s is a total order that startsWith and equality agree with', (name) => {
    const c = collatorFor(name);
    const text = fc.string({ unit: fc.constantFrom('a', 'A', 'b', 'É', 'é', '_', 'ß', 'ı', 'I', ' ', 'z', 'Z'), maxLength: 6 });
    fc.assert(
      fc.property(text, text, text, (a, b, d) => {
        expect(Math.sign(c.compare(a, b)) + Math.sign(c.compare(b, a))).toBe(0);
        if (c.compare(a, b) <= 0 && c.compare(b, d) <= 0) expect(c.compare(a, d)).toBeLessThanOrEqual(0);
        expect(c.equals(a, b)).toBe(c.compare(a, b) === 0);
        // A value starts with itself, and with any prefix of itself.
        expect(c.startsWith(a + b, a)).toBe(true);
      }),
    );
  });
});
