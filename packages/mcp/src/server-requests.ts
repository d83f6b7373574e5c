import { jsonRpcCodes } from './errors/json-rpc-error.js';
import type { JsonRpcErrorObject } from './json-rpc.js';
import type { McpHandlers } from './mcp-types.js';

export type ServerRequestAnswer = { readonly result: Record<string, unknown> } | { readonly error: JsonRpcErrorObject };

/** The client capabilities the handlers given make true. */
export function clientCapabilities(handlers: McpHandlers): Record<string, unknown> {
  const capabilities: Record<string, unknown> = {};
  if (handlers.elicitation) capabilities.elicitation = { form: {} };
  if (handlers.sampling) capabilities.sampling = {};
  if (handlers.roots) capabilities.roots = {};
  return capabilities;
}

/**
 * The answer to one server request (a 2025-era request on a stream, or one entry of a 2026-07-28 `inputRequests`):
 * the handler's result, a decline for an elicitation nobody handles, `{}` for ping, -32601 for anything else. A
 * handler that throws becomes -32603 with a fixed message: its error text stays in the process.
 */
export async function answerServerRequest(
  handlers: McpHandlers,
  method: string,
  params: unknown,
): Promise<ServerRequestAnswer> {
  const p =
    params !== null && typeof params === 'object' && !Array.isArray(params) ? (params as Record<string, unknown>) : {};
  const handler =
    method === 'elicitation/create'
      ? handlers.elicitation
      : method === 'sampling/createMessage'
        ? handlers.sampling
        : method === 'roots/list'
          ? handlers.roots
          : undefined;
  if (method === 'ping') return { result: {} };
  if (handler === undefined) {
    if (method === 'elicitation/create') return { result: { action: 'decline' } };
    return { error: { code: jsonRpcCodes.methodNotFound, message: `the client does not handle ${method}` } };
  }
  try {
    const result = await handler(p);
    if (result === null || typeof result !== 'object') {
      return { error: { code: jsonRpcCodes.internalError, message: `the client's ${method} handler gave no result` } };
    }
    return { result: result as Record<string, unknown> };
  } catch {
    return { error: { code: jsonRpcCodes.internalError, message: `the client's ${method} handler failed` } };
  }
}
