import { describe, expect, it } from 'vitest';
import type { GraphEmulator, EmulatorOptions } from '@/emulator/graphEmulator';
import { emulatedGraphPerFile } from '../support/emulatedGraph';

const graph = emulatedGraphPerFile();
const BASE = 'https://graph.microsoft.com/v1.0';
const auth = { Authorization: 'Bearer t' };
/** The advanced query parameters' header; `$count=true` goes in the URL. */
const eventual = { ...auth, ConsistencyLevel: 'eventual' };

type Page = { '@odata.count'?: number; '@odata.nextLink'?: string; value: Array<Record<string, unknown>> };
type GraphErrorBody = { error: { code: string; message: string } };

/** A small directory whose names a test chooses (the rest of each person as generated). */
function directory(names: string[], options: EmulatorOptions = {}): GraphEmulator {
  const emulator = graph.start({ users: names.length, ...options });
  names.forEach((displayName, i) => emulator.updateUser(emulator.users[i]!.id, { displayName }));
  return emulator;
}

async function get(query: string, headers: Record<string, string> = auth): Promise<Response> {
  return fetch(`${BASE}/users?${query}`, { headers });
}

/** Every page of a listing, following @odata.nextLink; the names in order. */
async function names(query: string, headers: Record<string, string> = auth): Promise<string[]> {
  const out: string[] = [];
  let url: string | undefined = `${BASE}/users?${query}`;
  while (url) {
    const response = await fetch(url, { headers });
    expect(response.status, await response.clone().text()).toBe(200);
    const page = (await response.json()) as Page;
    out.push(...page.value.map((u) => u.displayName as string));
    url = page['@odata.nextLink'];
  }
  return out;
}

async function refusal(response: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await response.json()) as GraphErrorBody;
  return { status: response.status, code: body.error.code, message: body.error.message };
}

const filter = (expression: string) => `$filter=${encodeURIComponent(expression)}`;

describe('$filter on /users: what works by default', () => {
  it('eq and in on displayName and id, without regard to case', async () => {
    const emulator = directory(['Ada Lovelace', 'Grace Hopper', 'Alan Turing']);
    expect(await names(filter("displayName eq 'ADA LOVELACE'"))).toEqual(['Ada Lovelace']);
    const [ada, grace] = emulator.users;
    expect(await names(filter(`id in ('${ada!.id.toUpperCase()}', '${grace!.id}')`))).toEqual(['Ada Lovelace', 'Grace Hopper']);
    expect(await names(filter(`id eq '${grace!.id}'`))).toEqual(['Grace Hopper']);
  });

  it('startsWith on displayName, mail and userPrincipalName, any case; and, or and parentheses', async () => {
    const emulator = directory(['Ada Lovelace', 'adam Smith', 'Grace Hopper', 'Alan Turing']);
    expect(await names(filter("startswith(displayName,'ad')"))).toEqual(['Ada Lovelace', 'adam Smith']);
    expect(await names(filter("startsWith(displayName, 'AD') or startsWith(displayName, 'g')"))).toEqual([
      'Ada Lovelace',
      'adam Smith',
      'Grace Hopper',
    ]);
    expect(await names(filter("(startswith(displayName,'a') and startswith(displayName,'al')) or displayName eq 'Grace Hopper'"))).toEqual([
      'Grace Hopper',
      'Alan Turing',
    ]);
    const upn = emulator.users[2]!.userPrincipalName;
    expect(await names(filter(`startswith(userPrincipalName,'${upn.slice(0, upn.length - 2).toUpperCase()}')`))).toContain('Grace Hopper');
  });

  it('accountEnabled eq false, a boolean without quotes; quoted it is an invalid filter clause, as Graph says', async () => {
    const emulator = directory(['Ada Lovelace', 'Grace Hopper']);
    emulator.updateUser(emulator.users[1]!.id, { accountEnabled: false });
    expect(await names(filter('accountEnabled eq false'))).toEqual(['Grace Hopper']);
    expect(await refusal(await get(filter("accountEnabled eq 'false'")))).toMatchObject({
      status: 400,
      code: 'BadRequest',
      message: 'Invalid filter clause',
    });
  });
});

