import { describe, expect, it } from 'vitest';
import { IdBatcher } from '@/board/idBatcher';

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const sizes = (calls: string[][]) => calls.map((c) => c.length);

describe('IdBatcher', () => {
  it('asks for a small first page at once', () => {
    expect(sizes(new IdBatcher().add(ids('a', 137)))).toEqual([137]);
  });

  it('packs 999-user pages into calls of 650, about ⌈N/650⌉ in all', () => {
    const batcher = new IdBatcher();
    const calls: string[][] = [];
    for (let page = 0; page < 51; page++) calls.push(...batcher.add(ids(`p${page}-`, page === 50 ? 50 : 999)));
    calls.push(...batcher.flush());
    const total = 50 * 999 + 50;
    expect(calls.flat()).toHaveLength(total);
    expect(new Set(calls.flat()).size).toBe(total);
    expect(Math.max(...sizes(calls))).toBeLessThanOrEqual(650);
    expect(calls.length).toBeLessThanOrEqual(Math.ceil(total / 650) + 1);
  });

  it('never lets an id wait more than one further page', () => {
    const batcher = new IdBatcher();
    const sentAtPage = new Map<string, number>();
    const pages = Array.from({ length: 12 }, (_, p) => ids(`p${p}-`, 137));
    pages.forEach((page, p) => {
      for (const call of batcher.add(page)) for (const id of call) sentAtPage.set(id, p);
    });
    for (const id of batcher.flush().flat()) sentAtPage.set(id, pages.length);
    pages.forEach((page, p) => {
      for (const id of page) expect(sentAtPage.get(id)! - p).toBeLessThanOrEqual(1);
    });
  });

  it('keeps the order of ids and loses none', () => {
    const batcher = new IdBatcher(4);
    const calls = [...batcher.add(ids('a', 5)), ...batcher.add(ids('b', 2)), ...batcher.add(ids('c', 6)), ...batcher.flush()];
    expect(calls.flat()).toEqual([...ids('a', 5), ...ids('b', 2), ...ids('c', 6)]);
    expect(sizes(calls).every((n) => n <= 4)).toBe(true);
  });
});
