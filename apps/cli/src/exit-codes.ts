import { GatewayError } from '@mcpgw/core';
import { UsageError } from './usage-error.js';

/** The process exit codes of `mcpgw`; documented in the README, relied on by scripts. */
export const exitCodes = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  config: 3,
  unavailable: 4,
  notFound: 5,
  denied: 6,
  authorizationUnavailable: 7,
  invalidRequest: 8,
  /** `load`: the run finished but missed a target it checks (failed calls, p99). */
  targetMissed: 9,
  /** `invoke --protocol mcp`: the call worked, the tool answered `isError: true`. */
  toolError: 10,
} as const;

const byErrorCode: Readonly<Record<string, number>> = {
  MCPGW_CONFIG: exitCodes.config,
  MCPGW_CONNECT: exitCodes.unavailable,
  MCPGW_TIMEOUT: exitCodes.unavailable,
  MCPGW_SERVER_ERROR: exitCodes.unavailable,
  MCPGW_CIRCUIT_OPEN: exitCodes.unavailable,
  MCPGW_RATE_LIMITED: exitCodes.unavailable,
  MCPGW_QUEUE_FULL: exitCodes.unavailable,
  MCPGW_NOT_FOUND: exitCodes.notFound,
  MCPGW_AUTHZ_DENIED: exitCodes.denied,
  MCPGW_UNAUTHORIZED: exitCodes.denied,
  MCPGW_FORBIDDEN: exitCodes.denied,
  MCPGW_AUTHZ_UNAVAILABLE: exitCodes.authorizationUnavailable,
  MCPGW_INVALID_REQUEST: exitCodes.invalidRequest,
  // MCP: the server refused the request (unknown tool, bad arguments), or the session or stream went away.
  MCPGW_JSONRPC: exitCodes.invalidRequest,
  MCPGW_MCP_SESSION_LOST: exitCodes.unavailable,
  MCPGW_MCP_STREAM_LOST: exitCodes.unavailable,
  MCPGW_MCP_PROTOCOL_VERSION: exitCodes.config,
  MCPGW_UNSUPPORTED_OPERATION: exitCodes.usage,
  // MCP authorization (@mcpgw/oauth): a refusal is a denial; metadata nobody serves is an endpoint not ready.
  MCPGW_AUTH_TOKEN: exitCodes.denied,
  MCPGW_AUTH_REGISTRATION: exitCodes.denied,
  MCPGW_AUTH_INSUFFICIENT_SCOPE: exitCodes.denied,
  MCPGW_AUTH_AUTHORIZATION_RESPONSE: exitCodes.denied,
  MCPGW_AUTH_ISSUER_MISMATCH: exitCodes.denied,
  MCPGW_AUTH_RESOURCE_MISMATCH: exitCodes.denied,
  MCPGW_AUTH_DISCOVERY: exitCodes.unavailable,
  MCPGW_AUTH_INSECURE_ENDPOINT: exitCodes.config,
};

export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return exitCodes.usage;
  if (error instanceof GatewayError) return byErrorCode[error.code] ?? exitCodes.unexpected;
  return exitCodes.unexpected;
}
