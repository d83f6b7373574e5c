// `@mcpgw/core/kit`: what the project's own layers, observers and dialects share, for authors of layers of their
// own. An application needs none of it: `@mcpgw/core` is the client, the layers, the errors, the events and the
// types. These names may change in any minor release; each says what it is for where it is defined.
export { ChannelSubscriptions } from './channel-subscriptions.js';
export { Circuit, type CircuitOptions, REFUSED, type TripRule } from './circuit/circuit.js';
export { consecutiveFailures } from './circuit/consecutive-failures.js';
export { restDialect, type WireCall } from './client/rest-dialect.js';
export { httpErrorForStatus } from './errors/http-error-for-status.js';
export { isRetryableStatus } from './errors/retryable-status.js';
export { type DetailedErrorClass, withDetails } from './errors/with-details.js';
export { withRequestContext } from './errors/with-request-context.js';
export { callEvent, endAttempt, startAttempt } from './events.js';
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
export { type RedisConnectionPolicy, redisConnectionPolicy } from './redis-connection-policy.js';
export { type BaseUrl, parseBaseUrl } from './request/base-url.js';
export { checkHeader, normaliseHeaders } from './request/headers.js';
export { DEFAULT_MAX_REQUEST_BYTES, MAX_JSON_DEPTH } from './request/json-body.js';
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
export { SharedAbortController, whenAborted } from './resilience/abort-listeners.js';
export { errorForAbort } from './resilience/abort-reason.js';
export { boundedWait, type WaitBounds, type WaitOutcome } from './resilience/bounded-wait.js';
export { type AttemptBound, attemptBound } from './resilience/call-deadline.js';
export { MIN_RATIO_WINDOW_MS, RatioWindow } from './resilience/ratio-window.js';
export { markSettlesAtAbort, settlesAtAbort } from './resilience/settles-at-abort.js';
export { isTimeoutMs, MAX_TIMEOUT_MS } from './resilience/timeout-option.js';
export { REDACTED, scrubSecrets, secretsIn, secretsOf } from './scrub-secrets.js';
export { parseHttpDate, retryAfterMs, UNWAITABLE_MS } from './transport/retry-after.js';
export { parseJsonSafely } from './transport/safe-json.js';
export { SseParser } from './transport/sse-parser.js';
