import type { McpgwClientExtras } from './everything-mcpgw-client.js';
import { canary, jwtSecret, type TelemetryCapture } from './test-servers.js';

/**
 * The preset's options for a session in front of a third-party gateway with every layer on: tracing into `capture`,
 * metrics, logging at debug on stderr, the deadline, OPA (real Rego, the canary user token verified), the Redis
 * cache, concurrency limit, retry, breaker and attempt timeout at their defaults, the canary API key, and the tool
 * annotations trusted (they decide retries and reach OPA's input).
 */
export function everyLayerExtras(peers: {
  redisUrl: string;
  opaUrl: string;
  capture: TelemetryCapture;
}): McpgwClientExtras {
  return {
    user: canary.userToken,
    options: {
      apiKey: canary.apiKey,
      logger: undefined,
      logging: { level: 'debug' },
      tracing: { tracerProvider: peers.capture.tracerProvider },
      cache: { redis: { url: peers.redisUrl } },
      opa: { url: peers.opaUrl, timeoutMs: 10_000, jwt: { secret: jwtSecret }, decisionCache: false },
      timeouts: { attemptMs: 20_000, totalMs: 30_000 },
    },
    mcp: { trustToolAnnotations: true },
  };
}
