import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPreview, viteBuild, type RunningServer } from '../viteServer';
import { selfSignedCertificate, type Certificate } from './certificate';
import { fakeEntra, type EntraRequest } from './fakeEntra';
import { emulatedGraph, type GraphRoute } from './graphRoute';
import { hostPageHtml, nestedOuterPageHtml, type HostPageOptions } from './hostPage';
import { HttpsRouter, reverseProxy, type Handler } from './httpsRouter';
import {
  ALL_HOSTS,
  CDN_HOST,
  DEMO_HOST,
  CLIENT_ID,
  GRAPH_HOST,
  LOGIN_HOST,
  OUTLOOK_HOST,
  RIG_SOVEREIGN_CLOUDS,
  TAB_HOST,
  TEAMS_HOST,
  type RigCloud,
} from './names';
import { validDomainsCdn } from './validDomainsCdn';

/** People in the emulated tenant: enough for a list, few enough to load fast. */
export const RIG_TENANT_USERS = 80;

export interface Rig {
  router: HttpsRouter;
  preview: RunningServer;
  /** `vite preview` of the demo build (dist-demo/), served as https://demo.contoso.example. */
  demoPreview: RunningServer;
  graph: GraphRoute;
  entra: { requests: EntraRequest[] };
  /** Each sovereign cloud: its own production build (CLOUD=<id>) previewed on its tab host, and its own emulated Graph. */
  clouds: Map<RigCloud['id'], { cloud: RigCloud; preview: RunningServer; graph: GraphRoute }>;
  /** Registers a host page on a rig host name (https://teams.microsoft.com, a sovereign Teams host, …); returns its URL. */
  hostPage(host: string, options: HostPageOptions): string;
  stop(): Promise<void>;
}

function hostPages(pages: Map<string, HostPageOptions>): Handler {
  return (_req, res, url) => {
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const match = /^\/_rig\/host\/([\w-]+)(\/inner)?$/.exec(url.pathname);
    const options = match ? pages.get(match[1]!) : undefined;
    if (!match || !options) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('No rig host page here.');
      return;
    }
    const html = options.nestedFrame && !match[2] ? nestedOuterPageHtml(`${url.origin}${url.pathname}/inner`) : hostPageHtml(options);
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(html);
  };
}

/**
 * Starts everything the real-host scenarios share: the certificate, the https router on
 * 127.0.0.1:443, a `vite preview` of the production build (dist/, built by buildOnce.ts) with a
 * client id in its /runtime-config.json, one of the demo build, the emulated Graph, the fake Entra, the valid-domains CDN
 * and the host pages.
 */
export async function startRig(): Promise<Rig> {
  const stops: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    const certificate: Certificate = await selfSignedCertificate(ALL_HOSTS);
    stops.push(() => certificate.dispose());
    const preview = await startPreview('production', { VITE_CLIENT_ID: CLIENT_ID });
    stops.push(() => preview.stop());
    const demoPreview = await startPreview('demo', { DEMO_USERS: String(RIG_TENANT_USERS), DEMO_DRIFT_MS: '0' });
    stops.push(() => demoPreview.stop());
    const router = new HttpsRouter(certificate);
    const graph = emulatedGraph({ users: RIG_TENANT_USERS, driftEveryMs: 0 });
    const entra = fakeEntra();
    const pages = new Map<string, HostPageOptions>();
    let next = 0;

    router.route(TAB_HOST, reverseProxy(preview.url));
    router.route(DEMO_HOST, reverseProxy(demoPreview.url));
    router.route(GRAPH_HOST, graph.handler);
    router.route(LOGIN_HOST, entra.handler);
    router.route(CDN_HOST, await validDomainsCdn());
    router.route(TEAMS_HOST, hostPages(pages));
    router.route(OUTLOOK_HOST, hostPages(pages));

    // The sovereign clouds: a build per cloud (a few seconds each), each in a folder of its own for
    // this run (a fixed name let two runs on one machine overwrite each other's build: a 404 for
    // index.html), removed when the rig stops.
    const clouds: Rig['clouds'] = new Map();
    for (const cloud of RIG_SOVEREIGN_CLOUDS) {
      const outDir = await mkdtemp(join(tmpdir(), `whos-online-rig-${cloud.id}-`));
      stops.push(() => rm(outDir, { recursive: true, force: true }));
      await viteBuild('production', { CLOUD: cloud.id }, outDir);
      const cloudPreview = await startPreview('production', { VITE_CLIENT_ID: CLIENT_ID, CLOUD: cloud.id }, outDir);
      stops.push(() => cloudPreview.stop());
      const cloudGraph = emulatedGraph({ users: RIG_TENANT_USERS, driftEveryMs: 0 }, `https://${cloud.graphHost}/v1.0`);
      router.route(cloud.tabHost, reverseProxy(cloudPreview.url));
      router.route(cloud.graphHost, cloudGraph.handler);
      router.route(cloud.loginHost, entra.handler);
      router.route(cloud.teamsHost, hostPages(pages));
      clouds.set(cloud.id, { cloud, preview: cloudPreview, graph: cloudGraph });
    }
    await router.listen();
    stops.push(() => router.close());

    return {
      router,
      preview,
      demoPreview,
      graph,
      entra: { requests: entra.requests },
      clouds,
      hostPage(host, options) {
        const id = `h${++next}`;
        pages.set(id, options);
        return `https://${host}/_rig/host/${id}`;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
