import { describe, expect, it } from 'vitest';
import { DEFAULT_CHOICES } from '@/board/boardView';
import { parsePreferences, PreferenceStore, type KeyValueStorage } from '@/board/preferences';
import { memoryStorage } from '../support/render';

describe('preferences', () => {
  it('keeps choices and favourites per person and tenant', () => {
    const storage = memoryStorage();
    const adele = new PreferenceStore('t1/adele', storage);
    adele.save({ choices: { ...DEFAULT_CHOICES, groupBy: 'department', statuses: ['busy'] }, favourites: ['abc'] });
    expect(new PreferenceStore('t1/adele', storage).get()).toEqual({
      choices: { ...DEFAULT_CHOICES, groupBy: 'department', statuses: ['busy'] },
      favourites: ['abc'],
    });
    expect(new PreferenceStore('t1/megan', storage).get()).toEqual({ choices: DEFAULT_CHOICES, favourites: [] });
    expect(new PreferenceStore('t2/adele', storage).get().favourites).toEqual([]);
  });

  it('takes only well-formed values from what was kept, and survives damage and blocked storage', () => {
    expect(parsePreferences('{not json')).toEqual({ choices: DEFAULT_CHOICES, favourites: [] });
    expect(
      parsePreferences(
        JSON.stringify({ choices: { groupBy: 'evil', statuses: ['busy', 'nope', 'busy'], showOffline: 'yes' }, favourites: [1, 'AB'] }),
      ),
    ).toEqual({ choices: { ...DEFAULT_CHOICES, statuses: ['busy'] }, favourites: ['ab'] });
    const blocked: KeyValueStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    const store = new PreferenceStore('t/u', blocked);
    store.save({ choices: { ...DEFAULT_CHOICES, sortBy: 'name' }, favourites: [] });
    expect(store.get().choices.sortBy).toBe('name');
  });
});
