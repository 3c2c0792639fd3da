import { CLIENT_ID, LOGIN_HOST, TENANT_ID, USER_ID, USER_NAME, USER_UPN } from './names';

const base64url = (value: object | string) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/**
 * An unsigned JWT (alg "none", empty signature). msal-browser never checks signatures: it only
 * splits the token with /^([^.\s]*)\.([^.\s]+)\.([^.\s]*)$/ and decodes the middle part
 * (msal-common account/AuthToken.ts getJWSPayload), so an empty third part is accepted.
 */
export function unsignedJwt(claims: object): string {
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`;
}

const now = () => Math.floor(Date.now() / 1000);

/** The delegated scopes the emulated tenant grants (Graph's `scp` claim lists them space-separated). */
export const GRANTED_SCOPES = ['User.ReadBasic.All', 'Presence.Read.All'];

/** A Graph access token for the signed-in person. The emulated Graph accepts any bearer; the tab reads tid, oid and scp. */
export function graphAccessToken(issuedBy: string): string {
  const iat = now();
  return unsignedJwt({
    aud: 'https://graph.microsoft.com',
    iss: `https://sts.windows.net/${TENANT_ID}/`,
    iat,
    nbf: iat,
    exp: iat + 3600,
    appid: CLIENT_ID,
    tid: TENANT_ID,
    oid: USER_ID,
    upn: USER_UPN,
    name: USER_NAME,
    scp: GRANTED_SCOPES.join(' '),
    ver: '1.0',
    // Not a Graph claim: says which part of the rig handed the token out, for assertions.
    xms_rig: issuedBy,
  });
}

/** An Entra v2.0 id token for the app; `nonce` is the one from the authorize request (msal checks it). */
export function idToken(nonce?: string): string {
  const iat = now();
  return unsignedJwt({
    aud: CLIENT_ID,
    iss: `https://${LOGIN_HOST}/${TENANT_ID}/v2.0`,
    iat,
    nbf: iat,
    exp: iat + 3600,
    tid: TENANT_ID,
    oid: USER_ID,
    sub: `sub-${USER_ID}`,
    preferred_username: USER_UPN,
    name: USER_NAME,
    ver: '2.0',
    ...(nonce ? { nonce } : {}),
  });
}

/** Entra's client_info: base64url of {"uid","utid"}, from which msal builds homeAccountId "uid.utid". */
export const CLIENT_INFO = base64url({ uid: USER_ID, utid: TENANT_ID });

/** The account as a nested-app-auth host describes it (msal-browser src/naa/AccountInfo.ts). */
export const NAA_ACCOUNT = {
  homeAccountId: `${USER_ID}.${TENANT_ID}`,
  environment: LOGIN_HOST,
  tenantId: TENANT_ID,
  username: USER_UPN,
  localAccountId: USER_ID,
  name: USER_NAME,
  loginHint: USER_UPN,
};
