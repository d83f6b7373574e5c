import {
  AbortError,
  AuthorizationDeniedError,
  buildRequest,
  CircuitOpenError,
  ConnectError,
  type GatewayRequest,
  HttpError,
  InvalidRequestError,
  QueueFullError,
  ResponseFormatError,
  TimeoutError,
} from '@mcpgw/core';
import { httpErrorForStatus } from '@mcpgw/core/kit';
import { describe, expect, it } from 'vitest';
import { backoffDelay, classifyForRetry, retryReason } from '../src/index.js';

const read = buildRequest({ origin: 'http://gw', path: '/api/v1/servers', operation: 'listServers', idempotent: true });
const invoke = buildRequest({ origin: 'http://gw', path: '/api/v1/invoke', operation: 'invokeTool', method: 'POST' });
const keyed: GatewayRequest = { ...invoke, headers: { 'idempotency-key': 'k-1' } };

const refused = new ConnectError('refused', 'ECONNREFUSED', { mayHaveReachedServer: false });
const reset = new ConnectError('reset', 'ECONNRESET');

describe('classifyForRetry()', () => {
  const table: Array<[string, unknown, boolean, boolean]> = [
    // [name, error, retry a read, retry a non-idempotent invoke]
    ['refused before sending', refused, true, true],
    ['connect timeout', new TimeoutError('connect', 5_000), true, true],
    ['reset after sending', reset, true, false],
    ['attempt timeout', new TimeoutError('attempt', 1_000), true, false],
    ['headers timeout', new TimeoutError('headers', 1_000), true, false],
    ['body timeout', new TimeoutError('body', 1_000), true, false],
    ['deadline timeout', new TimeoutError('deadline', 1_000), false, false],
    ['queue timeout', new TimeoutError('queue', 1_000), false, false],
    ['408', httpErrorForStatus(408), true, false],
    ['429', httpErrorForStatus(429), true, false],
    ['500', httpErrorForStatus(500), true, false],
    ['502', httpErrorForStatus(502), true, false],
    ['503', httpErrorForStatus(503), true, false],
    ['504', httpErrorForStatus(504), true, false],
    ['400', httpErrorForStatus(400), false, false],
    ['401', httpErrorForStatus(401), false, false],
    ['403', httpErrorForStatus(403), false, false],
    ['404', httpErrorForStatus(404), false, false],
    ['409', httpErrorForStatus(409), false, false],
    ['501', httpErrorForStatus(501), false, false],
    ['open circuit', new CircuitOpenError('http://gw', Date.now() + 1_000), false, false],
    ['caller abort', new AbortError(), false, false],
    ['policy deny', new AuthorizationDeniedError('no'), false, false],
    ['format error', new ResponseFormatError('bad', {}), false, false],
    ['invalid request', new InvalidRequestError('bad'), false, false],
    ['queue full', new QueueFullError(1, 1), false, false],
    ['a plain Error', new Error('bug'), false, false],
  ];

  it.each(table.map(([name, error, read, invoke]) => ({ name, error, read, invoke })))(
    '$name: read $read, invoke $invoke',
    ({ error, read: forRead, invoke: forInvoke }) => {
      expect(classifyForRetry(error, read).retry).toBe(forRead);
      expect(classifyForRetry(error, invoke).retry).toBe(forInvoke);
    },
  );

  it('treats an invoke with an Idempotency-Key like a read', () => {
    expect(classifyForRetry(httpErrorForStatus(503), keyed).retry).toBe(true);
    expect(classifyForRetry(reset, keyed).retry).toBe(true);
    expect(classifyForRetry(httpErrorForStatus(400), keyed).retry).toBe(false);
  });

  it('never retries once the signal has aborted', () => {
    const controller = new AbortController();
    controller.abort();
    expect(classifyForRetry(refused, { ...read, signal: controller.signal }).retry).toBe(false);
  });

  it('names the reason by status or code', () => {
    expect(classifyForRetry(httpErrorForStatus(503), read).reason).toBe('status:503');
    expect(retryReason(refused)).toBe('MCPGW_CONNECT');
    expect(retryReason(new HttpError(418))).toBe('status:418');
    expect(retryReason('boom')).toBe('unknown');
  });
});

describe('backoffDelay()', () => {
  it('doubles the ceiling per attempt up to the cap, with full jitter', () => {
    expect(backoffDelay(1, 100, 10_000, () => 0.999999)).toBe(99);
    expect(backoffDelay(2, 100, 10_000, () => 0.5)).toBe(100);
    expect(backoffDelay(3, 100, 10_000, () => 0.5)).toBe(200);
    expect(backoffDelay(10, 100, 1_000, () => 0.5)).toBe(500);
    expect(backoffDelay(5_000, 100, 1_000, () => 0.5)).toBe(500);
    expect(backoffDelay(3, 100, 10_000, () => 0)).toBe(0);
  });
});
