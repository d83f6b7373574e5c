import { type AttemptEvent, buildRequest, channels, type GatewayResponse, type OperationEvent } from '@mcpgw/core';

const request = buildRequest({ origin: 'http://127.0.0.1:8080', path: '/api/v1/servers', operation: 'listServers' });
const response: GatewayResponse = { status: 200, headers: {}, body: {}, attempts: 1, cache: 'miss' };

/**
 * The events core publishes for one operation with one attempt, each guarded by hasSubscribers as core does.
 * Objects are literals, as core builds them: a spread followed by added fields makes V8 fall back to slow
 * dictionary-mode objects and costs microseconds per operation, which would measure the bench, not the layer.
 */
export function publishOneOperation(): void {
  const operation: OperationEvent = {
    client: request.client,
    operation: request.operation,
    requestId: request.requestId,
    request,
    startTime: 0,
  };
  if (channels.requestStart.hasSubscribers) channels.requestStart.publish(operation);
  if (channels.cache.hasSubscribers) {
    channels.cache.publish({
      client: operation.client,
      operation: operation.operation,
      requestId: operation.requestId,
      result: 'miss',
      store: 'memory',
    });
  }
  if (channels.attemptStart.hasSubscribers || channels.attemptEnd.hasSubscribers) {
    const attempt: AttemptEvent = {
      client: operation.client,
      operation: operation.operation,
      requestId: operation.requestId,
      request,
      attempt: 1,
      method: 'GET',
      origin: request.origin,
      url: `${request.origin}${request.path}?offset=0&limit=100`,
      headers: { accept: 'application/json' },
      startTime: 0,
    };
    channels.attemptStart.publish(attempt);
    attempt.status = 200;
    attempt.durationMs = 2.5;
    channels.attemptEnd.publish(attempt);
  }
  operation.response = response;
  operation.durationMs = 3.1;
  if (channels.requestEnd.hasSubscribers) channels.requestEnd.publish(operation);
}
