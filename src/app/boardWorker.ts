/// <reference lib="webworker" />
/**
 * The board worker (docs/speed.md: "Off the main thread"): the Graph client, the loading pipeline, the
 * refresh schedule, the kept board (IndexedDB), photos and the people index run here, so the page's
 * thread only draws. Tokens are asked of the page for each request (board/remote/tokenBridge.ts).
 */
import { portOfWorkerScope } from '../board/remote/protocol';
import { serveBoard } from './serveBoard';

serveBoard(portOfWorkerScope(self as unknown as DedicatedWorkerGlobalScope));
