import { describe, expect, test } from 'vitest';
import {
  CircuitOpenError,
  ConfigError,
  ConnectError,
  type ErrorContext,
  QueueFullError,
  TimeoutError,
} from '../src/index.js';
import { withDetails } from '../src/kit.js';

describe('errors with details of their own (withDetails)', () => {
  test('the details are fields of the error and follow the base fields in toJSON, in the order given', () => {
    const error = new QueueFullError(4, 8, { operation: 'listTools', requestId: 'r1' });
    expect([error.maxConcurrent, error.maxQueue]).toEqual([4, 8]);
    expect(Object.keys(error.toJSON())).toEqual([
      'name',
      'code',
      'message',
      'retryable',
      'operation',
      'requestId',
      'attempts',
      'maxConcurrent',
      'maxQueue',
      'cause',
    ]);
    expect(new TimeoutError('attempt', 250).toJSON()).toMatchObject({ phase: 'attempt', timeoutMs: 250 });
    expect(new ConfigError([{ path: 'a', message: 'b' }]).issues).toEqual([{ path: 'a', message: 'b' }]);
  });

  test('a copy made by withContext keeps the class, the details and what the subclass adds to them', () => {
    const error = new ConnectError('refused', 'ECONNREFUSED', { mayHaveReachedServer: false });
    const copy = error.withContext({ attempts: 3 });
    expect(copy).not.toBe(error);
    expect(copy).toBeInstanceOf(ConnectError);
    expect(copy.reason).toBe('ECONNREFUSED');
    expect(copy.toJSON()).toMatchObject({ attempts: 3, reason: 'ECONNREFUSED', mayHaveReachedServer: false });
    const open = new CircuitOpenError('http://gw', Date.now() + 60_000).withContext({ requestId: 'r2' });
    expect(open.upstream).toBe('http://gw');
    expect(open.retryAfterMs).toBeGreaterThan(50_000);
    expect(open.toJSON()).toMatchObject({ requestId: 'r2', upstream: 'http://gw' });
  });

  test("a layer's own error class gets typed fields and its JSON from one details object", () => {
    class QuotaError extends withDetails<{ quota: number }>() {
      override name = 'QuotaError';
      override readonly code = 'MCPGW_QUOTA';
      override readonly retryable = false;

      constructor(quota: number, context: ErrorContext = {}) {
        super(`quota ${quota} used up`, context, { quota });
      }
    }
    const error = new QuotaError(10, { operation: 'invokeTool' });
    const quota: number = error.quota;
    expect(quota).toBe(10);
    expect(error.toJSON()).toMatchObject({ name: 'QuotaError', code: 'MCPGW_QUOTA', quota: 10 });
    expect(error.withContext({ attempts: 2 }).toJSON()).toMatchObject({ attempts: 2, quota: 10 });
  });
});
