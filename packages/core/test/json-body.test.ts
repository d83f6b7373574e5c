import { describe, expect, test } from 'vitest';
import { InvalidRequestError, JsonBody } from '../src/index.js';
import { MAX_JSON_DEPTH } from '../src/kit.js';

function nested(depth: number): unknown {
  let node: unknown = 1;
  for (let i = 0; i < depth; i++) node = [node];
  return node;
}

describe('JsonBody', () => {
  test('is the JSON.stringify text and its parse, frozen at every depth', () => {
    const source = { a: [{ b: new URL('https://x.example/') }], c: undefined, d: new Date(0) };
    const body = JsonBody.from(source);
    expect(body.json).toBe(JSON.stringify(source));
    expect(body.value).toEqual({ a: [{ b: 'https://x.example/' }], d: '1970-01-01T00:00:00.000Z' });
    const inner = (body.value as { a: Array<{ b: string }> }).a;
    expect(Object.isFrozen(body)).toBe(true);
    expect(Object.isFrozen(inner)).toBe(true);
    expect(Object.isFrozen(inner[0])).toBe(true);
    // A JsonBody passes through unchanged; a limit given is checked against it again.
    expect(JsonBody.from(body)).toBe(body);
    expect(() => JsonBody.from(body, { maxBytes: 3 })).toThrow(InvalidRequestError);
  });

  test(`nesting up to ${MAX_JSON_DEPTH} levels is accepted, one more is an InvalidRequestError`, () => {
    expect(JsonBody.from(nested(MAX_JSON_DEPTH)).json).toMatch(/^\[+1\]+$/);
    expect(() => JsonBody.from(nested(MAX_JSON_DEPTH + 1))).toThrow(InvalidRequestError);
  });

  test('values JSON cannot hold are InvalidRequestErrors naming the field', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    for (const value of [cycle, { n: 1n }, () => 1]) {
      let error: unknown;
      try {
        JsonBody.from(value, { field: 'parameters' });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect((error as InvalidRequestError).field).toBe('parameters');
    }
  });
});
