import { buildRequest, compose, createTransport, GatewayClient, type Handler } from '@mcpgw/core';
import { Pool } from 'undici';
import { mcpLoadScenarios } from './mcp-scenarios.js';
import type { OptionalPackages, PackageName } from './optional-packages.js';
import { type PresetObservability, presetClient } from './preset-client.js';
import { buildStack, type LayerName, packageOfLayer, standardOrder } from './stack.js';

export interface ScenarioContext {
  readonly url: string;
  readonly connections: number;
  /** Every server name the simulator serves, in list order. */
  readonly serverNames: readonly string[];
  readonly packages: OptionalPackages;
  /** The scripted OPA test server, when one runs. */
  readonly opaUrl: string | undefined;
  /** The simulator's `/__admin/...` API (the MCP scenarios set how it answers). */
  readonly admin?: (path: string, body?: unknown) => Promise<unknown>;
}

/** Something to load: `call(i)` sends the i-th request of a run. */
export interface Target {
  call(i: number): Promise<unknown>;
  close(): Promise<void>;
  /** Set when part of the intended configuration is missing. */
  readonly note?: string;
}

export interface LoadScenario {
  readonly name: string;
  readonly description: string;
  readonly needs: readonly PackageName[];
  /** Also swept over the open-loop rates (the closed loop runs every scenario). */
  readonly openLoop: boolean;
  /** The baseline run just before it; default `raw-undici` (the MCP scenarios pair with raw JSON-RPC posts). */
  readonly pairWith?: string;
  build(context: ScenarioContext): Promise<Target>;
}

/** Every request reads a different server than the last one: a cache below the key space misses every time. */
const cycling = (names: readonly string[]) => (i: number) => names[i % names.length]!;

/** 80 % of reads go to 100 hot servers (kept by the LRU), 20 % cycle through the rest (always a miss). */
function hotCold(names: readonly string[]): (i: number) => string {
  const hot = names.slice(0, 100);
  const cold = names.slice(100);
  let coldNext = 0;
  return (i) => (i % 5 === 0 ? cold[coldNext++ % cold.length]! : hot[i % hot.length]!);
}

/** Cache entries of the miss scenarios: far below the 10,000 keys cycled through. */
const MISS_CACHE_ENTRIES = 1_000;

function clientTarget(
  context: ScenarioContext,
  layers: readonly LayerName[],
  pick: (names: readonly string[]) => (i: number) => string,
  settings: Parameters<typeof buildStack>[2] = {},
): Target {
  // The attempt timeout runs as the preset runs it: inside the transport, which needs no AbortController for it.
  const inTransport = layers.includes('attemptTimeout');
  const transport = createTransport({
    connections: context.connections,
    ...(inTransport ? { attemptTimeoutMs: 10_000 } : {}),
  });
  const stack = buildStack(
    context.packages,
    layers.filter((layer) => layer !== 'attemptTimeout'),
    settings,
  );
  const client = new GatewayClient({ baseUrl: context.url, handler: compose(...stack.middlewares)(transport) });
  const name = pick(context.serverNames);
  const note = stack.skipped.length === 0 ? undefined : `composed without ${stack.skipped.join(', ')} (not available)`;
  return {
    call: (i) => client.getServer(name(i)),
    async close() {
      await stack.close();
      await transport.close();
    },
    ...(note === undefined ? {} : { note }),
  };
}

function presetTarget(
  context: ScenarioContext,
  pick: (names: readonly string[]) => (i: number) => string,
  observability: PresetObservability = 'sdk',
): Target {
  const { client, close } = presetClient(
    context.packages,
    context.url,
    { pool: { connections: context.connections }, cache: { maxEntries: MISS_CACHE_ENTRIES } },
    observability,
  );
  const name = pick(context.serverNames);
  return { call: (i) => client.getServer(name(i)), close };
}

const singleLayers: readonly LayerName[] = standardOrder;

