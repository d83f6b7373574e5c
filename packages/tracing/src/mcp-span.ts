import { type GatewayRequest, type GatewayResponse, JsonBody } from '@mcpgw/core';
import { type McpMessageFacts, mcpErrorTypeOf, mcpResultOf } from '@mcpgw/core/kit';
import type { Attributes, Span } from '@opentelemetry/api';
import { serverOf } from './safe-url.js';
import { sessionHash } from './session-hash.js';

/**
 * `{mcp.method.name} {target}` (the OTel MCP conventions): the tool or prompt name is the target; a resource URI is
 * not (it would make span names unbounded).
 */
export function mcpSpanName(facts: McpMessageFacts): string {
  const target = facts.tool ?? facts.prompt;
  return target === undefined ? (facts.method ?? 'mcp') : `${facts.method} ${target}`;
}

/** The attributes the conventions give an MCP client span, known before it is sent. */
export function mcpSpanAttributes(facts: McpMessageFacts, request: GatewayRequest): Attributes {
  const attributes: Attributes = {
    'mcpgw.operation': request.operation,
    'mcpgw.request_id': request.requestId,
    'network.transport': 'tcp',
    'network.protocol.name': 'http',
  };
  if (facts.method !== undefined) attributes['mcp.method.name'] = facts.method;
  if (facts.id !== undefined) attributes['jsonrpc.request.id'] = facts.id;
  if (facts.protocolVersion !== undefined) attributes['mcp.protocol.version'] = facts.protocolVersion;
  if (facts.sessionId !== undefined) attributes['mcp.session.id'] = sessionHash(facts.sessionId);
  if (facts.tool !== undefined) {
    attributes['gen_ai.tool.name'] = facts.tool;
    attributes['gen_ai.operation.name'] = 'execute_tool';
  }
  if (facts.prompt !== undefined) attributes['gen_ai.prompt.name'] = facts.prompt;
  if (facts.resourceUri !== undefined) attributes['mcp.resource.uri'] = resourceUriForSpan(facts.resourceUri);
  const server = serverOf(request.origin);
  if (server !== undefined) {
    attributes['server.address'] = server.address;
    attributes['server.port'] = server.port;
  }
  return attributes;
}

/**
 * What the answer adds: for `initialize`, the session the server opened and the version it agreed to; for a
 * failure, `error.type` (see core's `mcpErrorTypeOf`) and the JSON-RPC code as `rpc.response.status_code`.
 * Returns the error type, undefined for a success.
 */
export function endMcpSpan(
  span: Span,
  facts: McpMessageFacts,
  response: GatewayResponse | undefined,
  error: unknown,
): string | undefined {
  if (facts.method === 'initialize' && response !== undefined) {
    const sessionId = response.headers['mcp-session-id'];
    if (typeof sessionId === 'string' && sessionId.length > 0)
      span.setAttribute('mcp.session.id', sessionHash(sessionId));
    const agreed = mcpResultOf(response)?.protocolVersion;
    if (typeof agreed === 'string' && agreed.length <= 40) span.setAttribute('mcp.protocol.version', agreed);
  }
  const errorType = mcpErrorTypeOf(error, response);
  if (errorType === undefined) return undefined;
  span.setAttribute('error.type', errorType);
  const rpcCode = (error as { rpcCode?: unknown } | undefined)?.rpcCode;
  if (typeof rpcCode === 'number') span.setAttribute('rpc.response.status_code', String(rpcCode));
  return errorType;
}

/**
 * The request with the span's trace context in `params._meta` (`traceparent`, `tracestate`, `baggage`: whatever the
 * propagator writes), as the conventions ask, besides the HTTP header each attempt carries. The body is serialised
 * again, once, here: this layer is the outermost, so everything inside it (OPA's input, the cache key, every
 * attempt) reads the one body it passes on. A request that is not a JSON-RPC request or notification is returned
 * as it is.
 */
export function withTraceMeta(request: GatewayRequest, carrier: Record<string, string>): GatewayRequest {
  const body = request.body;
  if (!(body instanceof JsonBody) || Object.keys(carrier).length === 0) return request;
  const message = body.value as Record<string, unknown>;
  if (typeof message.method !== 'string') return request;
  const params = isObject(message.params) ? message.params : {};
  const meta = isObject(params._meta) ? params._meta : {};
  const value = { ...message, params: { ...params, _meta: { ...meta, ...carrier } } };
  const options = { operation: request.operation, requestId: request.requestId, maxBytes: body.bytes + 4096 };
  return { ...request, body: JsonBody.from(value, options) };
}

/**
 * `mcp.resource.uri` without what may be a credential: user info, query and fragment are dropped (a resource URI is
 * the caller's, of any scheme, and a signed URL carries its signature in the query).
 */
export function resourceUriForSpan(uri: string): string {
  const cut = uri.search(/[?#]/);
  const base = cut === -1 ? uri : uri.slice(0, cut);
  return base.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
