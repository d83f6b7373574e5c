import { type AttemptEvent, channels, type GatewayRequest, type GatewayResponse, type Handler } from '@mcpgw/core';

const body = Object.freeze({ server_name: 'postgres-mcp' });

/**
 * An innermost handler that answers at once but publishes the attempt events exactly as core's transport does, so
 * the cost of metrics, tracing and logging subscribers is measured without the network's noise around it.
 */
export const stubTransport: Handler = async (request: GatewayRequest): Promise<GatewayResponse> => {
  let event: AttemptEvent | undefined;
  if (channels.attemptStart.hasSubscribers || channels.attemptEnd.hasSubscribers) {
    event = {
      client: request.client,
      operation: request.operation,
      requestId: request.requestId,
      request,
      attempt: request.attempt,
      method: request.method,
      origin: request.origin,
      url: request.origin + request.path,
      headers: { ...request.headers },
      startTime: performance.now(),
    };
    channels.attemptStart.publish(event);
    event.status = 200;
    event.durationMs = performance.now() - event.startTime;
    if (channels.attemptEnd.hasSubscribers) channels.attemptEnd.publish(event);
  }
  return { status: 200, headers: {}, body, attempts: request.attempt, cache: undefined };
};
