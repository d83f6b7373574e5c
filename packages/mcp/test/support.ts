import { createTransport, type Transport } from '@mcpgw/core';
import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { eraMemory, McpClient, type McpClientOptions } from '../src/index.js';

/** One gateway-sim per test file, and clients over a bare transport that are closed after each test. */
export function useSim(options: Parameters<typeof startGatewaySim>[0] = {}) {
  const state: { sim: GatewaySim } = {} as never;
  const open: Array<{ client: McpClient; transport: Transport }> = [];
  const extra: Transport[] = [];
  beforeAll(async () => {
    state.sim = await startGatewaySim({ port: 0, ...options });
  });
  afterEach(async () => {
    await Promise.allSettled(
      open.splice(0).map(async ({ client, transport }) => {
        await client.close().catch(() => {});
        await transport.destroy();
      }),
    );
    await Promise.allSettled(extra.splice(0).map((t) => t.destroy()));
    state.sim.reset();
    eraMemory.clear();
  });
  afterAll(async () => {
    await state.sim.close();
  });
  function client(
    options: Partial<McpClientOptions> = {},
    transportOptions: Parameters<typeof createTransport>[0] = {},
  ) {
    const transport = createTransport(transportOptions);
    const c = new McpClient({ baseUrl: state.sim.mcp.url, handler: transport, ...options });
    open.push({ client: c, transport });
    return c;
  }
  /** A transport closed after the test, for a hand-composed handler. */
  function transportFor(transportOptions: Parameters<typeof createTransport>[0] = {}): Transport {
    const transport = createTransport(transportOptions);
    extra.push(transport);
    return transport;
  }
  return { state, client, transportFor };
}
