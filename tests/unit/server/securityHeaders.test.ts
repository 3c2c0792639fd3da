import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLOUD_IDS, CLOUDS, contentSecurityPolicy } from '@/host/clouds';
import {
  allowInDirective,
  cloudOfStaticHostConfig,
  headersForPath,
  headersFromStaticWebAppConfig,
  staticHostConfigFor,
} from '../../../tools/server/securityHeaders';

const staticHost: unknown = JSON.parse(readFileSync('public/staticwebapp.config.json', 'utf8'));
const headers = headersFromStaticWebAppConfig(staticHost);
const csp = headers['Content-Security-Policy']!;
const directiveOf = (policy: string, name: string) =>
  policy
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .find(([n]) => n === name)
    ?.slice(1) ?? [];
const directive = (name: string) => directiveOf(csp, name);

describe('static host security headers', () => {
  it('runs scripts only from the app itself', () => {
    expect(directive('script-src')).toEqual(["'self'"]);
    expect(directive('object-src')).toEqual(["'none'"]);
  });

  it("is the commercial cloud's policy from the table of clouds, written out (a build for another CLOUD gets its own)", () => {
    expect(csp).toBe(contentSecurityPolicy(CLOUDS.public));
    expect(cloudOfStaticHostConfig(staticHost)?.id).toBe('public');
  });

  it.each(CLOUD_IDS)("%s: connects only to itself, that cloud's Graph and sign-in, and the Teams CDN; framed only by its hosts", (id) => {
    const cloud = CLOUDS[id];
    const built = staticHostConfigFor(staticHost, cloud);
    const policy = headersFromStaticWebAppConfig(built)['Content-Security-Policy']!;
    // The whole list, nothing dropped before comparing: any other host here could receive data.
    expect(directiveOf(policy, 'connect-src')).toEqual(["'self'", cloud.graphOrigin, cloud.loginOrigin, ...cloud.loginAliases, 'https://res.cdn.office.net']);
    // loginAliases: msal-browser's own alias of the cloud's Entra (China's login.partner.microsoftonline.cn), tests/unit/host/cloudSignInHosts.test.ts.
    expect(directiveOf(policy, 'frame-src')).toEqual(["'self'", cloud.loginOrigin, ...cloud.loginAliases]);
    expect(directiveOf(policy, 'frame-ancestors')).toEqual(["'self'", ...cloud.frameAncestors]);
    expect(cloudOfStaticHostConfig(built)?.id).toBe(id === 'gcc' ? 'public' : id);
    // Everything but the policy is the checked-in file's.
    const rest = (h: Record<string, string>) => Object.entries(h).filter(([n]) => n !== 'Content-Security-Policy');
    expect(rest(headersFromStaticWebAppConfig(built))).toEqual(rest(headers));
    expect((built as { routes: unknown }).routes).toEqual((staticHost as { routes: unknown }).routes);
  });

  it("lets each sovereign cloud's Teams frame its build, and no other cloud's", () => {
    const ancestors = (id: (typeof CLOUD_IDS)[number]) => CLOUDS[id].frameAncestors;
    expect(ancestors('gcch')).toContain('https://gov.teams.microsoft.us');
    expect(ancestors('dod')).toContain('https://dod.teams.microsoft.us');
    expect(ancestors('china')).toContain('https://teams.microsoftonline.cn');
    for (const a of CLOUD_IDS) {
      for (const b of CLOUD_IDS) {
        if (CLOUDS[a].graphOrigin === CLOUDS[b].graphOrigin) continue;
        expect(
          ancestors(a).filter((host) => ancestors(b).includes(host)),
          `${a} and ${b} share no framing host`,
        ).toEqual([]);
      }
    }
  });

  it('lets only the Microsoft 365 hosts that run Teams tabs frame it', () => {
    const ancestors = directive('frame-ancestors');
    expect(ancestors).toContain('https://teams.microsoft.com');
    expect(ancestors).toContain('https://*.cloud.microsoft');
    expect(
      ancestors.every(
        (a) =>
          a === "'self'" ||
          /^https:\/\/([*a-z0-9-]+\.)*(microsoft|office|office365|microsoft365|live)\.(com|microsoft)$|^https:\/\/\*\.cloud\.microsoft$/.test(
            a,
          ),
      ),
    ).toBe(true);
  });

  it('forbids sniffing and sends no referrer', () => {
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Referrer-Policy']).toBe('no-referrer');
  });
});

describe('headers per path', () => {
  it('keeps the sign-in page opener: no opener policy but unsafe-none on auth.html, so teams-js there can reach the tab', () => {
    // A popup served with same-origin-allow-popups, opened from a tab on another origin, has window.opener === null.
    expect(headersForPath(staticHost, '/auth.html')['Cross-Origin-Opener-Policy']).toBe('unsafe-none');
    // Static Web Apps also serves auth.html as /auth (and redirects /auth.html/ there).
    expect(headersForPath(staticHost, '/auth')['Cross-Origin-Opener-Policy']).toBe('unsafe-none');
    expect(headersForPath(staticHost, '/index.html')['Cross-Origin-Opener-Policy']).toBe('same-origin-allow-popups');
    // Everything else the static host sends holds on auth.html too.
    const withoutCoop = (h: Record<string, string>) => Object.entries(h).filter(([name]) => name !== 'Cross-Origin-Opener-Policy');
    expect(withoutCoop(headersForPath(staticHost, '/auth.html'))).toEqual(withoutCoop(headers));
  });

  it('takes the first matching route, and a route header replaces the global one whatever its case', () => {
    const config = {
      globalHeaders: { 'X-A': 'global', 'X-B': 'global' },
      routes: [
        { route: '/a/*', headers: { 'x-a': 'route' } },
        { route: '/a/b', headers: { 'X-B': 'never reached' } },
      ],
    };
    expect(headersForPath(config, '/a/b')).toEqual({ 'X-B': 'global', 'x-a': 'route' });
    expect(headersForPath(config, '/c')).toEqual({ 'X-A': 'global', 'X-B': 'global' });
  });
});

describe('allowInDirective', () => {
  it('adds an origin to an existing directive once, or adds the directive', () => {
    expect(allowInDirective("default-src 'self'; connect-src 'self'", 'connect-src', 'http://127.0.0.1:4000')).toBe(
      "default-src 'self'; connect-src 'self' http://127.0.0.1:4000",
    );
    expect(allowInDirective("connect-src 'self' http://a", 'connect-src', 'http://a')).toBe("connect-src 'self' http://a");
    expect(allowInDirective("default-src 'self'", 'connect-src', 'http://a')).toBe("default-src 'self'; connect-src http://a");
  });
});
