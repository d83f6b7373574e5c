// `@mcpgw/core`: the client, the resilience layers, the errors, the events and the types. What the project's own
// layers share besides (circuits, option specs, abort plumbing, header and name checks) is `@mcpgw/core/kit`.
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
export { AbortError } from './errors/abort-error.js';
export { AuthorizationDeniedError } from './errors/authorization-denied-error.js';
export { AuthorizationUnavailableError } from './errors/authorization-unavailable-error.js';
export { CircuitOpenError } from './errors/circuit-open-error.js';
export { ClientClosedError } from './errors/client-closed-error.js';
export { ConfigError, type ConfigIssue } from './errors/config-error.js';
export { ConnectError } from './errors/connect-error.js';
export type {
  GatewayErrorOptions,
  HttpErrorOptions,
  InvalidRequestErrorOptions,
  ResponseFormatErrorOptions,
} from './errors/deprecated-names.js';
export { type ErrorCode, errorCodes, type GatewayErrorCode } from './errors/error-code.js';
export { ForbiddenError } from './errors/forbidden-error.js';
export { type ErrorContext, GatewayError, isGatewayError } from './errors/gateway-error.js';
export { HttpError, type HttpErrorCode, type HttpErrorContext } from './errors/http-error.js';
export { InvalidRequestError, type InvalidRequestErrorContext } from './errors/invalid-request-error.js';
export { NotFoundError } from './errors/not-found-error.js';
export { QueueFullError } from './errors/queue-full-error.js';
export { RateLimitedError } from './errors/rate-limited-error.js';
export { ResponseFormatError, type ResponseFormatErrorContext } from './errors/response-format-error.js';
export { ResponseTooLargeError } from './errors/response-too-large-error.js';
export { ServerError } from './errors/server-error.js';
export { TimeoutError, type TimeoutPhase } from './errors/timeout-error.js';
export { UnauthorizedError } from './errors/unauthorized-error.js';
export {
  type AttemptEvent,
  type AuthzDecision,
  type AuthzEvent,
  type BreakerState,
  type BreakerStateEvent,
  type CacheEvent,
  type CacheStoreEvent,
  channels,
  type FleetStateEvent,
  type HedgeEvent,
  type HedgeResult,
  type LimitEvent,
  type LimitReason,
  type OperationEvent,
  type QueueEvent,
  type RetryBudgetEvent,
  type RetryEvent,
} from './events.js';
export { buildRequest } from './request/build-request.js';
export { JsonBody, type JsonBodyOptions } from './request/json-body.js';
export { type AttemptTimeoutOptions, attemptTimeout } from './resilience/attempt-timeout.js';
export { Deadline } from './resilience/call-deadline.js';
export {
  type ConcurrencyLimit,
  type ConcurrencyLimitOptions,
  type ConcurrencyStats,
  concurrencyLimit,
} from './resilience/concurrency-limit.js';
export { type DeadlineOptions, deadline } from './resilience/deadline.js';
export { EventStreamLimitError } from './transport/sse-parser.js';
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
