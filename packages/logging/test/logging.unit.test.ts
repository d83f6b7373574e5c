import { buildRequest, ConfigError, channels, type OperationEvent, ServerError, TimeoutError } from '@mcpgw/core';
import { captureLogs } from '@mcpgw/test-support/capture-logs';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorRateLimiter } from '../src/error-rate-limiter.js';
import { type LoggingObserver, type LoggingOptions, logging } from '../src/index.js';

const open: LoggingObserver[] = [];
function layer(options: LoggingOptions): LoggingObserver {
  const l = logging(options);
  open.push(l);
  return l;
}
afterEach(() => {
  for (const l of open.splice(0)) l.close();
});

function finish(fields: { error?: unknown; durationMs?: number; client?: string; operation?: string }): void {
  const client = fields.client ?? 'c';
  const request = buildRequest({ origin: 'http://gw', path: '/', client, operation: fields.operation ?? 'health' });
  const event: OperationEvent = {
    client,
    operation: request.operation,
    requestId: request.requestId,
    request,
    startTime: 0,
    durationMs: fields.durationMs ?? 3,
  };
  if (fields.error === undefined)
    event.response = { status: 200, headers: {}, body: {}, attempts: 1, cache: undefined };
  else event.error = fields.error;
  channels.requestEnd.publish(event);
}

describe('ErrorRateLimiter', () => {
  it('lets max lines through per key and window, then reports the suppressed count once', () => {
    let now = 0;
    const reports: Array<[string, number]> = [];
    const limiter = new ErrorRateLimiter({
      max: 2,
      windowMs: 1000,
      now: () => now,
      onSuppressed: (key, count) => reports.push([key, count]),
    });
    expect([1, 2, 3, 4, 5].map(() => limiter.allow('A'))).toEqual([true, true, false, false, false]);
    expect(limiter.allow('B')).toBe(true);
    now = 1000;
    expect(limiter.allow('A')).toBe(true);
    expect(reports).toEqual([['A', 3]]);
    limiter.allow('A');
    limiter.allow('A');
    limiter.flush();
    expect(reports).toEqual([
      ['A', 3],
      ['A', 1],
    ]);
  });

  it('bounds the keys it tracks', () => {
    const limiter = new ErrorRateLimiter({ max: 1, windowMs: 1000, maxKeys: 1, onSuppressed: () => {} });
    expect(limiter.allow('A')).toBe(true);
    expect(limiter.keyFor('B')).toBe('other');
    limiter.flush();
  });

  it('reports a closed window on its own, without a later line', async () => {
    const reports: Array<[string, number]> = [];
    const limiter = new ErrorRateLimiter({ max: 0, windowMs: 20, onSuppressed: (k, c) => reports.push([k, c]) });
    limiter.allow('A');
    limiter.allow('A');
    await expect.poll(() => reports, { timeout: 5000 }).toEqual([['A', 2]]);
  });
});

describe('logging()', () => {
  it('rejects bad options with one ConfigError', () => {
    expect(() => logging({ slowMs: -1, errorRateLimit: { max: 1.5, windowMs: 0 }, redact: [3 as never] })).toThrow(
      ConfigError,
    );
  });

  it('logs a slow operation at warn with its timing', () => {
    const captured = captureLogs();
    layer({ logger: captured.logger, slowMs: 50 });
    finish({ durationMs: 120.5 });
    finish({ durationMs: 10 });
    expect(captured.lines().map((l) => [l.level, l.msg, l.durationMs, l.slowMs])).toEqual([
      [40, 'slow operation', 120.5, 50],
      [20, 'operation finished', 10, undefined],
    ]);
  });

  it('rate-limits error lines per code and says how many it dropped', () => {
    const captured = captureLogs();
    const l = layer({ logger: captured.logger, errorRateLimit: { max: 2, windowMs: 60_000 } });
    for (let i = 0; i < 5; i++) finish({ error: new ServerError(503) });
    finish({ error: new TimeoutError('deadline', 100) });
    finish({ error: new Error('not a gateway error: secret') });
    l.close();
    const lines = captured.lines();
    expect(lines.map((x) => [x.msg, x.code, x.suppressed])).toEqual([
      ['operation failed', 'MCPGW_SERVER_ERROR', undefined],
      ['operation failed', 'MCPGW_SERVER_ERROR', undefined],
      ['operation failed', 'MCPGW_TIMEOUT', undefined],
      ['operation failed', 'UNKNOWN', undefined],
      ['error lines suppressed', 'MCPGW_SERVER_ERROR', 3],
    ]);
    expect(lines[3]).toMatchObject({ errorName: 'Error' });
    expect(captured.raw.join('')).not.toContain('secret');
  });

  it('filters by client, applies extra redaction paths and a level', () => {
    const captured = captureLogs();
    layer({ logger: captured.logger, client: 'mine', redact: ['requestId'], level: 'info', slowMs: 0 });
    finish({ client: 'theirs', durationMs: 5 });
    finish({ client: 'mine', durationMs: 5 });
    expect(captured.lines()).toEqual([expect.objectContaining({ client: 'mine', requestId: '[redacted]', level: 40 })]);
  });

  it('logs breaker changes, cache store trouble and fail-open decisions', () => {
    const captured = captureLogs();
    layer({ logger: captured.logger });
    channels.breakerState.publish({
      client: 'c',
      upstream: 'http://gw',
      from: 'open',
      to: 'half-open',
      nextAttemptAt: undefined,
    });
    channels.cacheStore.publish({
      store: 'redis',
      state: 'unavailable',
      error: new Error('ECONNREFUSED with password hunter2'),
    });
    channels.cacheStore.publish({ store: 'redis', state: 'error', error: new TimeoutError('attempt', 50) });
    channels.cacheStore.publish({ store: 'redis', state: 'available' });
    channels.authz.publish({
      client: 'c',
      operation: 'invokeTool',
      requestId: 'r-1',
      decision: 'fail-open',
      cached: false,
      durationMs: 1,
    });
    channels.authz.publish({
      client: 'c',
      operation: 'invokeTool',
      requestId: 'r-2',
      decision: 'allow',
      cached: false,
      durationMs: 1,
    });
    expect(captured.lines().map((l) => [l.level, l.msg])).toEqual([
      [30, 'circuit half-open'],
      [40, 'cache store unavailable'],
      [40, 'cache store call failed'],
      [30, 'cache store available'],
      [40, 'authorization unavailable: call let through (fail open)'],
    ]);
    expect(captured.raw.join('')).not.toContain('hunter2');
  });

  it('writes to its own pino logger when none is given', () => {
    const l = layer({ level: 'silent' });
    finish({ error: new ServerError(500) });
    l.close();
    expect(channels.requestEnd.hasSubscribers).toBe(false);
  });
});
