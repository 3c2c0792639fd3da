import type { BrowserContext, CDPSession, Page } from 'playwright-core';

/**
 * The JS heap of a page and of the workers it runs, through CDP: the page's own session, and the
 * workers attached to it (messages sent to them through `Target.sendMessageToTarget`).
 */
export interface HeapProbe {
  /** Collects garbage in the page and its workers first when `collect` is set; MB in use in each. */
  measure(collect?: boolean): Promise<{ page: number; workers: number }>;
}

export async function heapProbe(context: BrowserContext, page: Page): Promise<HeapProbe> {
  const session: CDPSession = await context.newCDPSession(page);
  const workers: string[] = [];
  session.on('Target.attachedToTarget', (event: { sessionId: string; targetInfo: { type: string } }) => {
    if (event.targetInfo.type === 'worker') workers.push(event.sessionId);
  });
  await session.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  let nextId = 900_000;
  const inWorker = (sessionId: string, method: string) => {
    const id = nextId++;
    return new Promise<{ usedSize?: number }>((resolve) => {
      const listener = (event: { sessionId: string; message: string }) => {
        const message = JSON.parse(event.message) as { id?: number; result?: { usedSize?: number } };
        if (event.sessionId !== sessionId || message.id !== id) return;
        session.off('Target.receivedMessageFromTarget', listener);
        resolve(message.result ?? {});
      };
      session.on('Target.receivedMessageFromTarget', listener);
      void session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
    });
  };
  return {
    async measure(collect = false) {
      if (collect) {
        await session.send('HeapProfiler.collectGarbage');
        for (const worker of workers) await inWorker(worker, 'HeapProfiler.collectGarbage');
      }
      const pageMb = ((await session.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize / 1e6;
      let workersMb = 0;
      for (const worker of workers) workersMb += ((await inWorker(worker, 'Runtime.getHeapUsage')).usedSize ?? NaN) / 1e6;
      return { page: pageMb, workers: workersMb };
    },
  };
}
