import { cloudById, parseCloudId, type Cloud } from './clouds';

/**
 * The settings built into the page at `npm run build`: only these variables, each named, so no
 * other `VITE_*` variable (a token set by mistake, say) can end up in the public bundle. Vite
 * inlines the whole environment object wherever it is used as a value; never pass it on.
 */
export interface BuildSettings {
  VITE_CLIENT_ID?: string;
  VITE_TENANT_ID?: string;
  VITE_REFRESH_SECONDS?: string;
  VITE_RELAY_URL?: string;
  VITE_RELAY_SCOPE?: string;
  /** The Microsoft cloud the page is built for (CLOUD at `npm run build`). */
  VITE_CLOUD?: string;
}

export const BUILD_SETTINGS: BuildSettings = {
  VITE_CLIENT_ID: import.meta.env.VITE_CLIENT_ID,
  VITE_TENANT_ID: import.meta.env.VITE_TENANT_ID,
  VITE_REFRESH_SECONDS: import.meta.env.VITE_REFRESH_SECONDS,
  VITE_RELAY_URL: import.meta.env.VITE_RELAY_URL,
  VITE_RELAY_SCOPE: import.meta.env.VITE_RELAY_SCOPE,
  VITE_CLOUD: import.meta.env.VITE_CLOUD,
};

/** The cloud this page was built for (public where none was chosen). */
export const builtCloud = (): Cloud => cloudById(parseCloudId(BUILD_SETTINGS.VITE_CLOUD, 'VITE_CLOUD'));
