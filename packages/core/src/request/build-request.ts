import type { GatewayRequest } from '../types.js';
import { newRequestId } from './request-id.js';

/**
 * A complete `GatewayRequest` from the fields that matter, with neutral defaults for the rest: a GET with no
 * body, not idempotent, not cacheable, attempt 1. For a user's own operations and for tests of single layers.
 */
export function buildRequest(
  fields: Partial<GatewayRequest> & Pick<GatewayRequest, 'origin' | 'path'>,
): GatewayRequest {
  return {
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
    ...fields,
  };
}
