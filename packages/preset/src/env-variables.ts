/** How a variable's text is read. */
export type EnvKind = 'string' | 'url' | 'int' | 'number' | 'bool' | 'switch' | 'list' | 'level' | 'msOrOff';

export interface EnvVariable {
  readonly name: string;
  /** The option it sets, as a path into `CreateGatewayClientOptions`. */
  readonly path: readonly string[];
  readonly kind: EnvKind;
  /** What a reader of the error needs to know, e.g. `milliseconds, e.g. 5000`. */
  readonly expected: string;
  /** Its value is never echoed in an error. */
  readonly secret?: boolean;
}

const v = (name: string, path: string, kind: EnvKind, expected: string, secret = false): EnvVariable => ({
  name,
  path: path.split('.'),
  kind,
  expected,
  secret,
});

const SWITCH = 'on or off (also true/false, 1/0, yes/no)';
const MS = (example: number) => `a whole number of milliseconds > 0, e.g. ${example}`;

/** Every variable `configFromEnv()` reads; the README's table lists the same. */
export const envVariables: readonly EnvVariable[] = [
  v('MCPGW_BASE_URL', 'baseUrl', 'url', 'the gateway URL, e.g. https://gateway.example.com/mcp'),
  v('MCPGW_API_KEY', 'apiKey', 'string', 'the API key sent as X-API-Key', true),
  v('MCPGW_CLIENT_NAME', 'name', 'string', 'a short client name, e.g. orders-service'),
  v('MCPGW_ATTEMPT_TIMEOUT_MS', 'timeouts.attemptMs', 'int', MS(5_000)),
  v('MCPGW_TOTAL_TIMEOUT_MS', 'timeouts.totalMs', 'msOrOff', `${MS(15_000)}, or off`),
  v('MCPGW_CONNECT_TIMEOUT_MS', 'timeouts.connectMs', 'int', MS(2_000)),
  v('MCPGW_POOL_CONNECTIONS', 'pool.connections', 'int', 'a whole number of connections >= 1, e.g. 32'),
  v('MCPGW_POOL_PIPELINING', 'pool.pipelining', 'int', 'a whole number >= 1, e.g. 1'),
  v('MCPGW_POOL_KEEP_ALIVE_TIMEOUT_MS', 'pool.keepAliveTimeoutMs', 'int', MS(4_000)),
  v('MCPGW_MAX_RESPONSE_BYTES', 'limits.maxResponseBytes', 'int', 'a whole number of bytes, e.g. 10485760'),
  v('MCPGW_MAX_REQUEST_BYTES', 'limits.maxRequestBytes', 'int', 'a whole number of bytes, e.g. 1048576'),
  v('MCPGW_MAX_CONCURRENT', 'limits.maxConcurrent', 'int', 'a whole number of calls >= 1, e.g. 256'),
  v('MCPGW_MAX_QUEUE', 'limits.maxQueue', 'int', 'a whole number of calls >= 0, e.g. 1024'),
  v('MCPGW_RETRY', 'retry', 'switch', SWITCH),
  v('MCPGW_RETRY_MAX_ATTEMPTS', 'retry.maxAttempts', 'int', 'a whole number of attempts from 1 to 20, e.g. 3'),
  v('MCPGW_RETRY_BASE_DELAY_MS', 'retry.baseDelayMs', 'int', 'a whole number of milliseconds >= 0, e.g. 50'),
  v('MCPGW_RETRY_MAX_DELAY_MS', 'retry.maxDelayMs', 'int', 'a whole number of milliseconds >= 0, e.g. 2000'),
  v('MCPGW_RETRY_BUDGET', 'retry.budget', 'switch', SWITCH),
  v('MCPGW_RETRY_BUDGET_RATIO', 'retry.budget.ratio', 'number', 'a share of requests from 0 to 1, e.g. 0.2'),
  v('MCPGW_RETRY_BUDGET_MIN_PER_SECOND', 'retry.budget.minPerSecond', 'number', 'retries per second >= 0, e.g. 10'),
  v('MCPGW_BREAKER', 'breaker', 'switch', SWITCH),
  v('MCPGW_BREAKER_ERROR_THRESHOLD_PERCENTAGE', 'breaker.errorThresholdPercentage', 'number', 'a percentage, e.g. 50'),
  v('MCPGW_BREAKER_VOLUME_THRESHOLD', 'breaker.volumeThreshold', 'int', 'a whole number of calls >= 1, e.g. 20'),
  v('MCPGW_BREAKER_RESET_TIMEOUT_MS', 'breaker.resetTimeoutMs', 'int', MS(10_000)),
  v('MCPGW_CACHE', 'cache', 'switch', SWITCH),
  v('MCPGW_CACHE_TTL_MS', 'cache.ttlMs', 'int', 'a whole number of milliseconds >= 0, e.g. 300000'),
  v('MCPGW_CACHE_MAX_ENTRIES', 'cache.maxEntries', 'int', 'a whole number of entries >= 1, e.g. 10000'),
  v('MCPGW_CACHE_MAX_BYTES', 'cache.maxBytes', 'int', 'a whole number of bytes >= 1, e.g. 52428800'),
  v(
    'MCPGW_CACHE_STALE_WHILE_REVALIDATE_MS',
    'cache.staleWhileRevalidateMs',
    'msOrOff',
    'milliseconds, e.g. 30000, or off',
  ),
  v('MCPGW_CACHE_STALE_IF_ERROR_MS', 'cache.staleIfErrorMs', 'msOrOff', 'milliseconds, e.g. 300000, or off'),
  v('MCPGW_REDIS_URL', 'cache.redis.url', 'string', 'a Redis URL, e.g. redis://127.0.0.1:6379/0', true),
  v('MCPGW_REDIS_NAMESPACE', 'cache.redis.namespace', 'string', 'a key prefix, e.g. mcpgw'),
  v('MCPGW_OPA_URL', 'opa.url', 'url', 'the OPA base URL, e.g. http://127.0.0.1:8181', true),
  v('MCPGW_OPA_POLICY_PATH', 'opa.policyPath', 'string', 'a policy path, e.g. mcp/gateway/decision'),
  v('MCPGW_OPA_TIMEOUT_MS', 'opa.timeoutMs', 'int', MS(250)),
  v('MCPGW_OPA_FAIL_OPEN', 'opa.failOpen', 'bool', 'true or false (false refuses invokes when OPA cannot answer)'),
  v('MCPGW_JWT_JWKS_URL', 'opa.jwt.jwksUrl', 'url', 'the JWKS URL, e.g. https://idp.example.com/.well-known/jwks.json'),
  v('MCPGW_JWT_PUBLIC_KEY', 'opa.jwt.publicKey', 'string', 'a PEM public key (SPKI)', true),
  v('MCPGW_JWT_SECRET', 'opa.jwt.secret', 'string', 'an HMAC secret', true),
  v('MCPGW_JWT_ISSUER', 'opa.jwt.issuer', 'list', 'an issuer, or several separated by commas'),
  v('MCPGW_JWT_AUDIENCE', 'opa.jwt.audience', 'list', 'an audience, or several separated by commas'),
  v('MCPGW_JWT_ALGORITHMS', 'opa.jwt.algorithms', 'list', 'JWS algorithms separated by commas, e.g. RS256,ES256'),
  v('MCPGW_LOG_LEVEL', 'logging.level', 'level', 'one of fatal, error, warn, info, debug, trace, silent'),
  v('MCPGW_LOG_SLOW_MS', 'logging.slowMs', 'int', MS(1_000)),
  v('MCPGW_METRICS', 'metrics', 'switch', SWITCH),
  v('MCPGW_TRACING', 'tracing', 'switch', SWITCH),
  v('MCPGW_HEALTH_PROBE_TIMEOUT_MS', 'health.probeTimeoutMs', 'int', MS(2_000)),
  v('MCPGW_PROTOCOL', 'protocol', 'string', 'rest (the gateway REST API) or mcp (MCP Streamable HTTP)'),
  v(
    'MCPGW_MCP_PROTOCOL_VERSION',
    'mcp.protocolVersion',
    'string',
    'auto, 2026-07-28, 2025-11-25, 2025-06-18 or 2025-03-26',
  ),
  v(
    'MCPGW_MCP_TRUST_TOOL_ANNOTATIONS',
    'mcp.trustToolAnnotations',
    'bool',
    'true or false (false: annotations are hints only)',
  ),
];
