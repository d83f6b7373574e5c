import type { GatewayRequest, GatewayResponse, Handler } from '@mcpgw/core';
import { endAttempt, startAttempt } from '@mcpgw/core/kit';

const body = Object.freeze({ server_name: 'postgres-mcp' });

/**
 * An innermost handler that answers at once but publishes the attempt events exactly as core's transport does, so
 * the cost of metrics, tracing and logging subscribers is measured without the network's noise around it.
 */
export const stubTransport: Handler = async (request: GatewayRequest): Promise<GatewayResponse> => {
  const event = startAttempt(request, request.method, request.origin, request.origin + request.path, {
    ...request.headers,
  });
  if (event) event.status = 200;
  endAttempt(event);
  return { status: 200, headers: {}, body, attempts: request.attempt, cache: undefined };
};
