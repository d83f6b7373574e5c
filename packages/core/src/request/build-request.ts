import type { GatewayRequest } from '../types.js';
import { JsonBody } from './json-body.js';
import { newRequestId } from './request-id.js';

/**
 * A complete `GatewayRequest` from the fields that matter, with neutral defaults for the rest: a GET with no
 * body, not idempotent, not cacheable, attempt 1. For a user's own operations and for tests of single layers.
 * A `body` that is not yet a `JsonBody` is serialised here, once (bounded by the default `maxRequestBytes`).
 */
export function buildRequest(
  fields: Partial<Omit<GatewayRequest, 'body'>> & Pick<GatewayRequest, 'origin' | 'path'> & { body?: unknown },
): GatewayRequest {
  const { body, ...rest } = fields;
  const request: GatewayRequest = {
    client: 'mcpgw',
    operation: 'custom',
    method: 'GET',
    query: undefined,
    headers: {},
    body: undefined,
    idempotent: fields.method === undefined || fields.method === 'GET' || fields.method === 'HEAD',
    cacheable: false,
    authorize: false,
    principal: undefined,
    attributes: {},
    requestId: newRequestId(),
    signal: undefined,
    deadline: undefined,
    timeoutMs: undefined,
    attempt: 1,
    ...rest,
  };
  if (body === undefined) return request;
  return {
    ...request,
    body: JsonBody.from(body, { operation: request.operation, requestId: request.requestId }),
  };
}
