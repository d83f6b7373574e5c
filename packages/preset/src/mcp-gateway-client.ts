import type { CacheMiddleware } from '@mcpgw/cache';
import type { CallOptions, GatewayClient } from '@mcpgw/core';
import {
  type ListChangedEvent,
  type ListKind,
  listOperations,
  McpClient,
  type McpClientOptions,
  type McpLogger,
  UnsupportedOperationError,
} from '@mcpgw/mcp';
import { presetDefaults } from './defaults.js';
import type { HealthReport, LivenessReport } from './health-report.js';
import type { CreateGatewayClientOptions } from './options.js';
import type { CloseOptions, PresetGatewayClient, PresetStats } from './preset-gateway-client.js';
import type { LayerName, ObserverName } from './standard-onion.js';

/** The options an MCP client of the preset is made from: the preset's own plus the handler of its onion. */
export function mcpClientOptions(
  options: CreateGatewayClientOptions,
  name: string,
  handler: McpClientOptions['handler'],
): McpClientOptions {
  const mcp = options.mcp ?? {};
  const logger = options.logger === false ? undefined : (options.logger as McpLogger | undefined);
  return {
    baseUrl: options.baseUrl,
    handler,
    name,
    ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
    ...(options.headers === undefined ? {} : { headers: options.headers }),
    maxRequestBytes: options.limits?.maxRequestBytes ?? presetDefaults.limits.maxRequestBytes,
    ...(mcp.protocolVersion === undefined ? {} : { protocolVersion: mcp.protocolVersion }),
    clientInfo: mcp.clientInfo ?? { name, version: '0.1.0' },
    ...(mcp.handlers === undefined ? {} : { handlers: mcp.handlers }),
    ...(logger === undefined ? {} : { logger }),
    trustToolAnnotations: mcp.trustToolAnnotations ?? false,
    // The OPA layer's input carries the tool's annotations, so a listing is read first when they are unknown.
    learnToolAnnotations: options.opa !== undefined && options.opa !== false,
    cacheToolResults: mcp.cacheToolResults === true && options.cache !== false,
    ...(options.timeouts?.totalMs === false
      ? {}
      : { defaultTimeoutMs: options.timeouts?.totalMs ?? presetDefaults.timeouts.totalMs }),
    ...(mcp.maxInputRounds === undefined ? {} : { maxInputRounds: mcp.maxInputRounds }),
    ...(mcp.maxResumptions === undefined ? {} : { maxResumptions: mcp.maxResumptions }),
    ...(options.pagination === undefined
      ? {}
      : {
          pagination: {
            ...(options.pagination.maxPages === undefined ? {} : { maxPages: options.pagination.maxPages }),
            ...(options.pagination.maxItems === undefined ? {} : { maxItems: options.pagination.maxItems }),
          },
        }),
  };
}

/** The MCP operations, forwarded as they are to the dialect's client: their types and docs are `McpClient`'s. */
const mcpOperations = [
  'tools',
  'listTools',
  'invokeTool',
  'resources',
  'listResources',
  'resourceTemplates',
  'listResourceTemplates',
  'readResource',
  'prompts',
  'listPrompts',
  'getPrompt',
  'ping',
] as const satisfies readonly (keyof McpClient)[];

/** The gateway REST API's operations, the batch helpers among them: each throws, and nothing is sent. */
const restOnlyOperations = [
  'listServers',
  'servers',
  'listAllServers',
  'getServer',
  'listAllTools',
  'getServers',
  'invokeMany',
] as const;

type McpOperations = Pick<McpClient, (typeof mcpOperations)[number]>;
type RestOnlyOperations = Record<(typeof restOnlyOperations)[number], () => never>;

// The operations of the two tables are put on the class's prototype below it; this gives them their types.
export interface PresetMcpClient extends McpOperations, RestOnlyOperations {}

