import { type GatewayRequest, type HttpError, JsonBody } from '@mcpgw/core';
import { queryString, secretsOf } from '@mcpgw/core/kit';
import { type BearerChallenge, parseBearerChallenge } from './bearer-challenge.js';
import { boundedExchange, type ExchangeBounds } from './bounded-exchange.js';

/**
 * The challenge of a refusal: the `WWW-Authenticate` header core's transport kept on the error, or, when the error
 * carries none (made by another handler, or sent without the header), the header of the request sent once more.
 */
export function challengeFor(
  refusal: HttpError,
  request: GatewayRequest,
  bounds: ExchangeBounds,
): Promise<BearerChallenge | undefined> {
  if (refusal.challenge !== undefined) return Promise.resolve(parseBearerChallenge(refusal.challenge));
  return probeChallenge(request, bounds);
}

/**
 * Reads the `WWW-Authenticate` challenge of a request the server refused with 401 or 403, by sending the same
 * request once more, bounded like every OAuth exchange, and keeping only the header: only for a refusal whose error
 * does not carry it (core's transport keeps it on the error). A refused request was not processed (the refusal is
 * the server's first step), so sending it again has no effect on the server.
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
