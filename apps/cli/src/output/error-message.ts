import { GatewayError } from '@mcpgw/core';
import type { Protocol } from '../protocol.js';
import { UsageError } from '../usage-error.js';

// Operations whose path names no server or tool: when the gateway says 404 to one of them, the base URL is wrong,
// and core's hint about server and tool names would send the user looking in the wrong place.
const namelessOperations = new Set(['listServers', 'listTools', 'health']);

/** The error's message for the one-line report, with the hint that fits what the command asked for. */
export function messageOf(
  error: unknown,
  named: { server?: string | undefined; protocol?: Protocol | undefined } = {},
): string {
  // The MCP client renews a session the server forgot (its 404) by itself: a 404 that reaches the user is the URL.
  if (named.protocol === 'mcp' && error instanceof GatewayError && error.code === 'MCPGW_NOT_FOUND') {
    return 'the MCP endpoint answered 404: is the base URL the endpoint itself, e.g. https://host/mcp? (--base-url, MCPGW_BASE_URL)';
  }
  if (
    error instanceof GatewayError &&
    error.code === 'MCPGW_NOT_FOUND' &&
    error.operation !== undefined &&
    namelessOperations.has(error.operation) &&
    !(error.operation === 'listTools' && named.server !== undefined)
  ) {
    return "gateway answered 404: no such endpoint: is the base URL's path right? (--base-url, MCPGW_BASE_URL)";
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

export function codeOf(error: unknown): string {
  if (error instanceof GatewayError || error instanceof UsageError) return error.code;
  return 'MCPGW_UNEXPECTED';
}