/**
 * What `createGatewayClient({ protocol: 'mcp' })` returns: the MCP operations over the standard onion, and the
 * preset's readiness (a `ping` probe instead of the REST health endpoint), stats, invalidation and graceful close.
 * REST-only operations throw `UnsupportedOperationError` before anything is sent.
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: every member the interface declares is defined after the class
export class PresetMcpClient implements AsyncDisposable {
  readonly protocol = 'mcp';
  /** The dialect's client over the same pipeline (for events such as `listChanged`). */
  readonly mcp: McpClient;
  readonly #probe: McpClient;
  readonly #preset: PresetGatewayClient;
  #closing: Promise<void> | undefined;

  constructor(mcp: McpClient, probe: McpClient, preset: PresetGatewayClient) {
    this.mcp = mcp;
    this.#probe = probe;
    this.#preset = preset;
  }

  get name(): string {
    return this.mcp.name;
  }

  get layers(): readonly LayerName[] {
    return this.#preset.layers;
  }

  get observers(): readonly ObserverName[] {
    return this.#preset.observers;
  }

  get metrics(): PresetGatewayClient['metrics'] {
    return this.#preset.metrics;
  }

  get protocolVersion() {
    return this.mcp.protocolVersion;
  }

  on(event: 'listChanged', listener: (event: ListChangedEvent) => void): this {
    this.mcp.on(event, listener);
    return this;
  }

  off(event: 'listChanged', listener: (event: ListChangedEvent) => void): this {
    this.mcp.off(event, listener);
    return this;
  }

  /** Readiness: a `ping` of the endpoint, OPA, the cache store, the breakers and the pool. */
  health(): Promise<HealthReport> {
    return this.#preset.health();
  }

  liveness(): LivenessReport {
    return this.#preset.liveness();
  }

  stats(): PresetStats {
    return this.#preset.stats();
  }

  invalidate(filter?: Parameters<PresetGatewayClient['invalidate']>[0]): Promise<void> {
    return this.#preset.invalidate(filter);
  }

  /** Ends the MCP session (DELETE), then closes the client as the preset does: drain, release, sockets. */
  close(options: CloseOptions = {}): Promise<void> {
    this.#closing ??= (async () => {
      // Sessions end first, while the onion still runs; a server that cannot end one must not keep the client
      // from releasing its resources.
      const drain = { drainTimeoutMs: options.drainTimeoutMs ?? presetDefaults.drainTimeoutMs };
      await Promise.allSettled([this.mcp.close(drain), this.#probe.close(drain)]);
      await this.#preset.close(options);
    })();
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

for (const operation of mcpOperations) {
  Object.defineProperty(PresetMcpClient.prototype, operation, {
    value(this: PresetMcpClient, options?: unknown) {
      // Every MCP operation takes one options argument at most.
      return (this.mcp[operation] as (options?: unknown) => unknown).call(this.mcp, options);
    },
    writable: true,
    configurable: true,
  });
}
for (const operation of restOnlyOperations) {
  Object.defineProperty(PresetMcpClient.prototype, operation, {
    value(): never {
      throw restOnly(operation);
    },
    writable: true,
    configurable: true,
  });
}

function restOnly(operation: string): UnsupportedOperationError {
  return new UnsupportedOperationError(
    operation,
    'MCP',
    "it belongs to the gateway REST API (protocol: 'rest'); an MCP endpoint is one server: use tools() and invokeTool({ tool })",
  );
}

/**
 * The MCP client over the onion, and its readiness probe: a client of its own over the transport alone (named
 * `<name>.probe`, so probes stay out of the client's metrics, logs and traces) whose `ping` stands in for the REST
 * health endpoint.
 */
export function mcpClients(
  options: CreateGatewayClientOptions,
  name: string,
  handler: McpClientOptions['handler'],
  probeHandler: McpClientOptions['handler'],
  streamHandler: McpClientOptions['handler'],
  cache?: CacheMiddleware,
) {
  // A list_changed drops what it names from the cache (in Redis too, so every process sharing it refetches).
  const onListChanged =
    cache === undefined
      ? undefined
      : ({ kind, server }: { kind: ListKind; server: string }) => {
          for (const operation of listOperations(kind)) void cache.invalidate({ server, operation }).catch(() => {});
        };
  const client = new McpClient({
    ...mcpClientOptions(options, name, handler),
    streamHandler,
    ...(onListChanged === undefined ? {} : { onListChanged }),
  });
  // The probe answers no server requests: without handlers it opens no standalone stream.
  const { handlers: _, ...probeOptions } = mcpClientOptions(options, `${name}.probe`, probeHandler);
  const probeClient = new McpClient(probeOptions);
  const probe = {
    health: async (callOptions: CallOptions) => {
      await probeClient.ping(callOptions);
      return { status: 'healthy' };
    },
  } as unknown as Pick<GatewayClient, 'health'>;
  return { client, probeClient, probe };
}
