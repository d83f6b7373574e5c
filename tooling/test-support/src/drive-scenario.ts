import { compose, createTransport, GatewayClient, type Middleware } from '@mcpgw/core';
import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import {
  type OpaStub,
  type StandInCache,
  standInAuthz,
  standInBreaker,
  standInCache,
  standInRetry,
  startOpaStub,
} from './stand-in-layers.js';

export interface Scenario {
  sim: GatewaySim;
  opa: OpaStub;
  cache: StandInCache;
  transport: ReturnType<typeof createTransport>;
  /** Every error the client threw, in order. */
  errors: unknown[];
  close(): Promise<void>;
}

export interface ScenarioParts {
  transport: ReturnType<typeof createTransport>;
  cache: StandInCache;
}

export interface ScenarioOptions {
  clientName: string;
  /** Attaches observers (metrics, logging) to core's channels before the first call; nothing is composed. */
  observe?: (parts: ScenarioParts) => void;
  /** Observability layers (tracing), outermost first; they sit outside authorization, cache, retry and breaker. */
  layers?: (parts: ScenarioParts) => Middleware[];
  apiKey?: string;
  userToken?: string;
  parameterValue?: string;
}

/**
 * Drives one client through: a cache miss, hit and stale answer; an authorized invoke that is retried once
 * (503, then success); a denied invoke; a failure that finds the retry budget spent; a failure that opens the
 * breaker; a call refused by the open circuit.
 */
export async function driveScenario(options: ScenarioOptions): Promise<Scenario> {
  const sim = await startGatewaySim({ port: 0, apiKey: options.apiKey });
  const opa = await startOpaStub();
  opa.deniedTools.add('list_tables');
  const transport = createTransport();
  const cache = standInCache();
  const authz = standInAuthz({ opaUrl: opa.url });
  options.observe?.({ transport, cache });
  const handler = compose(
    ...(options.layers?.({ transport, cache }) ?? []),
    authz,
    cache,
    standInRetry({ maxAttempts: 3, budget: 1 }),
    standInBreaker({ failuresToOpen: 2 }),
  )(transport);
  const client = new GatewayClient({ baseUrl: sim.url, apiKey: options.apiKey, handler, name: options.clientName });
  const errors: unknown[] = [];
  const failing = async (call: Promise<unknown>) => {
    try {
      await call;
    } catch (error) {
      errors.push(error);
      return;
    }
    throw new Error('the call was expected to fail');
  };
  const user = options.userToken ?? 'test-user-token';
  const parameters = { query: options.parameterValue ?? 'SELECT 1' };

  await client.listServers({ limit: 5 });
  await client.listServers({ limit: 5 });
  cache.expireAll();
  await client.listServers({ limit: 5 });
  sim.script('invoke', [{ status: 503 }]);
  await client.invokeTool({ server: 'postgres-mcp', tool: 'execute_query', parameters, user, idempotencyKey: 'k-1' });
  await failing(client.invokeTool({ server: 'postgres-mcp', tool: 'list_tables', parameters, user }));
  sim.script('listTools', [{ status: 503 }]);
  await failing(client.listTools({ server: 'postgres-mcp' }));
  sim.script('health', [{ status: 503 }]);
  await failing(client.health());
  await failing(client.getServer('postgres-mcp'));

  return {
    sim,
    opa,
    cache,
    transport,
    errors,
    async close() {
      await transport.close();
      await authz.close();
      await opa.close();
      await sim.close();
    },
  };
}
