import { describe, expect, test } from 'vitest';
import { secureEndpoint } from '../src/endpoint-url.js';
import {
  authorizationServerUrls,
  coversEndpoint,
  InsecureEndpointError,
  parseBearerChallenge,
  protectedResourceUrls,
  selectScope,
} from '../src/index.js';

describe('parseBearerChallenge', () => {
  test('reads error, scope and resource_metadata, quoted or not, among other schemes', () => {
    expect(
      parseBearerChallenge(
        'Basic realm="x", Bearer error="insufficient_scope", scope="a b", resource_metadata="https://r/.well-known/x"',
      ),
    ).toEqual({ error: 'insufficient_scope', scope: 'a b', resourceMetadata: 'https://r/.well-known/x' });
    expect(parseBearerChallenge('Bearer error=invalid_token')).toEqual({
      error: 'invalid_token',
      scope: undefined,
      resourceMetadata: undefined,
    });
    expect(parseBearerChallenge('Bearer scope="say \\"hi\\""')?.scope).toBe('say "hi"');
  });

  test('no Bearer challenge, an oversized header or nothing at all is undefined', () => {
    expect(parseBearerChallenge('Basic realm="x"')).toBeUndefined();
    expect(parseBearerChallenge(undefined)).toBeUndefined();
    expect(parseBearerChallenge(`Bearer scope="${'a'.repeat(10_000)}"`)).toBeUndefined();
  });
});

describe('well-known URLs', () => {
  test('protected resource: the challenge URL, the path-aware URL, then the root', () => {
    expect(protectedResourceUrls(new URL('https://s.example/v1/mcp'), 'https://s.example/custom.json')).toEqual([
      'https://s.example/custom.json',
      'https://s.example/.well-known/oauth-protected-resource/v1/mcp',
      'https://s.example/.well-known/oauth-protected-resource',
    ]);
  });

  test('authorization server: path insertion first, never the root for an issuer with a path', () => {
    expect(authorizationServerUrls(new URL('https://as.example/tenant1'))).toEqual([
      'https://as.example/.well-known/oauth-authorization-server/tenant1',
      'https://as.example/.well-known/openid-configuration/tenant1',
      'https://as.example/tenant1/.well-known/openid-configuration',
    ]);
    expect(authorizationServerUrls(new URL('https://as.example'))).toEqual([
      'https://as.example/.well-known/oauth-authorization-server',
      'https://as.example/.well-known/openid-configuration',
    ]);
  });

  test('a resource covers its own URL and paths below it on the same origin only', () => {
    const endpoint = new URL('https://s.example/mcp');
    expect(coversEndpoint('https://s.example/mcp', endpoint)).toBe(true);
    expect(coversEndpoint('https://s.example', endpoint)).toBe(true);
    expect(coversEndpoint('https://s.example/mc', endpoint)).toBe(false);
    expect(coversEndpoint('https://evil.example/mcp', endpoint)).toBe(false);
    expect(coversEndpoint('http://s.example/mcp', endpoint)).toBe(false);
  });

  test('https only, http on loopback, no credentials in the URL', () => {
    expect(secureEndpoint('http://127.0.0.1:8080/token', 'x').href).toBe('http://127.0.0.1:8080/token');
    expect(secureEndpoint('http://localhost/token', 'x').origin).toBe('http://localhost');
    expect(() => secureEndpoint('http://as.example/token', 'x')).toThrow(InsecureEndpointError);
    expect(() => secureEndpoint('https://u:p@as.example/token', 'x')).toThrow(InsecureEndpointError);
    expect(() => secureEndpoint('not a url', 'x')).toThrow(InsecureEndpointError);
  });
});

describe('selectScope', () => {
  const none = { resourceScopes: undefined, previous: undefined, serverScopes: undefined, wantsRefresh: false };
  test('the challenge, else scopes_supported, else none; a step-up keeps what was asked before', () => {
    expect(selectScope({ ...none, challenged: 'a', resourceScopes: ['b'] })).toBe('a');
    expect(selectScope({ ...none, challenged: undefined, resourceScopes: ['b', 'c'] })).toBe('b c');
    expect(selectScope({ ...none, challenged: undefined })).toBeUndefined();
    expect(selectScope({ ...none, challenged: 'w', previous: 'r' })).toBe('r w');
  });

  test('offline_access only when the server lists it and a refresh token is wanted', () => {
    const input = { ...none, challenged: 'a', serverScopes: ['a', 'offline_access'] };
    expect(selectScope({ ...input, wantsRefresh: true })).toBe('a offline_access');
    expect(selectScope({ ...input, wantsRefresh: false })).toBe('a');
  });
});
