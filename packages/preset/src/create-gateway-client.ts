import { attemptTimeout, ConfigError, compose, GatewayClient } from '@mcpgw/core';
import { configIssuesFrom } from './config-issues.js';
import { presetDefaults as d } from './defaults.js';
import { mcpClients, PresetMcpClient } from './mcp-gateway-client.js';
import type { CreateGatewayClientOptions } from './options.js';
import { optionsSchema } from './options-schema.js';
import { PresetGatewayClient } from './preset-gateway-client.js';
import { standardOnion } from './standard-onion.js';
import { withoutUndefined } from './without-undefined.js';

/**
 * The standard client: every option checked at once (a `ConfigError` lists every problem), then the standard
 * onion with production defaults around one undici transport. See the README for the options and the order.
 */
export function createGatewayClient(options: CreateGatewayClientOptions & { protocol: 'mcp' }): PresetMcpClient;
export function createGatewayClient(options: CreateGatewayClientOptions & { protocol?: 'rest' }): PresetGatewayClient;
export function createGatewayClient(options: CreateGatewayClientOptions): PresetGatewayClient | PresetMcpClient;
export function createGatewayClient(given: CreateGatewayClientOptions): PresetGatewayClient | PresetMcpClient {
  checkOptions(given);
  const options = withoutUndefined(given);
  const name = options.name ?? d.name;
  const onion = standardOnion(options, name);
  const common = {
    baseUrl: options.baseUrl,
    ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
    ...(options.headers === undefined ? {} : { headers: options.headers }),
  };
  let gateway: GatewayClient;
  let probeClient: Pick<GatewayClient, 'health'>;
  let mcp: ReturnType<typeof mcpClients> | undefined;
  const probeTimeoutMs = options.health?.probeTimeoutMs ?? d.health.probeTimeoutMs;
  try {
    gateway = new GatewayClient({
      ...common,
      name,
      handler: onion.handler,
      maxRequestBytes: options.limits?.maxRequestBytes ?? d.limits.maxRequestBytes,
      ...(options.pagination === undefined ? {} : { pagination: options.pagination }),
    });
    // Behind OAuth every path to the endpoint needs the token: the probe and the standalone stream share the layer's.
    const bare = onion.auth === undefined ? onion.transport : onion.auth(onion.transport);
    // Another name: the probes stay out of the client's metrics, logs and traces.
    const probeHandler = compose(attemptTimeout({ timeoutMs: probeTimeoutMs }))(bare);
    if (options.protocol === 'mcp') {
      mcp = mcpClients(options, name, onion.handler, probeHandler, bare, onion.cache);
      probeClient = mcp.probe;
    } else {
      probeClient = new GatewayClient({ ...common, name: `${name}.probe`, handler: probeHandler });
    }
  } catch (error) {
    // Nothing may be left open by a client that was never returned.
    void releaseQuietly(onion);
    throw error;
  }
  const limits = { ...d.limits, ...options.limits };
  const preset = new PresetGatewayClient({
    gateway,
    probeClient,
    onion,
    probeTimeoutMs,
    maxConcurrent: limits.maxConcurrent,
    maxQueue: limits.maxQueue,
    failOpen: options.opa !== undefined && options.opa !== false && options.opa.failOpen === true,
  });
  return mcp === undefined ? preset : new PresetMcpClient(mcp.client, mcp.probeClient, preset);
}

function checkOptions(options: CreateGatewayClientOptions): void {
  if (options === null || typeof options !== 'object') {
    throw new ConfigError([{ path: 'options', message: 'expected an options object such as { baseUrl }' }]);
  }
  const result = optionsSchema.safeParse(options);
  const issues = result.success ? [] : configIssuesFrom(result.error);
  const cache = options.cache;
  if (cache && cache.store !== undefined && cache.redis !== undefined) {
    issues.push({ path: 'cache.redis', message: 'give either cache.store or cache.redis, not both' });
  }
  if (issues.length > 0) throw new ConfigError(issues);
}

async function releaseQuietly(onion: ReturnType<typeof standardOnion>): Promise<void> {
  await Promise.allSettled([
    onion.cache?.close(),
    onion.authorize?.close(),
    onion.fleet?.close(),
    onion.transport.destroy(),
  ]);
  onion.breaker?.close();
  onion.hedge?.close();
  onion.metrics?.close();
  onion.tracing?.close();
  onion.logging?.close();
}
