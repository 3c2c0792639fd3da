/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The Entra app's client id, built in by `deploy` for single sign-on. */
  readonly VITE_CLIENT_ID?: string;
  readonly VITE_TENANT_ID?: string;
  readonly VITE_REFRESH_SECONDS?: string;
  /** The presence relay's URL and the scope of the token the tab trades for its tickets. */
  readonly VITE_RELAY_URL?: string;
  readonly VITE_RELAY_SCOPE?: string;
  /** CLOUD at `npm run build` (src/host/clouds.ts), built in by vite.config.ts. */
  readonly VITE_CLOUD?: string;
}
