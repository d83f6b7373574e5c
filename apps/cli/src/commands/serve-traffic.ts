import type { CliClient } from '../cli-client.js';

export interface Traffic {
  stop(): Promise<void>;
}

// Bounded so that a slow or dead gateway cannot pile up calls in the background.
const maxInFlight = 16;

/** A steady mix of cached reads, tool listings and invokes, at `rps` calls per second, errors ignored. */
export function startTraffic(client: CliClient, rps: number): Traffic {
  const inFlight = new Set<Promise<unknown>>();
  let tick = 0;
  const calls: readonly (() => Promise<unknown>)[] = [
    () => client.listServers({ limit: 10 }),
    () => client.listTools({ server: 'postgres-mcp' }),
    () => client.getServer('github-mcp'),
    () =>
      client.invokeTool({
        server: 'postgres-mcp',
        tool: 'list_tables',
        parameters: { schema: 'public' },
        user: 'serve-traffic-user',
      }),
  ];
  const timer = setInterval(
    () => {
      if (inFlight.size >= maxInFlight) return;
      const call = calls[tick++ % calls.length] as () => Promise<unknown>;
      const p = call()
        .catch(() => {})
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    },
    Math.max(1, Math.round(1000 / rps)),
  );
  return {
    async stop() {
      clearInterval(timer);
      await Promise.allSettled([...inFlight]);
    },
  };
}
