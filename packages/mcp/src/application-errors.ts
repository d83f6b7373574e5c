import { type GatewayError, HttpError } from '@mcpgw/core';
import { scrubSecrets } from '@mcpgw/core/kit';
import { JsonRpcError, jsonRpcCodes } from './errors/json-rpc-error.js';
import { peerText } from './json-rpc.js';

/**
 * JSON-RPC errors about the request itself (its params, its method, a tool or resource that is not there): the
 * same request gets the same answer however healthy the server is, so they must neither open a breaker nor be
 * retried, whatever HTTP status carries them. -32603 (internal error) and the server range are not among them.
 */
const APPLICATION_CODES = new Set<number>([
  jsonRpcCodes.invalidRequest,
  jsonRpcCodes.methodNotFound,
  jsonRpcCodes.invalidParams,
  jsonRpcCodes.resourceNotFound,
  jsonRpcCodes.headerMismatch,
  jsonRpcCodes.missingRequiredClientCapability,
  jsonRpcCodes.unsupportedProtocolVersion,
]);

/**
 * A 5xx whose body is a JSON-RPC application error becomes the `JsonRpcError` it is, inside the transport, so the
 * breaker and the retry layer see a request the server refused, not a server that failed. (4xx answers already
 * count for neither; the dialect reads their JSON-RPC errors after the onion.)
 */
export function applicationRpcError(
  error: GatewayError,
  method: string,
  secrets: () => readonly string[],
): GatewayError {
  if (!(error instanceof HttpError) || error.status < 500) return error;
  const body = error.body as { jsonrpc?: unknown; error?: { code?: unknown; message?: unknown } } | undefined;
  const code = body?.error?.code;
  if (body?.jsonrpc !== '2.0' || typeof code !== 'number' || !APPLICATION_CODES.has(code)) return error;
  return new JsonRpcError(code, peerText(scrubSecrets(peerText(body.error?.message, 4_096), secrets())), {
    method,
    operation: error.operation,
    requestId: error.requestId,
    attempts: error.attempts,
  });
}
