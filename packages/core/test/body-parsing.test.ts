import { describe, expect, test } from 'vitest';
import { parseJsonSafely, retryAfterMs } from '../src/kit.js';
import { errorMessageFrom } from '../src/transport/error-message.js';

describe('parseJsonSafely', () => {
  test('drops __proto__ keys, also when written with escapes, at any depth', () => {
    const value = parseJsonSafely('{"a":{"__proto__":{"polluted":true}},"\\u005f_proto__":{"x":1}}') as Record<
      string,
      Record<string, unknown>
    >;
    expect(Object.hasOwn(value.a!, '__proto__')).toBe(false);
    expect(Object.hasOwn(value, '__proto__')).toBe(false);
    const copy = Object.assign({}, value.a);
    expect((copy as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('drops constructor.prototype but keeps a plain constructor field', () => {
    const value = parseJsonSafely('[{"constructor":{"prototype":{"x":1}}},{"constructor":"ok"}]') as Array<
      Record<string, unknown>
    >;
    expect(Object.hasOwn(value[0]!, 'constructor')).toBe(false);
    expect(value[1]!.constructor).toBe('ok');
  });

  test('parses ordinary JSON unchanged and throws on bad JSON', () => {
    expect(parseJsonSafely('{"servers":[1,2],"total":2}')).toEqual({ servers: [1, 2], total: 2 });
    expect(parseJsonSafely('"x"')).toBe('x');
    expect(() => parseJsonSafely('{"a":')).toThrow(SyntaxError);
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  test('reads seconds and HTTP dates', () => {
    expect(retryAfterMs({ 'retry-after': '3' }, now)).toBe(3000);
    expect(retryAfterMs({ 'retry-after': 'Thu, 01 Jan 2026 00:00:10 GMT' }, now)).toBe(10_000);
    expect(retryAfterMs({ 'retry-after': 'Wed, 31 Dec 2025 00:00:10 GMT' }, now)).toBe(0);
    expect(retryAfterMs({ 'retry-after': ['2', '5'] }, now)).toBe(2000);
    expect(retryAfterMs({ 'retry-after': 'soon' }, now)).toBeUndefined();
  });

  test('falls back to X-RateLimit-Reset as a delay or an epoch time', () => {
    expect(retryAfterMs({ 'x-ratelimit-reset': '7' }, now)).toBe(7000);
    expect(retryAfterMs({ 'x-ratelimit-reset': String(now / 1000 + 20) }, now)).toBe(20_000);
    expect(retryAfterMs({}, now)).toBeUndefined();
  });
});

describe('errorMessageFrom', () => {
  test.each([
    ['{"error":{"code":"x","message":"server down"}}', 'server down'],
    ['{"detail":"bad offset"}', 'bad offset'],
    ['{"detail":[{"msg":"a"},{"msg":"b"}]}', 'a; b'],
    ['{"error":"rate limited","retry_after":3}', 'rate limited'],
    ['{"message":"nope"}', 'nope'],
    ['not json', undefined],
    ['', undefined],
    ['[1]', undefined],
    ['{"other":1}', undefined],
  ])('%s → %s', (body, message) => {
    expect(errorMessageFrom(body)).toBe(message);
  });

  test('cuts long messages and removes control characters', () => {
    const message = errorMessageFrom(JSON.stringify({ detail: `a\r\nb${'x'.repeat(1000)}` }))!;
    expect(message.length).toBeLessThanOrEqual(301);
    expect(message).not.toMatch(/[\r\n]/);
  });
});
