import { jsonRpcCodes } from './errors/json-rpc-error.js';
import type { JsonRpcErrorObject } from './json-rpc.js';
import type { McpHandlers } from './mcp-types.js';

export type ServerRequestAnswer = { readonly result: Record<string, unknown> } | { readonly error: JsonRpcErrorObject };

/** The client capabilities the handlers given make true. */
export function clientCapabilities(handlers: McpHandlers): Record<string, unknown> {
  const capabilities: Record<string, unknown> = {};
  // applyDefaults: an accepted form answer gets each field's schema default where the handler left it out.
  if (handlers.elicitation) capabilities.elicitation = { form: { applyDefaults: true } };
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
    if (method === 'elicitation/create') return { result: withDefaults(result as Record<string, unknown>, p) };
    return { result: result as Record<string, unknown> };
  } catch {
    return { error: { code: jsonRpcCodes.internalError, message: `the client's ${method} handler failed` } };
  }
}

const MAX_FIELDS = 100;

/**
 * An accepted elicitation answer with the requested schema's `default` for every field the handler did not fill
 * (2025-11-25 client/elicitation: clients that support defaults SHOULD pre-populate them). Only top-level
 * properties with primitive or string-array defaults, at most 100.
 */
function withDefaults(result: Record<string, unknown>, params: Record<string, unknown>): Record<string, unknown> {
  if (result.action !== 'accept') return result;
  const schema = params.requestedSchema as { properties?: unknown } | undefined;
  const properties = schema?.properties;
  if (properties === null || typeof properties !== 'object' || Array.isArray(properties)) return result;
  const given = result.content;
  const content: Record<string, unknown> =
    given !== null && typeof given === 'object' && !Array.isArray(given)
      ? { ...(given as Record<string, unknown>) }
      : {};
  let added = false;
  for (const [name, property] of Object.entries(properties).slice(0, MAX_FIELDS)) {
    if (Object.hasOwn(content, name) || property === null || typeof property !== 'object') continue;
    const value = (property as { default?: unknown }).default;
    const primitive = ['string', 'number', 'boolean'].includes(typeof value);
    const strings = Array.isArray(value) && value.length <= MAX_FIELDS && value.every((v) => typeof v === 'string');
    if (!primitive && !strings) continue;
    content[name] = value;
    added = true;
  }
  return added ? { ...result, content } : result;
}
