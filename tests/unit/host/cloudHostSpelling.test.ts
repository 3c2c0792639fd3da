import { describe, expect, it } from 'vitest';
import { graphCloudProblem } from '../../../src/host/clouds';
import { relayCloudProblem } from '../../../relay/cloudChecks';
import { CLOUDS } from '../../../src/host/clouds';

/**
 * Review of issue 22: the guard that keeps one cloud's token from another cloud's Graph or Entra must
 * recognise that cloud's hosts however they are spelt. A trailing dot (an absolute DNS name) reaches the
 * same server, a subdomain of a Graph host is that Graph, and Entra answers for one cloud under the
 * aliases msal-common's instance metadata lists (login.windows.net, login.microsoft.com; login.usgovcloudapi.net).
 */
describe("another cloud's Graph or Entra, spelt another way, is still refused", () => {
  it.each([
    'https://graph.microsoft.com./v1.0',
    'https://GRAPH.MICROSOFT.COM../v1.0',
    'https://canary.graph.microsoft.com/v1.0',
  ])('GRAPH_BASE_URL %s with CLOUD=gcch', (url) => {
    expect(graphCloudProblem(url, 'gcch')).toMatch(/is the Microsoft 365 \(commercial\) Graph, but the cloud is gcch/);
  });

  it("GRAPH_BASE_URL on GCC High's Graph with a trailing dot, with CLOUD=public", () => {
    expect(graphCloudProblem('https://graph.microsoft.us./v1.0', 'public')).toMatch(/GCC High Graph/);
  });

  it("still takes the cloud's own Graph spelt with a trailing dot, and a local server", () => {
    expect(graphCloudProblem('https://graph.microsoft.us./v1.0', 'gcch')).toBeNull();
    expect(graphCloudProblem('http://127.0.0.1:4000/v1.0', 'gcch')).toBeNull();
    expect(graphCloudProblem('https://graph.microsoft.com.contoso.example/v1.0', 'gcch')).toBeNull();
  });

  it.each([
    ['RELAY_JWKS_URL', 'https://login.windows.net/{tid}/discovery/v2.0/keys'],
    ['RELAY_JWKS_URL', 'https://login.microsoft.com/common/discovery/v2.0/keys'],
    ['RELAY_JWKS_URL', 'https://login.microsoftonline.com./{tid}/discovery/v2.0/keys'],
    ['RELAY_ISSUER', 'https://login.microsoftonline.com./{tid}/v2.0'],
  ])('a GCC High relay refuses %s %s (the commercial Entra)', (name, value) => {
    const settings = { cloud: CLOUDS.gcch, graphBaseUrl: 'https://graph.microsoft.us/v1.0', jwksUrl: null, issuer: null };
    const problem = relayCloudProblem(name === 'RELAY_JWKS_URL' ? { ...settings, jwksUrl: value } : { ...settings, issuer: value });
    expect(problem).toMatch(new RegExp(`^${name} names the Microsoft 365 \\(commercial\\) Entra ID`));
  });

  it('a commercial relay refuses the US Government Entra under its alias login.usgovcloudapi.net', () => {
    const problem = relayCloudProblem({
      cloud: CLOUDS.public,
      graphBaseUrl: 'https://graph.microsoft.com/v1.0',
      jwksUrl: 'https://login.usgovcloudapi.net/{tid}/discovery/v2.0/keys',
      issuer: null,
    });
    expect(problem).toMatch(/^RELAY_JWKS_URL names the GCC High Entra ID/);
  });
});
