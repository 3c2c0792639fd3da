import { describe, expect, it } from 'vitest';
import { CLAMP_CHARS, HEADING_HEIGHT, messageLines, outOfOfficeOf, personRowHeight, roleOf } from '@/board/rowLayout';
import { joinPeople } from '@/presence/people';
import type { DirectoryUser, PresenceRecord } from '@/presence/types';

const user = (extra: Partial<DirectoryUser> = {}): DirectoryUser => ({
  id: '11111111-1111-1111-1111-111111111111',
  displayName: 'Ana Ruiz',
  mail: null,
  userPrincipalName: 'ana@contoso.com',
  ...extra,
});
const presence = (extra: Partial<PresenceRecord> = {}): PresenceRecord => ({
  id: '11111111-1111-1111-1111-111111111111',
  availability: 'Available',
  activity: 'Available',
  statusMessage: null,
  isOutOfOffice: false,
  ...extra,
});
const personOf = (u: DirectoryUser, p?: PresenceRecord) => joinPeople([u], new Map(p ? [[p.id, p]] : []))[0]!;

describe('the row-height model', () => {
  it('gives the smallest row the avatar, padding and border: name and status fit beside the avatar', () => {
    // name 20 + status 16 = 36 < avatar 40; + 2 × 8 padding + 1 border
    expect(personRowHeight(personOf(user()))).toBe(57);
  });

  it('adds a 16 px line for a role and for a mail address', () => {
    // 20 + 16 × 3 = 68, + 17
    expect(personRowHeight(personOf(user({ jobTitle: 'Engineer', mail: 'ana@contoso.com' })))).toBe(85);
  });

  it('gives what the calendar says a line of its own in a comfortable row while calendars are shown, none in a compact one', () => {
    // 20 + 16 × 2 (status, calendar) = 52 > avatar 40, + 17
    expect(personRowHeight(personOf(user()), 'comfortable', true)).toBe(69);
    expect(personRowHeight(personOf(user({ jobTitle: 'Engineer', mail: 'ana@contoso.com' })), 'comfortable', true)).toBe(85 + 16);
    const same = personOf(user());
    expect([personRowHeight(same), personRowHeight(same, 'comfortable', true), personRowHeight(same)]).toEqual([57, 69, 57]);
    expect(personRowHeight(personOf(user()), 'compact', true)).toBe(personRowHeight(personOf(user()), 'compact'));
  });

  it('counts a short message as one line and a long one as two clamped lines and "Show more"', () => {
    const short = personOf(user(), presence({ statusMessage: 'In Lisbon' }));
    const long = personOf(user(), presence({ statusMessage: 'x'.repeat(CLAMP_CHARS + 1) }));
    expect(personRowHeight(short)).toBe(20 + 16 * 2 + 17);
    expect(personRowHeight(long)).toBe(20 + 16 * 4 + 17);
  });

  it('shows the automatic reply only while out of office', () => {
    const reply = { outOfOfficeMessage: 'Back Monday' };
    expect(outOfOfficeOf(personOf(user(), presence(reply)))).toBeNull();
    expect(outOfOfficeOf(personOf(user(), presence({ ...reply, isOutOfOffice: true })))).toBe('Back Monday');
  });

  it('lists the role parts that are known, in order', () => {
    expect(roleOf(personOf(user({ jobTitle: 'Engineer', department: '', officeLocation: 'Lisbon' })))).toEqual(['Engineer', 'Lisbon']);
  });

  it('has messageLines 0, 1 or 3, and a heading of 37 px', () => {
    expect([messageLines(null), messageLines('hi'), messageLines('x'.repeat(CLAMP_CHARS + 1))]).toEqual([0, 1, 3]);
    expect(HEADING_HEIGHT).toBe(37);
  });
});
