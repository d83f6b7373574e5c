/** The operations of the call-count soak, as the preset's client offers them. */
export interface SoakClient {
  getServer(name: string): Promise<unknown>;
  listServers(options: { offset: number; limit: number }): Promise<unknown>;
  listTools(options: { server: string; limit: number }): Promise<unknown>;
  invokeTool(options: {
    server: string;
    tool: string;
    parameters: Record<string, unknown>;
    user: { id: string; roles: string[] };
  }): Promise<unknown>;
  close(): Promise<void>;
}

export type SoakCallKind = 'hit' | 'miss' | 'invoke' | 'absent' | 'injected';

/** Servers whose reads stay cached for the whole run (well inside the cache's 10 000 entries). */
export const HOT_SERVERS = 200;

/**
 * One block of 1 000 calls: 983 cache hits (getServer, listTools, listServers), 10 misses (getServer over a
 * rotating key space larger than the cache, so each one goes to the gateway and evicts an entry), 5 invokes, one
 * getServer of a server that does not exist (404) and one invoke the simulator is scripted to answer 503. About
 * 1.7 % of calls reach the network: enough misses to exercise the pool, the breaker and the retry budget over a
 * day's worth of calls, few enough that 86.4M calls fit in a session.
 */
export function soakCallKind(i: number): SoakCallKind {
  const slot = i % 1_000;
  if (slot < 10) return 'miss';
  if (slot < 15) return 'invoke';
  if (slot === 15) return 'absent';
  if (slot === 16) return 'injected';
  return 'hit';
}

/** Calls `client` for call number `i`; `names` is every server the simulator serves, in list order. */
export function soakCall(client: SoakClient, names: readonly string[], i: number): Promise<unknown> {
  const kind = soakCallKind(i);
  const block = Math.floor(i / 1_000);
  switch (kind) {
    case 'hit': {
      const server = names[i % HOT_SERVERS]!;
      const pick = i % 3;
      if (pick === 0) return client.getServer(server);
      if (pick === 1) return client.listTools({ server, limit: 20 });
      return client.listServers({ offset: (i % 10) * 20, limit: 20 });
    }
    case 'miss': {
      const cold = names.length - HOT_SERVERS;
      return client.getServer(names[HOT_SERVERS + ((block * 10 + (i % 1_000)) % cold)]!);
    }
    case 'invoke':
    case 'injected':
      return client.invokeTool({
        server: 'postgres-mcp',
        tool: 'list_tables',
        parameters: { schema: `s${i % 100}` },
        user: { id: `user-${i % 50}`, roles: ['analyst'] },
      });
    case 'absent':
      return client.getServer(`absent-server-${block % 1_000}`);
  }
}
