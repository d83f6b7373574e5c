import { buildRequest, channels, type GatewayResponse, type OperationEvent } from '@mcpgw/core';

/** Publishes one finished MCP operation, as McpClient's requests reach the onion. */
export function finishMcpOperation(
  fields: { body?: unknown; headers?: Record<string, string>; method?: 'POST' | 'GET' | 'DELETE'; operation?: string },
  outcome: { response?: Partial<GatewayResponse>; error?: unknown; startTime?: number; durationMs?: number },
): void {
  const request = buildRequest({
    origin: 'http://gw:1',
    path: '/mcp',
    method: fields.method ?? 'POST',
    operation: fields.operation ?? 'mcp',
    headers: fields.headers ?? {},
    ...(fields.body === undefined ? {} : { body: fields.body }),
  });
  const event: OperationEvent = {
    client: 'c',
    operation: request.operation,
    requestId: request.requestId,
    request,
    startTime: outcome.startTime ?? 0,
  };
  channels.requestStart.publish(event);
  if (outcome.error !== undefined) event.error = outcome.error;
  else
    event.response = { status: 200, headers: {}, body: undefined, attempts: 1, cache: undefined, ...outcome.response };
  event.durationMs = outcome.durationMs ?? 5;
  channels.requestEnd.publish(event);
}
