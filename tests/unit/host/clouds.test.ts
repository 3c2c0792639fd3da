import { describe, expect, it } from 'vitest';
import { cloudFor } from '@/auth/cloud';
import { CLOUD_IDS, CLOUDS, cloudsWithGraphHost, GRAPH_HOSTS, graphBaseUrlFor, parseCloudId } from '@/host/clouds';
import { DEFAULT_RUNTIME_CONFIG, runtimeConfigFromEnv, withBuildSettings } from '@/host/runtimeConfig';

describe('the table of clouds', () => {
  it('gives every cloud https origins for Graph and sign-in, keys at its own Entra, and issuers naming the tenant', () => {
    for (const id of CLOUD_IDS) {
      const cloud = CLOUDS[id];
      expect(cloud.id).toBe(id);
      for (const origin of [cloud.graphOrigin, cloud.loginOrigin, cloud.teamsWebOrigin, ...cloud.frameAncestors]) {
        expect(origin, `${id}: ${origin}`).toMatch(/^https:\/\/[*a-z0-9.-]+$/);
      }
      expect(new URL(cloud.jwks.replace('{tid}', 't')).origin).toBe(cloud.loginOrigin);
      expect(cloud.issuers.every((issuer) => issuer.includes('{tid}'))).toBe(true);
      expect(cloud.frameAncestors).toContain(cloud.teamsWebOrigin);
    }
  });

  it('puts GCC on the commercial hosts and each sovereign cloud on its own', () => {
    expect(graphBaseUrlFor(CLOUDS.gcc)).toBe(graphBaseUrlFor(CLOUDS.public));
    expect(new Set(['public', 'gcch', 'dod', 'china'].map((id) => CLOUDS[id as 'public'].graphOrigin)).size).toBe(4);
    expect(GRAPH_HOSTS).toHaveLength(4);
    expect(cloudsWithGraphHost('DOD-GRAPH.microsoft.us').map((c) => c.id)).toEqual(['dod']);
    expect(cloudsWithGraphHost('127.0.0.1')).toEqual([]);
    expect(CLOUDS.china.offers.presence).toBe('no');
    expect(CLOUDS.gcch.offers.presence).toBe('yes');
  });

  it("says what each cloud offers as Graph's national-cloud tables do: no presence (and so no work location) in China only", () => {
    const offers = Object.fromEntries(CLOUD_IDS.map((id) => [id, CLOUDS[id].offers]));
    const everything = { presence: 'yes', workLocation: 'yes', people: 'yes', activityFeed: 'yes', getSchedule: 'yes' };
    expect(offers).toEqual({
      public: everything,
      gcc: everything,
      gcch: everything,
      dod: everything,
      china: { ...everything, presence: 'no', workLocation: 'no' },
    });
  });

  // Found by the review of issue 22: teams-js's own list of host origins has the Microsoft 365 Copilot app's US Government hosts.
  it("lets each US Government cloud's Microsoft 365 (Copilot) app frame the tab, as teams-js accepts it", () => {
    expect(CLOUDS.gcch.frameAncestors).toEqual(
      expect.arrayContaining(['https://m365copilotapp.svc.usgovcloud.microsoft', 'https://cr.m365copilotapp.svc.usgovcloud.microsoft']),
    );
    expect(CLOUDS.dod.frameAncestors).toEqual(
      expect.arrayContaining(['https://dod.m365copilotapp.svc.usgovcloud.microsoft', 'https://cr.dod.m365copilotapp.svc.usgovcloud.microsoft']),
    );
    expect(CLOUDS.gcch.frameAncestors.some((h) => h.includes('dod.'))).toBe(false);
  });

  it('reads CLOUD case-insensitively, defaults to public, and refuses anything else in one sentence', () => {
    expect(parseCloudId(undefined)).toBe('public');
    expect(parseCloudId(' DoD ')).toBe('dod');
    expect(() => parseCloudId('gov')).toThrow('CLOUD must be one of public, gcc, gcch, dod, china; got "gov".');
  });

  it("signs in at the Graph's own cloud, and an emulator's at the built cloud", () => {
    expect(cloudFor('https://microsoftgraph.chinacloudapi.cn/v1.0').loginOrigin).toBe(CLOUDS.china.loginOrigin);
    expect(cloudFor('http://127.0.0.1:4000/v1.0', CLOUDS.gcch)).toEqual({
      loginOrigin: CLOUDS.gcch.loginOrigin,
      graphResource: CLOUDS.gcch.graphOrigin,
    });
  });
});

describe('the page follows the cloud it was built for', () => {
  it("talks to its cloud's Graph where a static host serves no configuration", () => {
    expect(withBuildSettings(DEFAULT_RUNTIME_CONFIG, { VITE_CLOUD: 'dod' })).toMatchObject({
      cloud: 'dod',
      graphBaseUrl: graphBaseUrlFor(CLOUDS.dod),
    });
    expect(withBuildSettings(DEFAULT_RUNTIME_CONFIG, {}).graphBaseUrl).toBe(graphBaseUrlFor(CLOUDS.public));
  });

  it('refuses a server started for another cloud, and a token bound for another cloud\u2019s Graph', () => {
    expect(() => withBuildSettings(runtimeConfigFromEnv({ CLOUD: 'gcch' }), { VITE_CLOUD: 'china' })).toThrow(
      'The server was started with CLOUD=gcch, but this page was built for china: build and serve with the same CLOUD.',
    );
    const publicToken = runtimeConfigFromEnv({ GRAPH_TOKEN: 't', GRAPH_BASE_URL: 'https://graph.microsoft.com/v1.0' });
    expect(() => withBuildSettings(publicToken, { VITE_CLOUD: 'gcch' })).toThrow(
      /^GRAPH_BASE_URL https:\/\/graph\.microsoft\.com\/v1\.0 is the/,
    );
    // A local emulator is any cloud's.
    const local = runtimeConfigFromEnv({ GRAPH_TOKEN: 't', GRAPH_BASE_URL: 'http://127.0.0.1:4000/v1.0' });
    expect(withBuildSettings(local, { VITE_CLOUD: 'china' }).graphBaseUrl).toBe('http://127.0.0.1:4000/v1.0');
  });

  it("serves CLOUD's Graph by default", () => {
    expect(runtimeConfigFromEnv({ CLOUD: 'china' })).toMatchObject({ cloud: 'china', graphBaseUrl: graphBaseUrlFor(CLOUDS.china) });
    expect(runtimeConfigFromEnv({}).cloud).toBeNull();
  });
});
