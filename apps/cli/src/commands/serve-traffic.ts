import type { CliClient } from '../cli-client.js';

export interface Traffic {
  stop(): Promise<void>;
}

// Bounded so that a slow or dead gateway cannot pile up calls in the background.
const maxInFlight = 16;

export interface TrafficOptions {
  /** Calls per second. */
  rps: number;
  /**
   * Whether invokes are part of the mix. Only for the embedded simulator: a tool on a real gateway does real
   * things (a query, a ticket, a deployment), so against one the traffic is reads only.
   */
  invokes: boolean;
}

/** A steady mix of cached reads and tool listings (and invokes on the simulator), errors ignored. */
export function startTraffic(client: CliClient, { rps, invokes }: TrafficOptions): Traffic {
  const inFlight = new Set<Promise<unknown>>();
  let tick = 0;
  // Names come from the gateway's own list: a real gateway has its own servers, not the simulator's.
  let known: string | undefined;
  const reads: readonly (() => Promise<unknown>)[] = [
    () =>
      client.listServers({ limit: 10 }).then((page) => {
        known = page.items[tick % Math.max(1, page.items.length)]?.server_name ?? known;
      }),
    () => client.listTools({ limit: 10 }),
    () => (known === undefined ? Promise.resolve() : client.getServer(known)),
  ];
  const invoke = () =>
    client.invokeTool({
      server: 'postgres-mcp',
      tool: 'list_tables',
      parameters: { schema: 'public' },
      user: 'serve-traffic-user',
    });
  const calls = invokes ? [...reads, invoke] : reads;
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
