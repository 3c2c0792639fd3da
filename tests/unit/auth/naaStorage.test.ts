import { afterEach, describe, expect, it, vi } from 'vitest';

/** What the tab hands msal-browser when it makes its nested app auth client (msal itself is stubbed: only the settings are checked). */
const made: unknown[] = [];
vi.mock('@azure/msal-browser', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@azure/msal-browser')>();
  return {
    ...actual,
    createNestablePublicClientApplication: (config: unknown) => {
      made.push(config);
      return Promise.resolve({});
    },
  };
});

afterEach(() => void made.splice(0));

describe('the nested app auth client', () => {
  it('keeps tokens in memory only (nothing in sessionStorage or localStorage), for the tenant the host names', async () => {
    const { createNaaTokenSource } = await import('@/auth/naaTokenSource');
    await createNaaTokenSource({ clientId: 'client', tenantId: 'tenant-1', loginHint: 'a@b.c' });
    expect(made).toEqual([
      expect.objectContaining({
        auth: expect.objectContaining({ clientId: 'client', authority: 'https://login.microsoftonline.com/tenant-1' }),
        cache: { cacheLocation: 'memoryStorage' },
      }),
    ]);
  });
});
