import { describe, expect, it } from 'vitest';
import { nearestPerson } from '@/board/listNavigation';
import { ROW_HEADING, ROW_PERSON } from '@/board/remote/protocol';

// 0: heading, 1: person, 2: person, 3: heading, 4: person, 5: heading
const rows = Uint8Array.from([ROW_HEADING, ROW_PERSON, ROW_PERSON, ROW_HEADING, ROW_PERSON, ROW_HEADING]);

describe('keyboard moves in a grouped list', () => {
  it('passes headings over in the direction of travel', () => {
    expect(nearestPerson(rows, 3, 2)).toBe(4); // ArrowDown from b onto a heading: c
    expect(nearestPerson(rows, 3, 4)).toBe(2); // ArrowUp from c onto a heading: b
  });

  it('Home and End land on the first and last person, even with a heading at either end', () => {
    expect(nearestPerson(rows, 0, 4)).toBe(1);
    expect(nearestPerson(rows, 5, 1)).toBe(4);
  });

  it('stays put at the top, and finds no one in a list of headings only', () => {
    expect(nearestPerson(rows, 0, 1)).toBe(1);
    expect(nearestPerson(Uint8Array.from([ROW_HEADING]), 0, 0)).toBeNull();
  });
});
