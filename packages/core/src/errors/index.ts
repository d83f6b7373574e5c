export { AbortError } from './abort-error.js';
export { AuthorizationDeniedError } from './authorization-denied-error.js';
export { AuthorizationUnavailableError } from './authorization-unavailable-error.js';
export { CircuitOpenError } from './circuit-open-error.js';
export { ClientClosedError } from './client-closed-error.js';
export { ConfigError, type ConfigIssue } from './config-error.js';
export { ConnectError } from './connect-error.js';
export { ForbiddenError } from './forbidden-error.js';
export { GatewayError, type GatewayErrorOptions, isGatewayError } from './gateway-error.js';
export { HttpError, type HttpErrorOptions } from './http-error.js';
export { httpErrorForStatus } from './http-error-for-status.js';
export { InvalidRequestError, type InvalidRequestErrorOptions } from './invalid-request-error.js';
export { NotFoundError } from './not-found-error.js';
export { QueueFullError } from './queue-full-error.js';
export { RateLimitedError } from './rate-limited-error.js';
export { ResponseFormatError, type ResponseFormatErrorOptions } from './response-format-error.js';
export { ResponseTooLargeError } from './response-too-large-error.js';
export { ServerError } from './server-error.js';
export { TimeoutError, type TimeoutPhase } from './timeout-error.js';
export { UnauthorizedError } from './unauthorized-error.js';

/** Every stable error code, for runbooks and tests that check the docs against the code. */
export const errorCodes = [
  'MCPGW_ABORTED',
  'MCPGW_AUTHZ_DENIED',
  'MCPGW_AUTHZ_UNAVAILABLE',
  'MCPGW_CIRCUIT_OPEN',
  'MCPGW_CLIENT_CLOSED',
  'MCPGW_CONFIG',
  'MCPGW_CONNECT',
  'MCPGW_FORBIDDEN',
  'MCPGW_HTTP',
  'MCPGW_INVALID_REQUEST',
  'MCPGW_NOT_FOUND',
  'MCPGW_QUEUE_FULL',
  'MCPGW_RATE_LIMITED',
  'MCPGW_RESPONSE_FORMAT',
  'MCPGW_RESPONSE_TOO_LARGE',
  'MCPGW_SERVER_ERROR',
  'MCPGW_TIMEOUT',
  'MCPGW_UNAUTHORIZED',
] as const;
export type ErrorCode = (typeof errorCodes)[number];