describe('$filter on /users: what needs the advanced query parameters', () => {
  it.each([
    ["displayName ne 'Ada Lovelace'", 'ne'],
    ["not(displayName eq 'Ada Lovelace')", 'not'],
    ["not startsWith(displayName, 'Ada')", 'not'],
    ["endswith(mail,'@contoso.com')", 'endsWith'],
    ['mail eq null', 'eq'],
  ])('%s: 400 without ConsistencyLevel and $count=true, answered with both', async (expression, operator) => {
    directory(['Ada Lovelace', 'Grace Hopper']);
    const refused = await refusal(await get(filter(expression)));
    expect(refused).toMatchObject({ status: 400, code: 'Request_UnsupportedQuery' });
    expect(refused.message).toContain(`Operator '${operator}' is not supported because the required parameters might be missing`);
    // The header alone, or $count alone, is not enough.
    expect((await get(filter(expression), eventual)).status).toBe(400);
    expect((await get(`${filter(expression)}&$count=true`)).status).toBe(400);
    expect((await get(`${filter(expression)}&$count=true`, eventual)).status).toBe(200);
  });

  it('ne, not and endsWith select what Graph would', async () => {
    const emulator = directory(['Ada Lovelace', 'Grace Hopper', 'Alan Turing']);
    emulator.updateUser(emulator.users[2]!.id, { mail: 'alan@fabrikam.com' });
    const adv = (expression: string) => names(`${filter(expression)}&$count=true`, eventual);
    expect(await adv("displayName ne 'ada lovelace'")).toEqual(['Grace Hopper', 'Alan Turing']);
    expect(await adv("not(startswith(displayName,'a'))")).toEqual(['Grace Hopper']);
    expect(await adv("endswith(mail,'@FABRIKAM.com')")).toEqual(['Alan Turing']);
  });

  it('adds @odata.count to the first page only, counting what the filter selects', async () => {
    const emulator = directory(Array.from({ length: 30 }, (_, i) => `${i % 3 === 0 ? 'Ann' : 'Bob'} ${i}`));
    const first = (await (await get(`${filter("startswith(displayName,'ann')")}&$count=true&$top=4`, eventual)).json()) as Page;
    expect(first['@odata.count']).toBe(10);
    const second = (await (await fetch(first['@odata.nextLink']!, { headers: eventual })).json()) as Page;
    expect(second).not.toHaveProperty('@odata.count');
    expect(second.value).toHaveLength(4);
    // A count that lies (a test knob), for clients that check the union against it.
    emulator.countOffset = 3;
    const lying = (await (await get(`${filter("startswith(displayName,'ann')")}&$count=true`, eventual)).json()) as Page;
    expect(lying['@odata.count']).toBe(13);
  });

  it('more than 15 expressions with in: 400 by default, answered in an advanced query', async () => {
    const emulator = directory(Array.from({ length: 20 }, (_, i) => `Person ${i}`));
    const ids = emulator.users.map((u) => `'${u.id}'`);
    expect((await get(filter(`id in (${ids.slice(0, 15).join(',')})`))).status).toBe(200);
    const refused = await refusal(await get(filter(`id in (${ids.slice(0, 16).join(',')})`)));
    expect(refused).toMatchObject({ status: 400, code: 'Request_UnsupportedQuery' });
    expect(await names(`${filter(`id in (${ids.slice(0, 16).join(',')})`)}&$count=true`, eventual)).toHaveLength(16);
  });
});

describe('$filter on /users: what Graph refuses', () => {
  it.each([
    ["displayName gt 'M'", 'Request_UnsupportedQuery'],
    ["displayName lt 'M'", 'Request_UnsupportedQuery'],
    ["endswith(displayName,'son')", 'Request_UnsupportedQuery'],
    ["startswith(id,'0')", 'Request_UnsupportedQuery'],
    ["contains(displayName,'an')", 'Request_UnsupportedQuery'],
    ["businessPhones/any(p:startswith(p, '44'))", 'Request_UnsupportedQuery'],
    ["city eq 'Oslo'", 'Request_UnsupportedQuery'],
    ["shoeSize eq '42'", 'BadRequest'],
    ["displayName eq 'unterminated", 'BadRequest'],
    ["displayName equals 'Ada'", 'BadRequest'],
    ['displayName eq 42', 'BadRequest'],
  ])('%s: 400 %s, even with the advanced query parameters', async (expression, code) => {
    directory(['Ada Lovelace']);
    expect(await refusal(await get(`${filter(expression)}&$count=true`, eventual))).toMatchObject({ status: 400, code });
  });

  it("names the property Graph does not index in Graph's words", async () => {
    directory(['Ada Lovelace']);
    expect((await refusal(await get(filter("displayName gt 'M'")))).message).toBe(
      "Unsupported or invalid query filter clause specified for property 'displayName' of resource 'User'.",
    );
    expect((await refusal(await get(filter("startswith(id,'0')")))).message).toBe("The 'id' property can only be used with eq filter");
  });
});

