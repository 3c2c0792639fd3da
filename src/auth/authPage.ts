/**
 * auth.html: opened by Teams (`authentication.authenticate`) where the host has no nested app
 * authentication. Signs in with MSAL by redirect, then hands the token back to the tab with
 * `authentication.notifySuccess`; any failure goes back with `notifyFailure`.
 */
import { app, authentication } from '@microsoft/teams-js';
import { BUILD_SETTINGS } from '../host/buildSettings';
import { fetchRuntimeConfig, RUNTIME_CONFIG_FILE, withBuildSettings } from '../host/runtimeConfig';
import { authPageScopes } from './authPageScopes';
import { createAuthPageClient } from './msalClients';
import type { AuthPageResult } from './teamsAuthPageTokenSource';

/** This page's few words, in the reader's language (the host's locale, else the browser's). */
const WORDS = {
  en: { signingIn: 'Signing you in…', failed: (m: string) => `Sign-in failed: ${m}` },
  de: { signingIn: 'Anmeldung…', failed: (m: string) => `Die Anmeldung ist fehlgeschlagen: ${m}` },
};
let words = WORDS.en;

function speak(locale: string | undefined): void {
  const german = locale?.toLowerCase().split(/[-_]/)[0] === 'de';
  words = german ? WORDS.de : WORDS.en;
  document.documentElement.lang = german ? 'de' : 'en';
  say(words.signingIn);
}

const say = (text: string) => {
  const status = document.getElementById('status');
  if (status) status.textContent = text;
};

async function signIn(): Promise<void> {
  speak(navigator.language);
  await app.initialize();
  speak((await app.getContext().catch(() => null))?.app.locale ?? navigator.language);
  const config = withBuildSettings(await fetchRuntimeConfig(`${import.meta.env.BASE_URL}${RUNTIME_CONFIG_FILE}`), BUILD_SETTINGS);
  if (!config.clientId) throw new Error('No Entra client id is configured (VITE_CLIENT_ID).');
  const pca = await createAuthPageClient({ clientId: config.clientId, tenantId: config.tenantId });
  const result = await pca.handleRedirectPromise();
  if (result) {
    const answer: AuthPageResult = { accessToken: result.accessToken, expiresOn: result.expiresOn?.getTime() ?? Date.now() + 3_000_000 };
    authentication.notifySuccess(JSON.stringify(answer));
    return;
  }
  const params = new URLSearchParams(location.search);
  await pca.loginRedirect({ scopes: authPageScopes(params.get('scopes')), loginHint: params.get('loginHint') ?? undefined });
}

signIn().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  say(words.failed(message));
  authentication.notifyFailure(message);
});
