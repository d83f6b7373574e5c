import type { ErrorContext } from '@mcpgw/core';
import { withDetails } from '@mcpgw/core/kit';

/** JSON-RPC error codes the client knows by name (JSON-RPC 2.0 and the MCP specification). */
export const jsonRpcCodes = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
  /** 2025-11-25 and earlier: resource not found (2026-07-28 uses -32602). */
  resourceNotFound: -32002,
  headerMismatch: -32020,
  missingRequiredClientCapability: -32021,
  unsupportedProtocolVersion: -32022,
} as const;

export interface JsonRpcErrorOptions extends ErrorContext {
  /** The JSON-RPC method that failed. */
  method?: string | undefined;
}

/**
 * The server answered a JSON-RPC request with an error object. The server's message is kept (cut short, control
 * characters removed) but its `data` is not: it may echo arguments. Not retryable: the same request gets the same
 * answer.
 */
export class JsonRpcError extends withDetails<JsonRpcErrorDetails>() {
  override name = 'JsonRpcError';
  override readonly code = 'MCPGW_JSONRPC';
  override readonly retryable = false;

  constructor(rpcCode: number, serverMessage: string, options: JsonRpcErrorOptions = {}) {
    const method = options.method === undefined ? '' : ` to ${options.method}`;
    super(`the MCP server answered${method} with JSON-RPC error ${rpcCode}: ${serverMessage}`, options, {
      rpcCode,
      method: options.method,
      serverMessage,
    });
  }
}

interface JsonRpcErrorDetails {
  /** The JSON-RPC error code, e.g. -32602 (invalid params). */
  readonly rpcCode: number;
  readonly method: string | undefined;
  readonly serverMessage: string;
}