describe('ge and le on string properties (the documents disagree: a knob)', () => {
  const people = ['Ada Lovelace', 'Grace Hopper', 'Margaret Hamilton', 'zed Shaw'];
  const range = filter("displayName ge 'g' and displayName le 'Mz'");

  it('by default only in advanced queries', async () => {
    directory(people);
    const refused = await refusal(await get(range));
    expect(refused.code).toBe('Request_UnsupportedQuery');
    expect(refused.message).toContain("Operator 'ge' is not supported because the required parameters might be missing");
    expect(await names(`${range}&$count=true`, eventual)).toEqual(['Grace Hopper', 'Margaret Hamilton']);
  });

  it("rangeFilters 'refused': 400 whatever the headers, as the advanced-queries table reads", async () => {
    directory(people, { rangeFilters: 'refused' });
    expect(await refusal(await get(`${range}&$count=true`, eventual))).toMatchObject({ status: 400, code: 'Request_UnsupportedQuery' });
  });

  it("rangeFilters 'default': answered without the advanced query parameters", async () => {
    directory(people, { rangeFilters: 'default' });
    expect(await names(range)).toEqual(['Grace Hopper', 'Margaret Hamilton']);
  });
});

describe('$orderby on /users', () => {
  it('sorts by displayName by default; with $filter, or descending, only in advanced queries', async () => {
    directory(['zed Shaw', 'Ada Lovelace', 'bob Marley']);
    expect(await names('$orderby=displayName')).toEqual(['Ada Lovelace', 'bob Marley', 'zed Shaw']);
    expect((await get(`$orderby=displayName&${filter("startswith(displayName,'a')")}`)).status).toBe(400);
    expect((await get('$orderby=displayName desc')).status).toBe(400);
    expect(await names('$orderby=displayName desc&$count=true', eventual)).toEqual(['zed Shaw', 'bob Marley', 'Ada Lovelace']);
    expect(
      await names(`$orderby=displayName&${filter("startswith(displayName,'b') or startswith(displayName,'z')")}&$count=true`, eventual),
    ).toEqual(['bob Marley', 'zed Shaw']);
  });

  it('refuses sorting by a property Graph does not sort users by', async () => {
    directory(['Ada Lovelace']);
    expect(await refusal(await get('$orderby=mail'))).toMatchObject({ status: 400, code: 'Request_UnsupportedQuery' });
    expect(await refusal(await get('$orderby=shoeSize'))).toMatchObject({ status: 400, code: 'BadRequest' });
  });
});

