import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GRAPH_CLOUD_HOSTS } from '@/graph/endpoints';
import { allowInDirective, headersForPath, headersFromStaticWebAppConfig } from '../../../tools/server/securityHeaders';

const staticHost: unknown = JSON.parse(readFileSync('public/staticwebapp.config.json', 'utf8'));
const headers = headersFromStaticWebAppConfig(staticHost);
const csp = headers['Content-Security-Policy']!;
const directive = (name: string) =>
  csp
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .find(([n]) => n === name)
    ?.slice(1) ?? [];

describe('static host security headers', () => {
  it('runs scripts only from the app itself', () => {
    expect(directive('script-src')).toEqual(["'self'"]);
    expect(directive('object-src')).toEqual(["'none'"]);
  });

  it('connects only to itself, the Graph hosts of every cloud, Microsoft sign-in and the Teams CDN', () => {
    // The whole list, nothing dropped before comparing: any other host here could receive data.
    expect(directive('connect-src')).toEqual([
      "'self'",
      ...GRAPH_CLOUD_HOSTS.map((host) => `https://${host}`),
      'https://login.microsoftonline.com',
      'https://login.microsoftonline.us',
      'https://login.chinacloudapi.cn',
      'https://res.cdn.office.net',
    ]);
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
