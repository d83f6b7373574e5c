import { cacheKey } from '@mcpgw/cache';
import { buildRequest, type GatewayRequest } from '@mcpgw/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { FUZZ_SEED, fuzzRuns } from '../src/fuzz-settings.js';

// Small alphabets with separators, so that two different requests often differ only by where a `|`, `&`, `=`,
// `?` or `:` falls: the collisions a naive key would have.
const piece = fc.constantFrom('a', 'b', '|', '&', '=', '?', ':', 'p:', 't:', '%', ' ', 'k=', 'u=');
const text = fc.array(piece, { maxLength: 4 }).map((p) => p.join(''));

const scope = fc.record({
  operation: fc.constantFrom('listServers', 'getServer', 'listTools'),
  origin: fc.constantFrom('http://a.test', 'http://a.test:81', 'http://b.test'),
  path: fc.constantFrom('/api/v1/servers', '/api/v1/servers/a', '/api/v1/servers/a%7C', '/api/v1/tools'),
  query: fc.option(fc.dictionary(text, fc.oneof(text, fc.nat(3)), { maxKeys: 3 }), { nil: undefined }),
  apiKey: fc.option(text, { nil: undefined }),
  user: fc.option(
    fc.oneof(
      text.map((id) => ({ principal: id })),
      text.map((t) => ({ token: `Bearer ${t}` })),
    ),
    {
      nil: undefined,
    },
  ),
});
type Scope = typeof scope extends fc.Arbitrary<infer T> ? T : never;

function requestOf(s: Scope): GatewayRequest {
  const headers: Record<string, string> = {};
  if (s.apiKey !== undefined) headers['x-api-key'] = s.apiKey;
  if (s.user !== undefined && 'token' in s.user) headers.authorization = s.user.token;
  return buildRequest({
    operation: s.operation,
    origin: s.origin,
    path: s.path,
    query: s.query,
    headers,
    principal: s.user !== undefined && 'principal' in s.user ? { id: s.user.principal } : undefined,
  });
}

/** What must tell two cached answers apart: everything of the request that the answer depends on, and who asks. */
function identity(s: Scope): string {
  const query = Object.entries(s.query ?? {})
    .map(([k, v]) => [k, String(v)])
    .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0));
  return JSON.stringify([s.operation, s.origin, s.path, query, s.apiKey ?? null, s.user ?? null]);
}

describe('cacheKey', () => {
  test('two requests share a key exactly when operation, URL, query, API key and user are the same (30 000 cases)', () => {
    fc.assert(
      fc.property(scope, scope, (a, b) => {
        const same = identity(a) === identity(b);
        expect(cacheKey(requestOf(a)) === cacheKey(requestOf(b))).toBe(same);
      }),
      { numRuns: fuzzRuns(30_000), seed: FUZZ_SEED },
    );
  });

  test('no key holds an API key or a user token in clear (5 000 cases)', () => {
    const secret = fc
      .string({ minLength: 12, maxLength: 24, unit: 'grapheme-ascii' })
      .filter((s) => /^[\w-]+$/.test(s));
    fc.assert(
      fc.property(secret, secret, (apiKey, token) => {
        const key = cacheKey(
          buildRequest({
            operation: 'listServers',
            origin: 'http://a.test',
            path: '/api/v1/servers',
            headers: { 'x-api-key': apiKey, authorization: `Bearer ${token}` },
          }),
        );
        expect(key).not.toContain(apiKey);
        expect(key).not.toContain(token);
      }),
      { numRuns: fuzzRuns(5_000), seed: FUZZ_SEED },
    );
  });
});