/** The registry: name → how to build what is loaded. Scenarios run in this order, raw undici first. */
export const loadScenarios: readonly LoadScenario[] = [
  {
    name: 'raw-undici',
    description: 'undici Pool.request + body.json(), same pool size, same requests',
    needs: [],
    openLoop: true,
    async build(context) {
      const pool = new Pool(context.url, { connections: context.connections });
      const name = cycling(context.serverNames);
      return {
        async call(i) {
          const response = await pool.request({
            method: 'GET',
            path: `/api/v1/servers/${encodeURIComponent(name(i))}`,
            headers: { accept: 'application/json' },
          });
          const body = await response.body.json();
          if (response.statusCode !== 200) throw new Error(`status ${response.statusCode}`);
          return body;
        },
        close: () => pool.close(),
      };
    },
  },
  {
    name: 'core-transport',
    description: "core's transport as a bare Handler (no GatewayClient, no schema)",
    needs: [],
    openLoop: false,
    async build(context) {
      const transport: Handler & { close(): Promise<void> } = createTransport({ connections: context.connections });
      const origin = new URL(context.url).origin;
      const name = cycling(context.serverNames);
      return {
        call: (i) =>
          transport(
            buildRequest({ origin, path: `/api/v1/servers/${encodeURIComponent(name(i))}`, operation: 'getServer' }),
          ),
        close: () => transport.close(),
      };
    },
  },
  {
    name: 'core',
    description: 'GatewayClient.getServer over the bare transport (input checks, events, zod)',
    needs: [],
    openLoop: true,
    build: async (context) => clientTarget(context, [], cycling),
  },
  ...singleLayers.map(
    (layer): LoadScenario => ({
      name: `core+${layer}`,
      description: `core with ${layer} alone${layer === 'cache' ? ' (every lookup a miss)' : ''}`,
      needs: packageOfLayer[layer] === undefined ? [] : [packageOfLayer[layer]!],
      openLoop: false,
      build: async (context) =>
        clientTarget(context, [layer], cycling, { cacheMaxEntries: MISS_CACHE_ENTRIES, opaUrl: context.opaUrl }),
    }),
  ),
  {
    name: 'full-stack-miss',
    description: 'every layer in the standard order (authorize off for reads), every cache lookup a miss',
    needs: ['cache'],
    openLoop: true,
    build: async (context) =>
      clientTarget(context, standardOrder, cycling, { cacheMaxEntries: MISS_CACHE_ENTRIES, opaUrl: context.opaUrl }),
  },
  {
    name: 'full-stack-80/20',
    description: 'every layer, 80 % cache hits',
    needs: ['cache'],
    openLoop: true,
    build: async (context) =>
      clientTarget(context, standardOrder, hotCold, { cacheMaxEntries: MISS_CACHE_ENTRIES, opaUrl: context.opaUrl }),
  },
  {
    name: 'preset-miss',
    description: 'createGatewayClient() defaults, every cache lookup a miss',
    needs: ['preset'],
    openLoop: true,
    build: async (context) => presetTarget(context, cycling),
  },
  {
    name: 'preset-miss-defaults',
    description:
      'createGatewayClient() defaults as an app without an OpenTelemetry SDK runs them (no-op tracer, logs at warn), every cache lookup a miss',
    needs: ['preset'],
    openLoop: false,
    build: async (context) => presetTarget(context, cycling, 'defaults'),
  },
  {
    name: 'preset-80/20',
    description: 'createGatewayClient() defaults, 80 % cache hits',
    needs: ['preset'],
    openLoop: false,
    build: async (context) => presetTarget(context, hotCold),
  },
  ...[false, true].map(
    (decisionCache): LoadScenario => ({
      name: `invoke+opa-${decisionCache ? 'cached' : 'uncached'}`,
      description: `invokeTool through authorize() against scripted OPA, decision cache ${decisionCache ? 'on' : 'off'}`,
      needs: ['opa', 'opaTestServer'],
      openLoop: false,
      async build(context) {
        const transport = createTransport({ connections: context.connections });
        const stack = buildStack(context.packages, ['authorize'], { opaUrl: context.opaUrl, decisionCache });
        const client = new GatewayClient({ baseUrl: context.url, handler: compose(...stack.middlewares)(transport) });
        return {
          call: (i) =>
            client.invokeTool({
              server: 'postgres-mcp',
              tool: 'list_tables',
              parameters: { schema: 'public' },
              user: { id: `user-${i % 50}`, roles: ['analyst'] },
            }),
          async close() {
            await stack.close();
            await transport.close();
          },
        };
      },
    }),
  ),
  {
    name: 'invoke-core',
    description: 'invokeTool over the bare transport: the baseline of the OPA scenarios',
    needs: [],
    openLoop: false,
    async build(context) {
      const transport = createTransport({ connections: context.connections });
      const client = new GatewayClient({ baseUrl: context.url, handler: transport });
      return {
        call: (i) =>
          client.invokeTool({
            server: 'postgres-mcp',
            tool: 'list_tables',
            parameters: { schema: 'public' },
            user: { id: `user-${i % 50}`, roles: ['analyst'] },
          }),
        close: () => transport.close(),
      };
    },
  },
  ...mcpLoadScenarios,
];
