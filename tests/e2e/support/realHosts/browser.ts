import { launchChromium, type LaunchedBrowser } from '../chromium';
import { ALL_HOSTS } from './names';

/**
 * Every rig name resolves to loopback; every other name fails at once (nothing reaches the
 * internet), loopback itself excepted. Chromium applies the first MAP rule that matches.
 */
export const HOST_RESOLVER_RULES = [...ALL_HOSTS.map((h) => `MAP ${h} 127.0.0.1`), 'MAP * ~NOTFOUND', 'EXCLUDE 127.0.0.1'].join(', ');

export interface RigBrowserOptions {
  /**
   * Block third-party cookies, as incognito windows and many enterprise policies do. Chromium then
   * also denies a cross-site frame its DOM storage (localStorage throws "Access is denied for this
   * document"). Set through the profile's preferences (profile.cookie_controls_mode 1 = block
   * third-party cookies), written before launch.
   */
  blockThirdPartyCookies?: boolean;
}

/**
 * Chromium for the rig: a fresh profile, the rig's names on loopback, its self-signed certificate
 * accepted, and Playwright's --disable-popup-blocking left out, so a window opened without a
 * person's click is blocked as in a real browser.
 */
export function launchRigBrowser(options: RigBrowserOptions = {}): Promise<LaunchedBrowser> {
  return launchChromium({
    extraArgs: [`--host-resolver-rules=${HOST_RESOLVER_RULES}`, '--ignore-certificate-errors'],
    ignoreDefaultArgs: ['--disable-popup-blocking'],
    ...(options.blockThirdPartyCookies ? { preferences: { profile: { cookie_controls_mode: 1, block_third_party_cookies: true } } } : {}),
  });
}
