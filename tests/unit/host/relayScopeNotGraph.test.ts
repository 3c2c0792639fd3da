import { describe, expect, it } from 'vitest';
import { DEFAULT_RUNTIME_CONFIG, runtimeConfigFromEnv, withBuildSettings } from '../../../src/host/runtimeConfig';

/**
 * Review of issue 22: the token the tab trades for a relay ticket goes to the relay, another host than
 * Graph, so its scope must never be a Graph scope, in any cloud. A short scope name (User.Read) is Graph's
 * ("Access national cloud deployments with the Microsoft Graph SDKs", learn.microsoft.com/graph/sdks/national-clouds),
 * and so is one on any cloud's Graph host or Graph's app id. relayToken.ts compares the two tokens, but a
 * refreshed Graph token is a new string, so only refusing such a scope keeps the Graph token from the relay.
 */
const GRAPH_SCOPES = [
  'User.Read',
  'Presence.Read.All',
  'https://graph.microsoft.com/.default',
  'https://graph.microsoft.us/Presence.Read.All',
  'https://dod-graph.microsoft.us/.default',
  'https://microsoftgraph.chinacloudapi.cn/User.Read',
  'https://GRAPH.microsoft.com./User.Read',
  '00000003-0000-0000-c000-000000000000/.default',
];

describe('RELAY_SCOPE and VITE_RELAY_SCOPE refuse a Graph scope', () => {
  it.each(GRAPH_SCOPES)('RELAY_SCOPE=%s', (scope) => {
    expect(() => runtimeConfigFromEnv({ RELAY_SCOPE: scope })).toThrow(/RELAY_SCOPE .*Microsoft Graph/);
  });

  it.each(GRAPH_SCOPES)('VITE_RELAY_SCOPE=%s', (scope) => {
    expect(() => withBuildSettings(DEFAULT_RUNTIME_CONFIG, { VITE_RELAY_SCOPE: scope })).toThrow(/VITE_RELAY_SCOPE .*Microsoft Graph/);
  });

  it.each(['api://8f1e2c55-4b7e-4a57-9d87-0d3a5c1b2e11/Presence.Stream', 'https://relay.contoso.com/Presence.Stream', 'api://whos-online-relay/.default'])(
    'takes the relay API scope %s',
    (scope) => {
      expect(runtimeConfigFromEnv({ RELAY_SCOPE: scope }).relayScope).toBe(scope);
    },
  );
});
