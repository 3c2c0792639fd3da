import { describe, expect, it } from 'vitest';
import { classifyPresence } from '@/presence/classify';
import { de, en, statusText, stringsFor } from '@/ui/strings';

describe('language', () => {
  it('is German for any German locale and English otherwise', () => {
    expect(stringsFor('de').language).toBe('de');
    expect(stringsFor('de-AT').language).toBe('de');
    expect(stringsFor('DE_ch').language).toBe('de');
    expect(stringsFor('en-GB').language).toBe('en');
    expect(stringsFor('fr-FR').language).toBe('en');
    expect(stringsFor(undefined).language).toBe('en');
  });

  it('translates every status label, and adds out of office once', () => {
    expect(statusText(de, classifyPresence('Busy', 'InAMeeting'))).toBe('In einer Besprechung');
    expect(statusText(de, classifyPresence('Busy', 'InAMeeting', true))).toBe('In einer Besprechung, außer Haus');
    expect(statusText(en, classifyPresence('Offline', 'OutOfOffice'))).toBe('Out of office');
    expect(statusText(de, classifyPresence('Offline', 'OutOfOffice'))).toBe('Außer Haus');
    // Every label key has German of its own (none left in English by mistake, except the ones that are the same word).
    const same = Object.keys(en.status).filter((k) => de.status[k as keyof typeof de.status] === en.status[k as keyof typeof en.status]);
    expect(same).toEqual(['Offline']);
  });
});

describe('names inside sentences', () => {
  it('are isolated, so a right-to-left name or one with bidi controls cannot reorder the sentence', () => {
    const overriding = '\u202Eevil\u202C';
    for (const strings of [en, de]) {
      for (const sentence of [
        strings.addFavourite(overriding),
        strings.removeFavourite(overriding),
        strings.actionsFor(overriding),
        strings.copied(overriding),
        strings.noMatch(overriding),
        strings.actionFailed(overriding),
        strings.noTeamsAddress(overriding),
      ]) {
        expect(sentence).toContain(`\u2068${overriding}\u2069`);
      }
    }
    expect(en.actionsFor('سارة')).toBe('Actions for \u2068سارة\u2069');
  });
});
