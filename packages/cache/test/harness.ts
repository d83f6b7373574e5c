import {
  compose,
  createTransport,
  GatewayClient,
  type Middleware,
  type Transport,
  type TransportOptions,
} from '@mcpgw/core';
import { restDialect } from '@mcpgw/core/kit';
import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';

export interface Harness {
  sim: GatewaySim;
  client: GatewayClient;
  transport: Transport;
  close(): Promise<void>;
}

/** A real client with the given layers in front of a real transport, against a gateway simulator on loopback. */
export function startHarness(...layers: Middleware[]): Promise<Harness> {
  return startHarnessWith({}, ...layers);
}

/** The same, with transport options of the test's (e.g. the preset's `attemptTimeoutMs`). */
export async function startHarnessWith(options: TransportOptions, ...layers: Middleware[]): Promise<Harness> {
  const sim = await startGatewaySim({ port: 0, servers: 12, requireUserToken: false });
  const transport = createTransport({ connectTimeoutMs: 2_000, headersTimeoutMs: 5_000, ...options });
  const client = new GatewayClient({ baseUrl: sim.url, apiKey: 'test-key', handler: compose(...layers)(transport) });
  return {
    sim,
    client,
    transport,
    async close() {
      await transport.destroy();
      await sim.close();
    },
  };
}

/** A listServers page through `execute`, so the test sees the response's `cache` marker. */
export function listServersRaw(client: GatewayClient, options: Parameters<GatewayClient['request']>[1] = {}) {
  return client.execute(client.request(restDialect.listServers(0, 5), options));
}

export function serverPage(ids: string[]) {
  return {
    servers: ids.map((id) => ({
      server_id: id,
      server_name: id,
      server_url: `http://tools.internal/${id}`,
      health_status: 'healthy',
      tools_count: 1,
    })),
    total: ids.length,
    next_offset: null,
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
