import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { findLeadingNextLink } from '@/graph/earlyNextLink';
import { listUserPages } from '@/graph/users';
import { emulatedGraphPerFile, testClient } from '../support/emulatedGraph';

const graph = emulatedGraphPerFile();

describe('findLeadingNextLink', () => {
  it('finds the link before the list, unescaping it', () => {
    expect(findLeadingNextLink('{"@odata.context":"x","@odata.nextLink":"https://g/v1.0/users?$skiptoken=a\\u0026b","value":[')).toBe(
      'https://g/v1.0/users?$skiptoken=a&b',
    );
  });

  it('asks for more text while neither the link nor the list has shown', () => {
    expect(findLeadingNextLink('{"@odata.context":"x","@odata.nextLi')).toBeUndefined();
  });

  it('gives up once the list began without a link', () => {
    expect(findLeadingNextLink('{"value":[{"displayName":"\\"@odata.nextLink\\":\\"https://evil\\""}],"@odata.nextLink":"x"}')).toBeNull();
  });
});

describe('listing users while pages stream in', () => {
  it('asks for the next page before the current page has finished arriving', async () => {
    graph.start();
    const events: string[] = [];
    const encoder = new TextEncoder();
    // The rest of page 1 is held until page 2 is asked for, or 10 s: a client that waits for the
    // whole page sees page 2 asked after the rest, however fast or slow the machine.
    let page2Asked!: () => void;
    const askedForPage2 = new Promise<void>((resolve) => (page2Asked = resolve));
    graph.server.use(
      http.get('https://graph.microsoft.com/v1.0/users', ({ request }) => {
        const second = new URL(request.url).searchParams.get('$skiptoken') === 'p2';
        events.push(second ? 'page 2 asked' : 'page 1 asked');
        if (second) page2Asked();
        if (second) return HttpResponse.json({ value: [{ id: 'b', displayName: 'Ben' }] });
        const stream = new ReadableStream<Uint8Array>({
          async start(controller) {
            controller.enqueue(encoder.encode('{"@odata.nextLink":"https://graph.microsoft.com/v1.0/users?$skiptoken=p2","value":['));
            await Promise.race([askedForPage2, new Promise((r) => setTimeout(r, 10_000))]);
            events.push('page 1 rest sent');
            controller.enqueue(encoder.encode('{"id":"a","displayName":"Ana"}]}'));
            controller.close();
          },
        });
        return new HttpResponse(stream, { headers: { 'Content-Type': 'application/json' } });
      }),
    );
    const names: string[] = [];
    for await (const page of listUserPages(testClient())) names.push(...page.users.map((u) => u.displayName));
    expect(names).toEqual(['Ana', 'Ben']);
    expect(events).toEqual(['page 1 asked', 'page 2 asked', 'page 1 rest sent']);
  });
});