describe("the tenant's collation is not the browser's", () => {
  // localeCompare puts 'Émile' before 'Zoe' and 'aab' before 'a_b'; JavaScript's < puts 'Bob' before 'adam'.
  const people = ['Zoe Adams', 'Émile Zola', 'adam Smith', 'Bob Jones', 'a_b Test', 'aab Test'];

  it("orders by UTF-16 code units ignoring case (upper-cased), unlike localeCompare and unlike '<'", async () => {
    directory(people);
    const served = await names('$orderby=displayName');
    // 'A_B' after 'ADAM': '_' (U+005F) is above 'D' (U+0044); 'É' (U+00C9) above 'Z' (U+005A).
    expect(served).toEqual(['aab Test', 'adam Smith', 'a_b Test', 'Bob Jones', 'Zoe Adams', 'Émile Zola']);
    expect(served).not.toEqual([...people].sort((a, b) => a.localeCompare(b)));
    expect(served).not.toEqual([...people].sort());
  });

  it("ge and startsWith follow the same collation: 'Émile' is past 'Z'", async () => {
    directory(people);
    expect(await names(`${filter("displayName ge 'z'")}&$count=true`, eventual)).toEqual(['Zoe Adams', 'Émile Zola']);
    // Upper-cased, 'ADAM' is below 'A_'; a client folding to lower case ('adam' above 'a_') would leave it out.
    expect(await names(`${filter("displayName le 'a_'")}&$count=true`, eventual)).toEqual(['adam Smith', 'aab Test']);
  });

  it("a linguistic collation (a knob) puts 'Émile' among the E's", async () => {
    directory(people, { collation: 'linguistic-ignore-case' });
    expect(await names(`${filter("displayName ge 'z'")}&$count=true`, eventual)).toEqual(['Zoe Adams']);
    expect(await names(`${filter("displayName ge 'e' and displayName le 'f'")}&$count=true`, eventual)).toEqual(['Émile Zola']);
    expect(await names(`${filter("startswith(displayName,'é')")}`)).toEqual(['Émile Zola']);
  });

  it('an ordinal, case-sensitive collation (a knob) matches case exactly', async () => {
    directory(people, { collation: 'ordinal' });
    expect(await names(filter("startswith(displayName,'a')"))).toEqual(['adam Smith', 'a_b Test', 'aab Test']);
    expect(await names(filter("displayName eq 'zoe adams'"))).toEqual([]);
  });
});

describe('paging a filtered listing', () => {
  it('lists each selected person once across pages, the nextLink keeping the filter', async () => {
    const emulator = directory(
      Array.from({ length: 57 }, (_, i) => `${i % 2 ? 'Kim' : 'Lee'} ${String(i).padStart(2, '0')}`),
      {
        maxPageSize: 7,
      },
    );
    const listed = await names(`${filter("startswith(displayName,'kim')")}&$top=999`);
    expect(listed).toHaveLength(28);
    expect(new Set(listed).size).toBe(28);
    expect(listed.every((n) => n.startsWith('Kim'))).toBe(true);
    expect(emulator.requests.filter((r) => r.status === 200)).toHaveLength(4);
  });
});

describe('$search on /users', () => {
  it("needs ConsistencyLevel: eventual, in Graph's words; the emulator refuses it rather than ignore it", async () => {
    directory(['Ada Lovelace']);
    const refused = await refusal(await get('$search="displayName:ada"'));
    expect(refused).toMatchObject({ status: 400, code: 'Request_UnsupportedQuery' });
    expect(refused.message).toContain("only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
    expect((await get('$search="displayName:ada"', eventual)).status).toBe(400);
  });
});

describe('a server whose rules change while a client reads (test knobs)', () => {
  it('refuses the next page of a range once rangeFilters is refused, and a new collation orders the next listing', async () => {
    const emulator = directory(
      Array.from({ length: 12 }, (_, i) => `Kim ${String(i).padStart(2, '0')}`),
      { maxPageSize: 5 },
    );
    const first = (await (await get(`${filter("displayName ge 'k'")}&$count=true`, eventual)).json()) as Page;
    expect(first['@odata.count']).toBe(12);
    emulator.rangeFilters = 'refused';
    expect((await fetch(first['@odata.nextLink']!, { headers: eventual })).status).toBe(400);
    emulator.setCollation('ordinal');
    emulator.rangeFilters = 'advanced';
    // Case-sensitive now: 'Kim…' (K, U+004B) is below 'k' (U+006B).
    expect(await names(`${filter("displayName ge 'k'")}&$count=true`, eventual)).toEqual([]);
  });
});

describe('a directory of chosen names (property tests)', () => {
  it('takes display names at creation, as many people as names', async () => {
    const emulator = graph.start({ displayNames: ['Ωmega', 'ωmega', '42 Club', 'Ωmega'] });
    expect(emulator.users.map((u) => u.displayName)).toEqual(['Ωmega', 'ωmega', '42 Club', 'Ωmega']);
    expect(emulator.directoryVersion).toBe(0);
    expect(await names(filter("startswith(displayName,'ΩM')"))).toEqual(['Ωmega', 'ωmega', 'Ωmega']);
  });
});
