import { describe, expect, test } from 'vitest';
import {
  AbortError,
  AuthorizationDeniedError,
  AuthorizationUnavailableError,
  CircuitOpenError,
  ClientClosedError,
  ConfigError,
  ConnectError,
  type ErrorCode,
  errorCodes,
  ForbiddenError,
  GatewayError,
  HttpError,
  InvalidRequestError,
  isGatewayError,
  NotFoundError,
  QueueFullError,
  RateLimitedError,
  ResponseFormatError,
  ResponseTooLargeError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
} from '../src/index.js';
import { httpErrorForStatus, isRetryableStatus } from '../src/kit.js';

describe('errors', () => {
  const all: GatewayError[] = [
    new AbortError(),
    new AuthorizationDeniedError('role analyst may not run critical tools'),
    new AuthorizationUnavailableError('timeout', 'OPA did not answer within 250 ms'),
    new CircuitOpenError('http://gw:8080', Date.now() + 5000),
    new ClientClosedError(),
    new ConfigError([{ path: 'retry.maxAttempts', message: 'must be >= 1' }]),
    new ConnectError('refused', 'ECONNREFUSED', { mayHaveReachedServer: false }),
    new ForbiddenError(),
    new HttpError(409),
    new InvalidRequestError('bad', { field: 'server' }),
    new NotFoundError(),
    new QueueFullError(10, 100),
    new RateLimitedError({ retryAfterMs: 1000 }),
    new ResponseFormatError('bad', { field: 'servers[0].server_url' }),
    new ResponseTooLargeError('maxResponseBytes', 1024),
    new ServerError(503),
    new TimeoutError('attempt', 100),
    new UnauthorizedError(),
  ];

  test('every class has its own stable code, and errorCodes lists exactly those', () => {
    const codes = all.map((e) => e.code).sort();
    expect(codes).toEqual([...errorCodes].sort());
    for (const error of all) {
      expect(error).toBeInstanceOf(GatewayError);
      expect(error).toBeInstanceOf(Error);
      expect(isGatewayError(error)).toBe(true);
      expect(error.name).not.toBe('GatewayError');
      expect(error.toJSON().code).toBe(error.code);
    }
  });

  test('maps statuses to the most specific class', () => {
    expect(httpErrorForStatus(401)).toBeInstanceOf(UnauthorizedError);
    expect(httpErrorForStatus(403)).toBeInstanceOf(ForbiddenError);
    expect(httpErrorForStatus(404)).toBeInstanceOf(NotFoundError);
    expect(httpErrorForStatus(429)).toBeInstanceOf(RateLimitedError);
    expect(httpErrorForStatus(502)).toBeInstanceOf(ServerError);
    const conflict = httpErrorForStatus(409);
    expect(conflict.constructor).toBe(HttpError);
    expect(conflict.retryable).toBe(false);
    expect(httpErrorForStatus(503).retryable).toBe(true);
    expect(httpErrorForStatus(400).retryable).toBe(false);
  });

  test('toJSON walks the cause chain without stack traces', () => {
    const root = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const error = new ConnectError('failed', 'ECONNRESET', { cause: root, operation: 'listServers', requestId: 'r1' });
    const json = error.toJSON();
    expect(json).toMatchObject({
      name: 'ConnectError',
      code: 'MCPGW_CONNECT',
      operation: 'listServers',
      requestId: 'r1',
      reason: 'ECONNRESET',
      mayHaveReachedServer: true,
      cause: { name: 'Error', code: 'ECONNRESET', message: 'socket hang up' },
    });
    expect(JSON.stringify(json)).not.toContain('at ');
  });

  test('errors that happen before sending say so', () => {
    expect(new InvalidRequestError('x').mayHaveReachedServer).toBe(false);
    expect(new TimeoutError('connect', 1).mayHaveReachedServer).toBe(false);
    expect(new TimeoutError('headers', 1).mayHaveReachedServer).toBe(true);
    expect(new CircuitOpenError('u', undefined).retryAfterMs).toBeUndefined();
    expect(new CircuitOpenError('u', Date.now() + 60_000).retryAfterMs).toBeGreaterThan(50_000);
  });

  test('ConfigError lists every issue', () => {
    const error = new ConfigError([
      { path: 'a', message: 'must be a number' },
      { path: 'b', message: 'must be a URL' },
    ]);
    expect(error.message).toContain('a: must be a number');
    expect(error.message).toContain('b: must be a URL');
    expect(error.toJSON().issues).toHaveLength(2);
  });

  test('code and retryable are fields of the class, the same on every instance, typed by ErrorCode', () => {
    const code: 'MCPGW_TIMEOUT' = new TimeoutError('attempt', 1).code;
    const known: ErrorCode = new NotFoundError().code;
    expect([code, known]).toEqual(['MCPGW_TIMEOUT', 'MCPGW_NOT_FOUND']);
    expect(new AbortError().retryable).toBe(false);
    expect(new ConnectError('refused', 'ECONNREFUSED').retryable).toBe(true);
    expect(Object.keys(new AbortError())).toEqual(expect.arrayContaining(['code', 'retryable']));
  });

  test("an HttpError's retryable is the one status table, for every class of the status", () => {
    for (let status = 400; status < 600; status++) {
      expect(httpErrorForStatus(status).retryable).toBe(isRetryableStatus(status));
    }
    expect([408, 429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 409, 501, 505].some(isRetryableStatus)).toBe(false);
  });

  test('messages say the status and what to try, as before', () => {
    expect(new UnauthorizedError().message).toBe('gateway answered 401; check the API key and the user token');
    expect(new ServerError(502, { serverMessage: 'upstream down' }).message).toBe(
      'gateway answered 502: upstream down; the gateway or its upstream is failing',
    );
    expect(new HttpError(409).message).toBe('gateway answered 409');
  });

  test('the context is given once: withContext passes a copy on and leaves the thrown error as it was', () => {
    const cause = new Error('root');
    const thrown = new RateLimitedError({ retryAfterMs: 1000, cause, body: { detail: 'slow' } });
    expect(thrown.withContext({})).toBe(thrown);
    expect(thrown.withContext({ attempts: 0 })).toBe(thrown);
    const known = thrown.withContext({ operation: 'listServers', requestId: 'r1', attempts: 3 });
    expect(known).not.toBe(thrown);
    expect(known).toBeInstanceOf(RateLimitedError);
    expect(known).toMatchObject({
      name: 'RateLimitedError',
      code: 'MCPGW_RATE_LIMITED',
      status: 429,
      retryAfterMs: 1000,
      operation: 'listServers',
      requestId: 'r1',
      attempts: 3,
      message: thrown.message,
      stack: thrown.stack,
    });
    expect(known.cause).toBe(cause);
    expect(known.body).toEqual({ detail: 'slow' });
    expect(Object.keys(known)).not.toContain('body');
    expect(thrown).toMatchObject({ operation: undefined, requestId: undefined, attempts: 0 });
  });

  test('a subclass written for the old positional constructor still works for one release', () => {
    class LegacyError extends GatewayError {
      override name = 'LegacyError';
      constructor() {
        super('legacy', 'MCPGW_LEGACY', true, { operation: 'listTools', mayHaveReachedServer: false });
      }
    }
    expect(new LegacyError()).toMatchObject({
      code: 'MCPGW_LEGACY',
      retryable: true,
      operation: 'listTools',
      mayHaveReachedServer: false,
    });
    expect(new LegacyError().toJSON()).toMatchObject({ name: 'LegacyError', code: 'MCPGW_LEGACY', retryable: true });
  });
});
