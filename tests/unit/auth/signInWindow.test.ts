import { BrowserAuthError, ClientAuthError, ServerError, type IPublicClientApplication } from '@azure/msal-browser';
import { describe, expect, it } from 'vitest';
import { naaTokenSource } from '@/auth/naaTokenSource';
import { adminConsentUrl, SignInWindowError, signInWindowFailureOf } from '@/auth/signInWindow';
import { teamsAuthPageTokenSource } from '@/auth/teamsAuthPageTokenSource';

describe('why a sign-in window failed', () => {
  it('reads msal-browser errors as they are thrown (nested app auth and standard popups)', () => {
    // NAA: the bridge's USER_CANCEL becomes ClientAuthError user_cancelled (msal-browser toAuthError).
    expect(signInWindowFailureOf(new ClientAuthError('user_cancelled', 'c'))).toBe('cancelled');
    expect(signInWindowFailureOf(new BrowserAuthError('user_cancelled', 'c'))).toBe('cancelled');
    expect(signInWindowFailureOf(new BrowserAuthError('popup_window_error', 'c'))).toBe('blocked');
    expect(signInWindowFailureOf(new BrowserAuthError('empty_window_error', 'c'))).toBe('blocked');
    // PERSISTENT_ERROR: msal-browser's toAuthError makes new ServerError(innerErrorCode, correlationId, description, subError).
    expect(signInWindowFailureOf(new ServerError('access_denied', 'c1', 'AADSTS90094: The grant requires admin permission.'))).toBe(
      'admin-approval',
    );
    expect(signInWindowFailureOf(new ServerError('invalid_grant', 'c2', 'AADSTS65001: The user or administrator has not consented.'))).toBe(
      'admin-approval',
    );
    expect(signInWindowFailureOf(new ServerError('access_denied', 'c3', 'AADSTS65004: User declined to consent.'))).toBe('cancelled');
    expect(signInWindowFailureOf(new ServerError('temporarily_unavailable', 'c4', 'AADSTS50001: try later'))).toBe('other');
  });

  it('reads what teams-js authenticate rejects with, and what our auth page hands back', () => {
    expect(signInWindowFailureOf(new Error('CancelledByUser'))).toBe('cancelled');
    expect(signInWindowFailureOf(new Error('FailedToOpenWindow'))).toBe('blocked');
    expect(signInWindowFailureOf(new Error('AADSTS90095: Admin consent is required for the permissions requested.'))).toBe(
      'admin-approval',
    );
  });

  it('the nested app auth source throws a SignInWindowError from a failed popup', async () => {
    const pca = {
      acquireTokenPopup: () => Promise.reject(new ClientAuthError('user_cancelled', 'c')),
    } as unknown as IPublicClientApplication;
    const failure = await naaTokenSource(pca)
      .getToken(['Presence.Read.All'], { interactive: true })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SignInWindowError);
    expect((failure as SignInWindowError).failure).toBe('cancelled');
  });

  it('the auth page source throws a SignInWindowError when Teams rejects', async () => {
    const source = teamsAuthPageTokenSource(
      () => Promise.reject(new Error('AADSTS90094: admin approval')),
      () => 'https://tab.example.net/auth.html',
    );
    const failure = await source.getToken(['User.ReadBasic.All'], { interactive: true }).catch((e: unknown) => e);
    expect((failure as SignInWindowError).failure).toBe('admin-approval');
  });
});

describe('adminConsentUrl', () => {
  it('asks the v2.0 admin consent endpoint of the tenant for exactly the scopes the tab uses', () => {
    const url = new URL(
      adminConsentUrl({
        tenantId: '72f988bf-0000-4000-8000-000000000001',
        clientId: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d',
        scopes: ['User.ReadBasic.All', 'Presence.Read.All'],
        graphBaseUrl: 'https://graph.microsoft.com/v1.0',
        redirectUri: 'https://tab.contoso.example/index.html',
      }),
    );
    expect(url.origin + url.pathname).toBe('https://login.microsoftonline.com/72f988bf-0000-4000-8000-000000000001/v2.0/adminconsent');
    expect(url.searchParams.get('client_id')).toBe('9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d');
    expect(url.searchParams.get('scope')).toBe(
      'https://graph.microsoft.com/User.ReadBasic.All https://graph.microsoft.com/Presence.Read.All',
    );
    expect(url.searchParams.get('redirect_uri')).toBe('https://tab.contoso.example/index.html');
  });

  it('keeps whatever the tenant id holds inside the path, and follows the cloud of the Graph it uses', () => {
    const tricky = new URL(
      adminConsentUrl({
        tenantId: 'evil/../x?client_id=other#',
        clientId: 'c',
        scopes: ['User.ReadBasic.All'],
        graphBaseUrl: 'https://graph.microsoft.com/v1.0',
        redirectUri: 'https://tab/index.html',
      }),
    );
    expect(tricky.host).toBe('login.microsoftonline.com');
    expect(tricky.pathname).toBe('/evil%2F..%2Fx%3Fclient_id%3Dother%23/v2.0/adminconsent');
    expect(tricky.searchParams.getAll('client_id')).toEqual(['c']);
    const gov = new URL(
      adminConsentUrl({
        tenantId: 't',
        clientId: 'c',
        scopes: ['Presence.Read.All'],
        graphBaseUrl: 'https://graph.microsoft.us/v1.0',
        redirectUri: 'https://tab/',
      }),
    );
    expect(gov.host).toBe('login.microsoftonline.us');
    expect(gov.searchParams.get('scope')).toBe('https://graph.microsoft.us/Presence.Read.All');
    const local = new URL(
      adminConsentUrl({
        tenantId: 't',
        clientId: 'c',
        scopes: ['Presence.Read.All'],
        graphBaseUrl: 'http://127.0.0.1:4000/v1.0',
        redirectUri: 'https://tab/',
      }),
    );
    expect(local.searchParams.get('scope')).toBe('https://graph.microsoft.com/Presence.Read.All');
  });
});
