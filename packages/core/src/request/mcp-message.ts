import { isGatewayError } from '../errors/gateway-error.js';
import { HttpError } from '../errors/http-error.js';
import type { GatewayRequest, GatewayResponse } from '../types.js';
import { JsonBody } from './json-body.js';

/**
 * What telemetry may say about one MCP message a request carries, read from the request as the MCP dialect built it
 * (its one serialised body and its headers). Never a parameter value: only the method, the id, the tool or prompt
 * name (the caller's own, already checked) and the protocol version.
 */
export interface McpMessageFacts {
  /** The JSON-RPC method of a request or notification; undefined for an answer posted back, a GET or a DELETE. */
  readonly method: string | undefined;
  /** The JSON-RPC id of a request, as a string; undefined for a notification. */
  readonly id: string | undefined;
  /** `params.name` of a `tools/call`. */
  readonly tool: string | undefined;
  /** `params.name` of a `prompts/get`. */
  readonly prompt: string | undefined;
  /** `params.uri` of `resources/read`, `resources/subscribe` and `resources/unsubscribe` (the caller's, as given). */
  readonly resourceUri: string | undefined;
  /** `MCP-Protocol-Version`, or for `initialize` the version it asks for. */
  readonly protocolVersion: string | undefined;
  /** The `Mcp-Session-Id` sent: a credential, to be hashed before it goes anywhere. */
  readonly sessionId: string | undefined;
}

const MAX_TEXT = 256;
const MAX_URI = 2048;
const resourceMethods = new Set(['resources/read', 'resources/subscribe', 'resources/unsubscribe']);

/**
 * The MCP facts of a request, or undefined when it carries no MCP message (a REST call). A request is an MCP message
 * when its body is JSON-RPC 2.0, or when it is the dialect's GET or DELETE (it sends `MCP-Protocol-Version`).
 */
export function mcpMessageOf(request: GatewayRequest): McpMessageFacts | undefined {
  const headers = request.headers;
  const value = request.body instanceof JsonBody ? request.body.value : undefined;
  const message = isObject(value) && value.jsonrpc === '2.0' ? value : undefined;
  const headerVersion = headers['mcp-protocol-version'];
  if (message === undefined && headerVersion === undefined) return undefined;
  const method = shortText(message?.method);
  const params = isObject(message?.params) ? message.params : undefined;
  const rawId = message?.id;
  const id = typeof rawId === 'number' && Number.isFinite(rawId) ? String(rawId) : shortText(rawId);
  const name = shortText(params?.name);
  return {
    method,
    id: method === undefined ? undefined : id,
    tool: method === 'tools/call' ? name : undefined,
    prompt: method === 'prompts/get' ? name : undefined,
    resourceUri: method !== undefined && resourceMethods.has(method) ? shortText(params?.uri, MAX_URI) : undefined,
    protocolVersion:
      shortText(headerVersion) ?? (method === 'initialize' ? shortText(params?.protocolVersion) : undefined),
    sessionId: headers['mcp-session-id'],
  };
}

/**
 * The JSON-RPC result of an MCP answer as the dialect decodes it (`{ answer: { result } }`), or undefined. Lets a
 * layer tell a tool's own failure (`isError: true`), which is an answer and not an error, from a success.
 */
export function mcpResultOf(response: GatewayResponse | undefined): Record<string, unknown> | undefined {
  const body = response?.body;
  if (!isObject(body) || !isObject(body.answer)) return undefined;
  const result = body.answer.result;
  return isObject(result) ? result : undefined;
}

/** `tool_error` for a `tools/call` answered with `isError: true` (the MCP conventions' error.type), else undefined. */
export function mcpToolErrorOf(response: GatewayResponse | undefined): 'tool_error' | undefined {
  return mcpResultOf(response)?.isError === true ? 'tool_error' : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shortText(value: unknown, max = MAX_TEXT): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= max ? value : undefined;
}

/**
 * `error.type` of an MCP operation as the OpenTelemetry MCP conventions define it: the JSON-RPC error code when the
 * server answered with one (`-32602`), the status of an HTTP error (`404`), `tool_error` for a tool's `isError: true`
 * answer, otherwise the error's stable code (`MCPGW_TIMEOUT`) or `_OTHER`. Undefined when the operation succeeded.
 */
export function mcpErrorTypeOf(error: unknown, response?: GatewayResponse): string | undefined {
  if (error === undefined) return mcpToolErrorOf(response);
  if (error instanceof HttpError) return String(error.status);
  if (isGatewayError(error)) {
    const rpcCode = (error as { rpcCode?: unknown }).rpcCode;
    return typeof rpcCode === 'number' && Number.isSafeInteger(rpcCode) ? String(rpcCode) : error.code;
  }
  return '_OTHER';
}
