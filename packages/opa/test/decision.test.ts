import { AuthorizationUnavailableError } from '@mcpgw/core';
import { describe, expect, it } from 'vitest';
import { canonicalJson, DecisionCache, readDecision } from '../src/index.js';

describe('readDecision', () => {
  it('reads booleans and objects strictly', () => {
    expect(readDecision({ result: true }).allow).toBe(true);
    expect(readDecision({ result: false }).allow).toBe(false);
    const d = readDecision({ result: { allow: true, audit_reason: 'audited', filtered_parameters: {}, cache_ttl: 3 } });
    expect(d).toEqual({ allow: true, reason: 'audited', filteredParameters: {}, cacheTtlSeconds: 3 });
    expect(readDecision({ result: { allow: false } }).reason).toBe('denied by policy');
  });

  it.each([
    [{}, 'undefined-policy'],
    [{ result: null }, 'bad-response'],
    [{ result: [] }, 'bad-response'],
    [{ result: { allow: true, deny: 'x' } }, 'bad-response'],
    [{ result: { allow: true, filtered_parameters: [] } }, 'bad-response'],
    [{ result: { allow: true, cache_ttl: -1 } }, 'bad-response'],
    [{ result: { allow: true, cache_ttl: '5' } }, 'bad-response'],
  ])('refuses %j as %s', (answer, reason) => {
    expect(() => readDecision(answer)).toThrow(AuthorizationUnavailableError);
    try {
      readDecision(answer);
    } catch (error) {
      expect((error as AuthorizationUnavailableError).reason).toBe(reason);
    }
  });
});

describe('DecisionCache', () => {
  const allow = { allow: true, reason: 'ok', filteredParameters: undefined, cacheTtlSeconds: undefined };

  it('keys by principal and canonical input, ignoring the per-call context', () => {
    const a = DecisionCache.key('u1', { tool: { p: { b: 1, a: 2 } }, context: { request_id: 'x' } });
    const b = DecisionCache.key('u1', { tool: { p: { a: 2, b: 1 } }, context: { request_id: 'y' } });
    expect(a).toBe(b);
    expect(DecisionCache.key('u2', { tool: { p: { a: 2, b: 1 } } })).not.toBe(a);
    expect(canonicalJson({ b: [1, { d: 1, c: undefined }], a: null })).toBe('{"a":null,"b":[1,{"d":1}]}');
  });

  it('expires entries, honours the policy TTL and stays bounded', () => {
    const cache = new DecisionCache({ ttlMs: 1_000, maxEntries: 2 });
    cache.set('a', allow, 0);
    expect(cache.get('a', 999)).toBe(allow);
    expect(cache.get('a', 1_000)).toBeUndefined();
    cache.set('b', { ...allow, cacheTtlSeconds: 0.1 }, 0);
    expect(cache.get('b', 150)).toBeUndefined();
    cache.set('c', { ...allow, cacheTtlSeconds: 0 }, 0);
    expect(cache.get('c', 0)).toBeUndefined();
    cache.set('x', allow, 0);
    cache.set('y', allow, 0);
    cache.set('z', allow, 0);
    expect(cache.size).toBe(2);
    expect(cache.get('x', 0)).toBeUndefined();
  });
});
