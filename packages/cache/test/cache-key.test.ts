import { buildRequest } from '@mcpgw/core';
import { describe, expect, it } from 'vitest';
import { cacheKey, cacheTags } from '../src/index.js';

const base = { origin: 'http://gw.test:8080', path: '/api/v1/servers', operation: 'listServers', cacheable: true };

describe('cacheKey', () => {
  it('does not depend on query order and skips undefined values', () => {
    const a = buildRequest({ ...base, query: { offset: 0, limit: 10, server: undefined } });
    const b = buildRequest({ ...base, query: { limit: 10, offset: 0 } });
    expect(cacheKey(a)).toBe(cacheKey(b));
    expect(cacheKey(buildRequest({ ...base, query: {} }))).toBe(cacheKey(buildRequest(base)));
  });

  it('separates operations, origins, paths and queries', () => {
    const keys = new Set([
      cacheKey(buildRequest(base)),
      cacheKey(buildRequest({ ...base, operation: 'other' })),
      cacheKey(buildRequest({ ...base, origin: 'http://gw2.test:8080' })),
      cacheKey(buildRequest({ ...base, path: '/api/v1/servers/x' })),
      cacheKey(buildRequest({ ...base, query: { offset: 10 } })),
    ]);
    expect(keys.size).toBe(5);
  });

  it('separates credential scopes and never holds a raw secret', () => {
    const apiKeyA = 'sk-very-secret-A';
    const jwt = 'Bearer eyJhbGciOiJIUzI1NiJ9.secret-payload.sig';
    const keys = [
      cacheKey(buildRequest(base)),
      cacheKey(buildRequest({ ...base, headers: { 'x-api-key': apiKeyA } })),
      cacheKey(buildRequest({ ...base, headers: { 'x-api-key': 'sk-very-secret-B' } })),
      cacheKey(buildRequest({ ...base, headers: { 'x-api-key': apiKeyA, authorization: jwt } })),
      cacheKey(buildRequest({ ...base, headers: { 'x-api-key': apiKeyA }, principal: { id: 'alice' } })),
      cacheKey(buildRequest({ ...base, headers: { 'x-api-key': apiKeyA }, principal: { id: 'bob' } })),
      cacheKey(buildRequest({ ...base, headers: { 'x-api-key': apiKeyA } }), 'tenant-1'),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) {
      expect(key).not.toContain('very-secret');
      expect(key).not.toContain('secret-payload');
    }
    // The same credentials give the same key (the fingerprint is stable).
    expect(cacheKey(buildRequest({ ...base, headers: { 'x-api-key': apiKeyA } }))).toBe(keys[1]);
  });

  it('cannot be confused by separators inside a principal id or scope', () => {
    const a = cacheKey(buildRequest({ ...base, principal: { id: 'a|s=x' } }));
    const b = cacheKey(buildRequest({ ...base, principal: { id: 'a' } }), 'x');
    expect(a).not.toBe(b);
  });
});

describe('cacheTags', () => {
  it('tags by operation, and by server when the request names one', () => {
    expect(cacheTags(buildRequest(base))).toEqual(['op:listServers']);
    const tags = cacheTags(buildRequest({ ...base, operation: 'getServer', attributes: { server: 'x' } }));
    expect(tags).toEqual(['op:getServer', 'server:x', 'server:x|op:getServer']);
  });
});
