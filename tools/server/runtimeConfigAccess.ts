import type { RuntimeConfig } from '../../src/host/runtimeConfig.ts';

/** What the dev and preview servers need to know of a request for the runtime configuration. */
export interface ConfigRequest {
  headers: Record<string, string | string[] | undefined>;
  socket: { remoteAddress?: string };
}

export type ConfigAnswer = { status: 200; config: RuntimeConfig } | { status: 403; reason: string };

const LOOPBACK_PEER = /^(127\.|::1$|::ffff:127\.)/;
const LOOPBACK_HOST = /^(127(?:\.\d{1,3}){3}|localhost|\[::1\])(:\d+)?$/i;

/**
 * Who may read the runtime configuration, which can hold GRAPH_TOKEN: the page's own origin
 * (browsers say so in Sec-Fetch-Site; no CORS is sent) or a person typing the address, on this
 * machine. A request that reached the server under another host name (a dev tunnel, a proxy,
 * the browser test rig's https front) gets the configuration without the token: a tunnel
 * forwards from this machine, so the peer alone cannot tell, and anyone with its address could
 * otherwise read the token. Nor does one that a proxy says it forwarded, nor any while the server
 * is published through a tunnel (TAB_DOMAIN).
 */
export function answerRuntimeConfigRequest(
  request: ConfigRequest,
  config: RuntimeConfig,
  { servedThroughTunnel = false }: { servedThroughTunnel?: boolean } = {},
): ConfigAnswer {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return { status: 403, reason: 'The runtime configuration is served only to the page itself.' };
  }
  if (!LOOPBACK_PEER.test(request.socket.remoteAddress ?? '')) {
    return { status: 403, reason: 'The runtime configuration is served only on this machine.' };
  }
  const host = request.headers.host;
  const onLoopbackName = typeof host === 'string' && LOOPBACK_HOST.test(host);
  // A proxy that rewrites Host (ngrok --host-header=rewrite, say) still says it forwarded.
  const forwarded = Object.keys(request.headers).some((name) => name === 'forwarded' || name.startsWith('x-forwarded-'));
  const mayHaveToken = onLoopbackName && !forwarded && !servedThroughTunnel;
  return { status: 200, config: mayHaveToken ? config : { ...config, graphToken: null } };
}
