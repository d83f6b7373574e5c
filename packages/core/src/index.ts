export { ChannelSubscriptions } from './channel-subscriptions.js';
export { Circuit, type CircuitOptions, REFUSED, type TripRule } from './circuit/circuit.js';
export { consecutiveFailures } from './circuit/consecutive-failures.js';
export type { SharedCircuits } from './circuit/shared-circuits.js';
export type { CallOptions } from './client/call-options.js';
export {
  GatewayClient,
  type GatewayClientOptions,
  type InvokeToolOptions,
  type IterateOptions,
  type ListToolsOptions,
  type PageOptions,
} from './client/gateway-client.js';
export { defaultPagination, type Page, type PaginationOptions } from './client/pagination.js';
export { restDialect, type WireCall } from './client/rest-dialect.js';
export {
  type HealthResponse,
  type InvokeResult,
  type SensitivityLevel,
  type ServerInfo,
  serverInfoSchema,
  type ToolInfo,
  type ToolParameter,
  toolInfoSchema,
} from './client/schemas.js';
export { compose } from './compose.js';
export * from './errors/index.js';
export {
  type AttemptEvent,
  type AuthzDecision,
  type AuthzEvent,
  type BreakerState,
  type BreakerStateEvent,
  type CacheEvent,
  type CacheStoreEvent,
  callEvent,
  channels,
  endAttempt,
  type FleetStateEvent,
  type HedgeEvent,
  type HedgeResult,
  type LimitEvent,
  type LimitReason,
  type OperationEvent,
  type QueueEvent,
  type RetryBudgetEvent,
  type RetryEvent,
  startAttempt,
} from './events.js';
export { freezeWithin } from './freeze-within.js';
export {
  concurrencyLimitOptionSchema,
  deadlineOptionSchema,
  paginationOptionSchema,
  transportOptionSchema,
} from './option-schema.js';
export {
  acceptsOption,
  type BooleanOptionSpec,
  booleanOption,
  countOption,
  expectedBy,
  isUnbounded,
  msOption,
  type NumberOptionSpec,
  numberOption,
  type OptionSchema,
  type OptionSpec,
  optionIssues,
} from './option-spec.js';
export { type BaseUrl, parseBaseUrl } from './request/base-url.js';
export { buildRequest } from './request/build-request.js';
export { checkHeader, normaliseHeaders } from './request/headers.js';
export {
  DEFAULT_MAX_REQUEST_BYTES,
  JsonBody,
  type JsonBodyOptions,
  MAX_JSON_DEPTH,
} from './request/json-body.js';
export {
  type McpMessageFacts,
  mcpErrorTypeOf,
  mcpMessageOf,
  mcpResultOf,
  mcpToolErrorOf,
} from './request/mcp-message.js';
export { checkName, encodePathSegment, MAX_NAME_LENGTH } from './request/path-segment.js';
export { queryString } from './request/query-string.js';
export { newRequestId } from './request/request-id.js';
export * from './resilience/index.js';
export { REDACTED, scrubSecrets, secretsIn, secretsOf } from './scrub-secrets.js';
export { parseHttpDate, retryAfterMs, UNWAITABLE_MS } from './transport/retry-after.js';
export { parseJsonSafely } from './transport/safe-json.js';
export { EventStreamLimitError, SseParser } from './transport/sse-parser.js';
export {
  createTransport,
  type PoolStats,
  type TlsOptions,
  type Transport,
  type TransportOptions,
  VERSION,
} from './transport/transport.js';
export type {
  AttributeValue,
  CacheStatus,
  EventStreamEnd,
  EventStreamLimits,
  EventStreamRequest,
  EventStreamSink,
  EventVerdict,
  GatewayRequest,
  GatewayResponse,
  Handler,
  HttpMethod,
  Middleware,
  Principal,
  QueryValue,
  ServerSentEvent,
} from './types.js';
