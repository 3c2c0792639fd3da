import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GRAPH_CLOUD_HOSTS } from '../../../src/graph/endpoints';
import { allowInDirective, headersFromStaticWebAppConfig } from '../../../src/host/securityHeaders';

const headers = headersFromStaticWebAppConfig(JSON.parse(readFileSync('public/staticwebapp.config.json', 'utf8')));
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
    const connect = directive('connect-src');
    for (const host of GRAPH_CLOUD_HOSTS) expect(connect).toContain(`https://${host}`);
    expect(connect.filter((s) => !s.startsWith('https://graph') && !s.includes('graph'))).toEqual([
      "'self'",
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

describe('allowInDirective', () => {
  it('adds an origin to an existing directive once, or adds the directive', () => {
    expect(allowInDirective("default-src 'self'; connect-src 'self'", 'connect-src', 'http://127.0.0.1:4000')).toBe(
      "default-src 'self'; connect-src 'self' http://127.0.0.1:4000",
    );
    expect(allowInDirective("connect-src 'self' http://a", 'connect-src', 'http://a')).toBe("connect-src 'self' http://a");
    expect(allowInDirective("default-src 'self'", 'connect-src', 'http://a')).toBe("default-src 'self'; connect-src http://a");
  });
});
