import { expectedBy } from '@mcpgw/core/kit';
import { specAt } from './preset-option-specs.js';

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

/** A variable for an option its layer has a spec for: how it is read and what it expects both come from the spec. */
const option = (name: string, path: string, note?: string): EnvVariable => {
  const spec = specAt(path.split('.'));
  if (spec === undefined) throw new Error(`${path} has no option spec`);
  const kind: EnvKind =
    spec.kind === 'boolean' ? 'bool' : spec.orOff === true ? 'msOrOff' : spec.integer ? 'int' : 'number';
  return v(name, path, kind, `${expectedBy(spec, true)}${note === undefined ? '' : ` (${note})`}`);
};

/** An on/off switch: `off` sets the option to `false`, which leaves that part out of the client. */
const toggle = (name: string, path: string): EnvVariable =>
  v(name, path, 'switch', 'on or off (also true/false, 1/0, yes/no)');

/** Every variable `configFromEnv()` reads; the README's table lists the same. */
export const envVariables: readonly EnvVariable[] = [
  v('MCPGW_BASE_URL', 'baseUrl', 'url', 'the gateway URL, e.g. https://gateway.example.com/mcp'),
  v('MCPGW_API_KEY', 'apiKey', 'string', 'the API key sent as X-API-Key', true),
  v('MCPGW_CLIENT_NAME', 'name', 'string', 'a short client name, e.g. orders-service'),
  option('MCPGW_ATTEMPT_TIMEOUT_MS', 'timeouts.attemptMs'),
  option('MCPGW_TOTAL_TIMEOUT_MS', 'timeouts.totalMs'),
  option('MCPGW_CONNECT_TIMEOUT_MS', 'timeouts.connectMs'),
  option('MCPGW_POOL_CONNECTIONS', 'pool.connections'),
  option('MCPGW_POOL_PIPELINING', 'pool.pipelining'),
  option('MCPGW_POOL_KEEP_ALIVE_TIMEOUT_MS', 'pool.keepAliveTimeoutMs'),
  option('MCPGW_MAX_RESPONSE_BYTES', 'limits.maxResponseBytes'),
  option('MCPGW_MAX_REQUEST_BYTES', 'limits.maxRequestBytes'),
  option('MCPGW_MAX_CONCURRENT', 'limits.maxConcurrent'),
  option('MCPGW_MAX_QUEUE', 'limits.maxQueue'),
  v(
    'MCPGW_ADAPTIVE_CONCURRENCY',
    'limits.adaptive',
    'bool',
    "true or false (true: the limit follows the gateway's latency, up to MCPGW_MAX_CONCURRENT; default off)",
  ),
  toggle('MCPGW_RETRY', 'retry'),
  option('MCPGW_RETRY_MAX_ATTEMPTS', 'retry.maxAttempts'),
  option('MCPGW_RETRY_BASE_DELAY_MS', 'retry.baseDelayMs'),
  option('MCPGW_RETRY_MAX_DELAY_MS', 'retry.maxDelayMs'),
  toggle('MCPGW_RETRY_BUDGET', 'retry.budget'),
  option('MCPGW_RETRY_BUDGET_RATIO', 'retry.budget.ratio'),
  option('MCPGW_RETRY_BUDGET_MIN_PER_SECOND', 'retry.budget.minPerSecond'),
  toggle('MCPGW_BREAKER', 'breaker'),
  option('MCPGW_BREAKER_ERROR_THRESHOLD_PERCENTAGE', 'breaker.errorThresholdPercentage'),
  option('MCPGW_BREAKER_VOLUME_THRESHOLD', 'breaker.volumeThreshold'),
  option('MCPGW_BREAKER_RESET_TIMEOUT_MS', 'breaker.resetTimeoutMs'),
  v('MCPGW_HEDGE', 'hedge', 'bool', 'true or false (true: hedged reads with the defaults; default off)'),
  option('MCPGW_HEDGE_PERCENTILE', 'hedge.percentile'),
  option('MCPGW_HEDGE_DELAY_MS', 'hedge.delayMs', 'a fixed delay instead of the percentile'),
  option('MCPGW_HEDGE_BUDGET_RATIO', 'hedge.budget.ratio'),
  toggle('MCPGW_CACHE', 'cache'),
  option('MCPGW_CACHE_TTL_MS', 'cache.ttlMs'),
  option('MCPGW_CACHE_MAX_ENTRIES', 'cache.maxEntries'),
  option('MCPGW_CACHE_MAX_BYTES', 'cache.maxBytes'),
  option('MCPGW_CACHE_STALE_WHILE_REVALIDATE_MS', 'cache.staleWhileRevalidateMs'),
  option('MCPGW_CACHE_STALE_IF_ERROR_MS', 'cache.staleIfErrorMs'),
  v('MCPGW_REDIS_URL', 'cache.redis.url', 'string', 'a Redis URL, e.g. redis://127.0.0.1:6379/0', true),
  v('MCPGW_REDIS_NAMESPACE', 'cache.redis.namespace', 'string', 'a key prefix, e.g. mcpgw'),
  v(
    'MCPGW_FLEET_REDIS_URL',
    'fleet.redis',
    'string',
    'a Redis URL, e.g. redis://127.0.0.1:6379/0 (turns fleet-wide state on)',
    true,
  ),
  v('MCPGW_FLEET_PREFIX', 'fleet.prefix', 'string', 'a key prefix, e.g. mcpgw:fleet:orders'),
  option('MCPGW_FLEET_SYNC_INTERVAL_MS', 'fleet.syncIntervalMs'),
  v('MCPGW_OPA_URL', 'opa.url', 'url', 'the OPA base URL, e.g. http://127.0.0.1:8181', true),
  v('MCPGW_OPA_POLICY_PATH', 'opa.policyPath', 'string', 'a policy path, e.g. mcp/gateway/decision'),
  option('MCPGW_OPA_TIMEOUT_MS', 'opa.timeoutMs'),
  option('MCPGW_OPA_FAIL_OPEN', 'opa.failOpen', 'false refuses invokes when OPA cannot answer'),
  v('MCPGW_JWT_JWKS_URL', 'opa.jwt.jwksUrl', 'url', 'the JWKS URL, e.g. https://idp.example.com/.well-known/jwks.json'),
  v('MCPGW_JWT_PUBLIC_KEY', 'opa.jwt.publicKey', 'string', 'a PEM public key (SPKI)', true),
  v('MCPGW_JWT_SECRET', 'opa.jwt.secret', 'string', 'an HMAC secret', true),
  v('MCPGW_JWT_ISSUER', 'opa.jwt.issuer', 'list', 'an issuer, or several separated by commas'),
  v('MCPGW_JWT_AUDIENCE', 'opa.jwt.audience', 'list', 'an audience, or several separated by commas'),
  v('MCPGW_JWT_ALGORITHMS', 'opa.jwt.algorithms', 'list', 'JWS algorithms separated by commas, e.g. RS256,ES256'),
  v(
    'MCPGW_AUTH_GRANT',
    'auth.grant',
    'string',
    'client_credentials or authorization_code (turns MCP authorization on)',
  ),
  v('MCPGW_AUTH_CLIENT_ID', 'auth.client.clientId', 'string', 'the pre-registered OAuth client id'),
  v('MCPGW_AUTH_CLIENT_SECRET', 'auth.client.clientSecret', 'string', 'the OAuth client secret', true),
  v(
    'MCPGW_AUTH_ISSUER',
    'auth.client.issuer',
    'string',
    'the issuer the client is registered with, e.g. https://login.example.com',
  ),
  v(
    'MCPGW_AUTH_REDIRECT_URI',
    'auth.authorization.redirectUri',
    'url',
    'the redirect URI of the authorization code grant',
  ),
  v(
    'MCPGW_AUTH_CLIENT_METADATA_URL',
    'auth.clientMetadataUrl',
    'url',
    'the https URL of the Client ID Metadata Document',
  ),
  option('MCPGW_AUTH_TIMEOUT_MS', 'auth.timeoutMs'),
  option('MCPGW_AUTH_DISCOVERY_TTL_MS', 'auth.discoveryTtlMs'),
  option('MCPGW_AUTH_REFRESH_SKEW_MS', 'auth.refreshSkewMs'),
  v('MCPGW_LOG_LEVEL', 'logging.level', 'level', 'one of fatal, error, warn, info, debug, trace, silent'),
  option('MCPGW_LOG_SLOW_MS', 'logging.slowMs'),
  toggle('MCPGW_METRICS', 'metrics'),
  toggle('MCPGW_TRACING', 'tracing'),
  option('MCPGW_HEALTH_PROBE_TIMEOUT_MS', 'health.probeTimeoutMs'),
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
    'true or false (false: annotations are hints only; a predicate per server is given in code, not here)',
  ),
  option(
    'MCPGW_MCP_CACHE_TOOL_RESULTS',
    'mcp.cacheToolResults',
    'true caches results of tools a trusted server marks read-only and closed-world',
  ),
];
