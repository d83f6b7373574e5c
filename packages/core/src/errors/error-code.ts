/**
 * Every stable code of the errors mcpgw's REST onion throws (core's, and the bundled breaker's, bulkhead's and OPA
 * layer's), for runbooks, metrics labels and tests that check the docs against the code. The MCP dialect lists its
 * own in `@mcpgw/mcp` (`mcpErrorCodes`).
 */
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

/** The code of one of the errors in `errorCodes`; each class's `code` is one literal of this union. */
export type ErrorCode = (typeof errorCodes)[number];

/** What `GatewayError.code` may hold: one of `ErrorCode`, or another package's own `MCPGW_*` code. */
export type GatewayErrorCode = ErrorCode | `MCPGW_${string}`;
