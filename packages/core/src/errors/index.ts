export { AbortError } from './abort-error.js';
export { AuthorizationDeniedError } from './authorization-denied-error.js';
export { AuthorizationUnavailableError } from './authorization-unavailable-error.js';
export { CircuitOpenError } from './circuit-open-error.js';
export { ClientClosedError } from './client-closed-error.js';
export { ConfigError, type ConfigIssue } from './config-error.js';
export { ConnectError } from './connect-error.js';
export type {
  GatewayErrorOptions,
  HttpErrorOptions,
  InvalidRequestErrorOptions,
  ResponseFormatErrorOptions,
} from './deprecated-names.js';
export { type ErrorCode, errorCodes, type GatewayErrorCode } from './error-code.js';
export { ForbiddenError } from './forbidden-error.js';
export { type ErrorContext, GatewayError, isGatewayError } from './gateway-error.js';
export { HttpError, type HttpErrorCode, type HttpErrorContext } from './http-error.js';
export { httpErrorForStatus } from './http-error-for-status.js';
export { InvalidRequestError, type InvalidRequestErrorContext } from './invalid-request-error.js';
export { NotFoundError } from './not-found-error.js';
export { QueueFullError } from './queue-full-error.js';
export { RateLimitedError } from './rate-limited-error.js';
export { ResponseFormatError, type ResponseFormatErrorContext } from './response-format-error.js';
export { ResponseTooLargeError } from './response-too-large-error.js';
export { isRetryableStatus } from './retryable-status.js';
export { ServerError } from './server-error.js';
export { TimeoutError, type TimeoutPhase } from './timeout-error.js';
export { UnauthorizedError } from './unauthorized-error.js';
export { type DetailedErrorClass, withDetails } from './with-details.js';
export { withRequestContext } from './with-request-context.js';
