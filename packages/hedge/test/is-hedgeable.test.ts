import type { GatewayRequest } from '@mcpgw/core';
import { newRequestId } from '@mcpgw/core/kit';
import { describe, expect, it } from 'vitest';
import { isHedgeable } from '../src/index.js';

function request(fields: Partial<GatewayRequest>): GatewayRequest {
  return {
    client: 'c',
    operation: 'getServer',
    method: 'GET',
    origin: 'http://127.0.0.1:1',
    path: '/x',
    query: undefined,
    headers: {},
    body: undefined,
    idempotent: true,
    cacheable: true,
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

describe('isHedgeable', () => {
  it('hedges reads and keyed invokes, by the retry layer’s rule', () => {
    expect(isHedgeable(request({}))).toBe(true);
    expect(isHedgeable(request({ operation: 'invokeTool', method: 'POST', idempotent: false }))).toBe(false);
    expect(
      isHedgeable(
        request({ operation: 'invokeTool', method: 'POST', idempotent: false, headers: { 'idempotency-key': 'k' } }),
      ),
    ).toBe(true);
  });

  it('never hedges a stream meant to stay open', () => {
    const open = () => ({ event: () => undefined, end: () => undefined });
    expect(isHedgeable(request({ eventStream: { open, longLived: true } }))).toBe(false);
    expect(isHedgeable(request({ eventStream: { open } }))).toBe(true);
  });
});
