import {
  createNestablePublicClientApplication,
  createStandardPublicClientApplication,
  type IPublicClientApplication,
} from '@azure/msal-browser';
import { builtCloud } from '../host/buildSettings';

/** The Entra app the page signs in with. */
export interface EntraApp {
  clientId: string;
  /** The tenant, or null for any organisation's. */
  tenantId: string | null;
}

/** Entra in the cloud the page was built for (CLOUD at `npm run build`: src/host/clouds.ts). */
const authority = (tenantId: string | null) => `${builtCloud().loginOrigin}/${tenantId ?? 'organizations'}`;
/** One of the app's own pages (index.html, auth.html), where Entra sends the browser back. */
const ownPage = (page: string) => new URL(page, location.origin + import.meta.env.BASE_URL).href;

/**
 * The only place MSAL clients are made. Nested app authentication (a Microsoft 365 host signs the
 * tab in): call only after teams-js `app.initialize()` has resolved. Memory only: nothing of the
 * sign-in outlives the page, and a cross-site frame with storage blocked (third-party cookies off)
 * works the same.
 */
export function createNestedClient({ clientId, tenantId }: EntraApp): Promise<IPublicClientApplication> {
  return createNestablePublicClientApplication({
    auth: { clientId, authority: authority(tenantId) },
    cache: { cacheLocation: 'memoryStorage' },
  });
}

/** The standard (non-nested) client for the board's own page, redirecting back to it; tokens in sessionStorage. */
export function createRedirectClient({ clientId, tenantId }: EntraApp): Promise<IPublicClientApplication> {
  return createStandardPublicClientApplication({
    auth: { clientId, authority: authority(tenantId), redirectUri: ownPage('index.html') },
    cache: { cacheLocation: 'sessionStorage' },
  });
}

/**
 * The standard client for auth.html, the sign-in window a host opens. The redirect to Entra and
 * back needs its state kept across the navigation (msal refuses to redirect with memory storage:
 * in_mem_redirect_unavailable). This is the sign-in window's own sessionStorage, a first-party
 * top-level window that the host closes after notifySuccess.
 */
export function createAuthPageClient({ clientId, tenantId }: EntraApp): Promise<IPublicClientApplication> {
  return createStandardPublicClientApplication({
    auth: { clientId, authority: authority(tenantId), redirectUri: ownPage('auth.html') },
    cache: { cacheLocation: 'sessionStorage' },
  });
}
