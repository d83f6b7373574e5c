import { type GatewayRequest, InvalidRequestError, JsonBody, type Principal } from '@mcpgw/core';

export type SensitivityLevel = 'low' | 'medium' | 'high' | 'critical' | (string & {});

export interface ServerFacts {
  name: string;
  sensitivity_level: SensitivityLevel;
  authorized_teams?: readonly string[];
}

export interface ToolFacts {
  name: string;
  sensitivity_level: SensitivityLevel;
}

export type ResolveServer = (name: string) => Promise<ServerFacts | undefined>;
export type ResolveTool = (server: string, tool: string) => Promise<ToolFacts | undefined>;

export interface InvokeTarget {
  server: string;
  tool: string;
  parameters: Record<string, unknown>;
}

/**
 * The `{server, tool, parameters}` of an invoke body, checked before anything is asked or sent. Read from the body's
 * serialised form (its frozen `value`), the very one every attempt sends; never from the caller's objects.
 */
export function invokeTargetOf(request: GatewayRequest): InvokeTarget {
  const errorOptions = { operation: request.operation, requestId: request.requestId };
  const value = request.body instanceof JsonBody ? request.body.value : undefined;
  const body = (isToolsCall(request) ? toolsCallTarget(value) : value) as
    | { server?: unknown; tool?: unknown; parameters?: unknown }
    | null
    | undefined;
  const server = body?.server ?? request.attributes.server;
  const tool = body?.tool ?? request.attributes.tool;
  if (typeof server !== 'string' || server.length === 0) {
    throw new InvalidRequestError('a call that needs authorization must name its server', {
      ...errorOptions,
      field: 'server',
    });
  }
  if (typeof tool !== 'string') {
    throw new InvalidRequestError('a call that needs authorization must name its tool', {
      ...errorOptions,
      field: 'tool',
    });
  }
  const parameters = body?.parameters ?? {};
  if (parameters === null || typeof parameters !== 'object' || Array.isArray(parameters)) {
    throw new InvalidRequestError('parameters must be an object', { ...errorOptions, field: 'parameters' });
  }
  return { server, tool, parameters: parameters as Record<string, unknown> };
}

/** An MCP `tools/call` (the MCP dialect marks it): its body is JSON-RPC, `params: { name, arguments }`. */
export function isToolsCall(request: GatewayRequest): boolean {
  return request.attributes['mcp.method'] === 'tools/call';
}

/** The JSON-RPC envelope read as an invoke: the tool from `params.name`, the parameters from `params.arguments`. */
function toolsCallTarget(value: unknown): { tool?: unknown; parameters?: unknown } {
  const params = (value as { params?: { name?: unknown; arguments?: unknown } } | null | undefined)?.params;
  return { tool: params?.name, parameters: params?.arguments };
}

const HINTS = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const;

/**
 * What an MCP `tools/call` adds to the input: the tool's annotations (hints from the server's listing, as the
 * MCP dialect put them on `mcp.tool.*` attributes) and the server's identity (its origin, and the `serverInfo`
 * name of `initialize` when there was one). A policy decides whether to believe the hints.
 */
function mcpFacts(request: GatewayRequest): { annotations: Record<string, boolean>; server: Record<string, unknown> } {
  const annotations: Record<string, boolean> = {};
  for (const hint of HINTS) {
    const v = request.attributes[`mcp.tool.${hint}`];
    if (typeof v === 'boolean') annotations[hint] = v;
  }
  const server: Record<string, unknown> = {};
  const origin = request.attributes['mcp.server.origin'];
  if (typeof origin === 'string') server.origin = origin;
  const name = request.attributes['mcp.server.name'];
  if (typeof name === 'string') server.info = { name };
  return { annotations, server };
}

/** The input document of gateway-api.md: nested and flat shapes, the user (never a token) and the call context. */
export function buildInputDocument(
  request: GatewayRequest,
  principal: Principal,
  target: InvokeTarget,
  server: ServerFacts,
  tool: ToolFacts,
  nowMs: number,
): Record<string, unknown> {
  const user: Record<string, unknown> = {
    id: principal.id,
    roles: [...(principal.roles ?? [])],
    teams: [...(principal.teams ?? [])],
  };
  if (principal.email !== undefined) user.email = principal.email;
  const serverDoc: Record<string, unknown> = { name: server.name, sensitivity_level: server.sensitivity_level };
  if (server.authorized_teams !== undefined) serverDoc.authorized_teams = [...server.authorized_teams];
  const toolDoc: Record<string, unknown> = {
    name: tool.name,
    sensitivity_level: tool.sensitivity_level,
    parameters: target.parameters,
  };
  if (isToolsCall(request)) {
    const mcp = mcpFacts(request);
    toolDoc.annotations = mcp.annotations;
    Object.assign(serverDoc, mcp.server);
  }
  return {
    action: request.operation === 'invokeTool' ? 'gateway:tool:invoke' : `gateway:${request.operation}`,
    user,
    server: serverDoc,
    tool: toolDoc,
    server_name: target.server,
    tool_name: target.tool,
    parameters: target.parameters,
    context: { timestamp: Math.floor(nowMs / 1000), request_id: request.requestId },
  };
}

/** Default lookups: `request.attributes.serverSensitivity` / `toolSensitivity` when present, else `medium`. */
export function factsFromAttributes(
  request: GatewayRequest,
  target: InvokeTarget,
): { server: ServerFacts; tool: ToolFacts } {
  const serverLevel = request.attributes.serverSensitivity;
  const toolLevel = request.attributes.toolSensitivity;
  return {
    server: { name: target.server, sensitivity_level: typeof serverLevel === 'string' ? serverLevel : 'medium' },
    tool: { name: target.tool, sensitivity_level: typeof toolLevel === 'string' ? toolLevel : 'medium' },
  };
}
