import { type GatewayRequest, JsonBody, queryString, secretsOf } from '@mcpgw/core';
import { type BearerChallenge, parseBearerChallenge } from './bearer-challenge.js';
import { boundedExchange, type ExchangeBounds } from './bounded-exchange.js';

/**
 * Reads the `WWW-Authenticate` challenge of a request the server refused with 401 or 403, by sending the same
 * request once more, bounded like every OAuth exchange, and keeping only the header. Core's `HttpError` does not
 * carry response headers yet; once it carries the challenge this extra exchange goes. A refused request was not
 * processed (the refusal is the server's first step), so sending it again has no effect on the server.
 */
export async function probeChallenge(
  request: GatewayRequest,
  bounds: ExchangeBounds,
): Promise<BearerChallenge | undefined> {
  const body = request.body;
  const text = body === undefined ? undefined : body instanceof JsonBody ? body.json : JSON.stringify(body);
  const answer = await boundedExchange(
    {
      method: request.method,
      url: request.origin + request.path + queryString(request.query),
      headers: {
        accept: 'application/json, text/event-stream',
        ...request.headers,
        ...(text === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: text,
      secrets: secretsOf(request),
      readBody: false,
    },
    bounds,
    {
      signal: request.signal,
      deadline: request.deadline,
      context: { operation: request.operation, requestId: request.requestId, attempts: request.attempt },
    },
  );
  if (answer.status !== 401 && answer.status !== 403) return undefined;
  return parseBearerChallenge(answer.headers['www-authenticate']);
}
