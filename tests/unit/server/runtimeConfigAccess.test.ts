import { describe, expect, it } from 'vitest';
import { runtimeConfigFromEnv } from '@/host/runtimeConfig';
import { answerRuntimeConfigRequest } from '../../../tools/server/runtimeConfigAccess';

const config = runtimeConfigFromEnv({ GRAPH_TOKEN: 'secret-token' });
const ask = (headers: Record<string, string>, peer = '127.0.0.1') =>
  answerRuntimeConfigRequest({ headers: { host: '127.0.0.1:5173', ...headers }, socket: { remoteAddress: peer } }, config);

describe('who may read the runtime configuration (it can hold GRAPH_TOKEN)', () => {
  it('the page itself, or the address typed into the browser, on this machine', () => {
    expect(ask({ 'sec-fetch-site': 'same-origin' })).toMatchObject({ status: 200, config: { graphToken: 'secret-token' } });
    expect(ask({ 'sec-fetch-site': 'none', host: 'localhost:5173' })).toMatchObject({
      status: 200,
      config: { graphToken: 'secret-token' },
    });
    expect(ask({}, '::ffff:127.0.0.1')).toMatchObject({ status: 200 });
  });

  it('not another origin, even another local one (a page on http://localhost:8080)', () => {
    expect(ask({ 'sec-fetch-site': 'same-site' }).status).toBe(403);
    expect(ask({ 'sec-fetch-site': 'cross-site' }).status).toBe(403);
  });

  it('not another machine', () => {
    expect(ask({ 'sec-fetch-site': 'same-origin' }, '192.0.2.10').status).toBe(403);
  });

  it('through a tunnel or proxy (another host name) without the token', () => {
    const answer = ask({ 'sec-fetch-site': 'none', host: 'abc123-5173.euw.devtunnels.ms' });
    expect(answer).toMatchObject({ status: 200, config: { graphToken: null } });
    expect(JSON.stringify(answer)).not.toContain('secret-token');
  });

  it('not under a name that only starts or contains a loopback name, nor with no Host at all', () => {
    for (const host of ['127.0.0.1.evil.example', 'evil.example', 'localhost.evil.example', 'x127.0.0.1']) {
      expect(ask({ 'sec-fetch-site': 'none', host }), host).toMatchObject({ status: 200, config: { graphToken: null } });
    }
    const noHost = answerRuntimeConfigRequest({ headers: { 'sec-fetch-site': 'none' }, socket: { remoteAddress: '127.0.0.1' } }, config);
    expect(noHost).toMatchObject({ status: 200, config: { graphToken: null } });
  });

  it('not to a peer whose address only ends like loopback', () => {
    expect(ask({}, '10.127.0.1').status).toBe(403);
    expect(ask({}, '::ffff:10.0.0.1').status).toBe(403);
    expect(ask({}, '2001:db8::1').status).toBe(403);
  });

  it('without the token when a proxy says it forwarded the request, or while the server is published through a tunnel', () => {
    expect(ask({ host: 'localhost', 'x-forwarded-host': 'abc-5173.euw.devtunnels.ms' })).toMatchObject({ config: { graphToken: null } });
    expect(ask({ forwarded: 'for=192.0.2.60;proto=https' })).toMatchObject({ config: { graphToken: null } });
    const tunnel = answerRuntimeConfigRequest({ headers: { host: '127.0.0.1:5173' }, socket: { remoteAddress: '127.0.0.1' } }, config, {
      servedThroughTunnel: true,
    });
    expect(tunnel).toMatchObject({ status: 200, config: { graphToken: null } });
  });
});
