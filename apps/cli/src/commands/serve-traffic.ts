import type { CliClient, CliMcpClient } from '../cli-client.js';

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
  let listed = 0;
  // Names come from the gateway's own list: a real gateway has its own servers, not the simulator's.
  let known: string | undefined;
  const reads: readonly (() => Promise<unknown>)[] = [
    () =>
      client.listServers({ limit: 10 }).then((page) => {
        known = page.items[listed++ % Math.max(1, page.items.length)]?.server_name ?? known;
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
  return startCalls(invokes ? [...reads, invoke] : reads, rps);
}

/** The same under MCP: `tools/list` and `ping` (and a `tools/call` of `echo` on the simulator). */
export function startMcpTraffic(client: CliMcpClient, { rps, invokes }: TrafficOptions): Traffic {
  const reads: readonly (() => Promise<unknown>)[] = [() => client.listTools(), () => client.ping()];
  const invoke = () => client.invokeTool({ tool: 'echo', parameters: { message: 'serve traffic' } });
  return startCalls(invokes ? [...reads, invoke] : reads, rps);
}

function startCalls(calls: readonly (() => Promise<unknown>)[], rps: number): Traffic {
  const inFlight = new Set<Promise<unknown>>();
  let tick = 0;
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
