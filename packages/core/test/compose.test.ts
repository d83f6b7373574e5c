import { describe, expect, test } from 'vitest';
import { buildRequest, compose, type GatewayResponse, type Handler, type Middleware } from '../src/index.js';

const ok: GatewayResponse = { status: 200, headers: {}, body: {}, attempts: 1, cache: undefined };

function tracer(name: string, seen: string[]): Middleware {
  return (next) => async (request) => {
    seen.push(`${name}:in`);
    const response = await next(request);
    seen.push(`${name}:out`);
    return response;
  };
}

describe('compose', () => {
  test('the first middleware is the outermost: first to see the request, last to see the response', async () => {
    const seen: string[] = [];
    const inner: Handler = async () => {
      seen.push('transport');
      return ok;
    };
    const handler = compose(tracer('a', seen), tracer('b', seen), tracer('c', seen))(inner);
    await handler(buildRequest({ origin: 'http://x', path: '/' }));
    expect(seen).toEqual(['a:in', 'b:in', 'c:in', 'transport', 'c:out', 'b:out', 'a:out']);
  });

  test('skips false, null and undefined layers', async () => {
    const seen: string[] = [];
    const handler = compose(false, tracer('a', seen), null, undefined)(async () => ok);
    await handler(buildRequest({ origin: 'http://x', path: '/' }));
    expect(seen).toEqual(['a:in', 'a:out']);
  });

  test('a layer passes a changed copy; the caller keeps its request', async () => {
    const original = buildRequest({ origin: 'http://x', path: '/' });
    let seen: unknown;
    const handler = compose((next) => (request) => next({ ...request, attempt: 7 }))(async (request) => {
      seen = request.attempt;
      return ok;
    });
    await handler(original);
    expect(seen).toBe(7);
    expect(original.attempt).toBe(1);
  });
});
