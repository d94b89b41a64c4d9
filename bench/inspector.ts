// Asks a server started with --inspect for its memory after a full garbage collection, over the
// Chrome DevTools Protocol: what is really retained, apart from heap V8 has not given back yet.
export interface Retained {
  heapUsedMb: number;
  externalMb: number;
  rssMb: number;
}

/** The DevTools WebSocket URL the server printed ("Debugger listening on ws://…"). */
export function inspectorUrl(output: string): string | undefined {
  return /Debugger listening on (ws:\/\/\S+)/.exec(output)?.[1];
}

export async function connectInspector(url: string): Promise<{ retained: () => Promise<Retained>; close: () => void }> {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve, { once: true });
    ws.addEventListener('error', reject, { once: true });
  });
  let next = 0;
  const pending = new Map<number, (result: any) => void>();
  ws.addEventListener('message', (m) => {
    const msg = JSON.parse(String(m.data)) as { id?: number; result?: unknown };
    if (msg.id !== undefined) pending.get(msg.id)?.(msg.result);
  });
  const send = (method: string, params: object = {}) =>
    new Promise<any>((resolve) => {
      const id = ++next;
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    });
  return {
    async retained() {
      await send('HeapProfiler.collectGarbage');
      const r = await send('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true });
      const m = JSON.parse(r.result.value) as { heapUsed: number; external: number; rss: number };
      return { heapUsedMb: m.heapUsed / 2 ** 20, externalMb: m.external / 2 ** 20, rssMb: m.rss / 2 ** 20 };
    },
    close: () => ws.close(),
  };
}
