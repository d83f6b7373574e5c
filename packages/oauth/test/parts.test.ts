import { generateKeyPairSync, verify } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ResponseTooLargeError } from '@mcpgw/core';
import { describe, expect, onTestFinished, test } from 'vitest';
import { authorizationAttempt, codeFromResponse } from '../src/authorization-code.js';
import type { AuthorizationServer } from '../src/authorization-server-metadata.js';
import { clientAssertion } from '../src/client-assertion.js';
import { authenticateClient } from '../src/client-authentication.js';
import type { ClientIdentity } from '../src/client-identity.js';
import { DiscoveryCache } from '../src/discovery-cache.js';
import {
  AuthDiscoveryError,
  AuthorizationResponseError,
  authErrorCodes,
  discoverAuthorizationServer,
  discoverProtectedResource,
  followAuthorization,
  InsecureEndpointError,
  IssuerMismatchError,
  memoryTokenStore,
  TokenRequestError,
} from '../src/index.js';
import { requestToken } from '../src/token-endpoint.js';

const bounds = { maxResponseBytes: 65_536, timeoutMs: 5_000, dispatcher: undefined };

const server: AuthorizationServer = {
  issuer: 'https://as.example',
  authorizationEndpoint: 'https://as.example/authorize?tenant=t1',
  tokenEndpoint: 'https://as.example/token',
  registrationEndpoint: undefined,
  scopesSupported: undefined,
  grantTypesSupported: undefined,
  tokenEndpointAuthMethods: undefined,
  codeChallengeMethods: ['S256'],
  issParameterSupported: false,
  clientIdMetadataDocumentSupported: false,
};
const client: ClientIdentity = {
  issuer: server.issuer,
  clientId: 'c1',
  clientSecret: 's3cr3t:with/colon',
  authMethod: 'client_secret_basic',
  privateKey: undefined,
  signingAlgorithm: undefined,
  source: 'pre-registered',
};

type Route = { status?: number; body?: unknown; headers?: Record<string, string> };

/** A loopback server answering each path with the given status, headers and JSON (routes may read its base URL). */
async function documents(routes: Record<string, Route> | ((base: string) => Record<string, Route>)) {
  let base = '';
  const http = createServer((req, res) => {
    const table = typeof routes === 'function' ? routes(base) : routes;
    const route = table[new URL(req.url ?? '/', 'http://x').pathname];
    res.writeHead(route?.status ?? (route === undefined ? 404 : 200), {
      'content-type': 'application/json',
      ...route?.headers,
    });
    res.end(route?.body === undefined ? '' : JSON.stringify(route.body));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => http.close(() => resolve())));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return base;
}

describe('client authentication', () => {
  test('client_secret_basic form-encodes id and secret (RFC 6749 §2.3.1)', () => {
    const headers: Record<string, string> = {};
    const form = new URLSearchParams();
    authenticateClient(client, form, headers);
    const decoded = Buffer.from((headers.authorization ?? '').slice(6), 'base64').toString();
    expect(decoded).toBe('c1:s3cr3t%3Awith%2Fcolon');
    expect(form.has('client_secret')).toBe(false);
  });

  test('client_secret_post and none put the client in the body', () => {
    const post = new URLSearchParams();
    authenticateClient({ ...client, authMethod: 'client_secret_post' }, post, {});
    expect(Object.fromEntries(post)).toEqual({ client_id: 'c1', client_secret: 's3cr3t:with/colon' });
    const none = new URLSearchParams();
    authenticateClient({ ...client, authMethod: 'none', clientSecret: undefined }, none, {});
    expect(Object.fromEntries(none)).toEqual({ client_id: 'c1' });
  });

  test('private_key_jwt signs an assertion the public key verifies, for the issuer, living a minute', () => {
    for (const [type, algorithm, options] of [
      ['ec', 'ES256', { namedCurve: 'P-256' }],
      ['rsa', 'RS256', { modulusLength: 2048 }],
    ] as const) {
      const { privateKey, publicKey } = generateKeyPairSync(type as 'ec', options as { namedCurve: string });
      const form = new URLSearchParams();
      authenticateClient(
        { ...client, authMethod: 'private_key_jwt', privateKey, signingAlgorithm: algorithm },
        form,
        {},
      );
      expect(form.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      const [header, payload, signature] = (form.get('client_assertion') ?? '').split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      expect(claims).toMatchObject({ iss: 'c1', sub: 'c1', aud: 'https://as.example' });
      expect((claims.exp as number) - (claims.iat as number)).toBe(60);
      const ok = verify(
        'sha256',
        Buffer.from(`${header}.${payload}`),
        { key: publicKey, ...(type === 'ec' ? { dsaEncoding: 'ieee-p1363' as const } : {}) },
        Buffer.from(signature, 'base64url'),
      );
      expect(ok).toBe(true);
    }
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(
      clientAssertion({ clientId: 'c', audience: 'a', privateKey: pem, algorithm: 'EdDSA' }).split('.'),
    ).toHaveLength(3);
  });
});

describe('the authorization response', () => {
  const redirectUri = 'http://127.0.0.1:9/cb';
  const attempt = authorizationAttempt(server, client, { resource: 'https://r/mcp', scope: 'a b', redirectUri }, {});
  const back = (params: Record<string, string>) => `${redirectUri}?${new URLSearchParams(params)}`;

  test('the request keeps the endpoint query and carries PKCE, state, resource and scope', () => {
    const url = new URL(attempt.url);
    expect(url.searchParams.get('tenant')).toBe('t1');
    expect(url.searchParams.get('code_challenge')).toBe(attempt.pkce.challenge);
    expect(url.searchParams.get('state')).toBe(attempt.state);
    expect(url.searchParams.get('scope')).toBe('a b');
    expect(attempt.pkce.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  test('a code comes back only to our redirect URI, with our state', () => {
    expect(codeFromResponse(back({ code: 'c', state: attempt.state }), attempt, server, redirectUri, {})).toBe('c');
    const refused = [
      back({ code: 'c', state: 'other' }),
      `http://127.0.0.1:9/elsewhere?code=c&state=${attempt.state}`,
      back({ error: 'access_denied', state: attempt.state }),
      back({ state: attempt.state }),
      'not a url',
    ];
    for (const callback of refused) {
      expect(() => codeFromResponse(callback, attempt, server, redirectUri, {})).toThrow(AuthorizationResponseError);
    }
    expect(() =>
      codeFromResponse(
        back({ code: 'c', state: attempt.state, iss: 'https://as.example/' }),
        attempt,
        server,
        redirectUri,
        {},
      ),
    ).toThrow(IssuerMismatchError);
  });

  test('no PKCE S256 or no authorization endpoint: refused before anything is sent', () => {
    expect(() =>
      authorizationAttempt(
        { ...server, codeChallengeMethods: undefined },
        client,
        { resource: 'r', scope: undefined, redirectUri },
        {},
      ),
    ).toThrow(/PKCE S256/);
    expect(() =>
      authorizationAttempt(
        { ...server, authorizationEndpoint: undefined },
        client,
        { resource: 'r', scope: undefined, redirectUri },
        {},
      ),
    ).toThrow(AuthDiscoveryError);
  });

  test('followAuthorization reads the redirect, follows same-origin hops only', async () => {
    const base = await documents({
      '/authorize': { status: 302, headers: { location: '/step' } },
      '/step': { status: 302, headers: { location: 'http://127.0.0.1:9/cb?code=x&state=s' } },
      '/away': { status: 302, headers: { location: 'http://localhost:1/elsewhere' } },
      '/page': { status: 200, body: { login: true } },
    });
    const follow = followAuthorization('http://127.0.0.1:9/cb', bounds);
    expect(await follow(`${base}/authorize`, {})).toBe('http://127.0.0.1:9/cb?code=x&state=s');
    await expect(follow(`${base}/away`, {})).rejects.toThrow(/another origin/);
    await expect(follow(`${base}/page`, {})).rejects.toThrow(/without a redirect/);
  });
});

describe('discovery against real documents', () => {
  test('resource metadata without authorization servers is AuthDiscoveryError', async () => {
    const base = await documents({ '/.well-known/oauth-protected-resource/mcp': { body: { resource: 'x' } } });
    await expect(discoverProtectedResource(new URL(`${base}/mcp`), undefined, bounds, {})).rejects.toBeInstanceOf(
      AuthDiscoveryError,
    );
  });

  test('no resource metadata anywhere: the origin is the authorization server, with default endpoints (2025-03-26)', async () => {
    const base = await documents({});
    const resource = await discoverProtectedResource(new URL(`${base}/mcp`), undefined, bounds, {});
    expect(resource).toMatchObject({ authorizationServers: [base], legacy: true, resource: `${base}/mcp` });
    const legacy = await discoverAuthorizationServer(base, true, bounds, {});
    expect(legacy.tokenEndpoint).toBe(`${base}/token`);
    await expect(discoverAuthorizationServer(base, false, bounds, {})).rejects.toBeInstanceOf(AuthDiscoveryError);
  });

  test('metadata without a token endpoint, or with one over plain http off loopback, is refused', async () => {
    const empty = await documents({ '/.well-known/oauth-authorization-server': { body: {} } });
    // The issuer check comes first: an empty document has none.
    await expect(discoverAuthorizationServer(empty, false, bounds, {})).rejects.toBeInstanceOf(IssuerMismatchError);
    const noToken = await documents((base) => ({ '/.well-known/openid-configuration': { body: { issuer: base } } }));
    await expect(discoverAuthorizationServer(noToken, false, bounds, {})).rejects.toThrow(/no token_endpoint/);
    const plain = await documents((base) => ({
      '/.well-known/oauth-authorization-server': {
        body: { issuer: base, token_endpoint: 'http://as.example/token' },
      },
    }));
    await expect(discoverAuthorizationServer(plain, false, bounds, {})).rejects.toBeInstanceOf(InsecureEndpointError);
  });
});

describe('hostile answers', () => {
  test('an oversized metadata document is ResponseTooLargeError; a token with CR/LF or of another type is refused', async () => {
    const big = await documents({
      '/.well-known/oauth-protected-resource/mcp': { body: { pad: 'x'.repeat(100_000) } },
    });
    await expect(
      discoverProtectedResource(new URL(`${big}/mcp`), undefined, { ...bounds, maxResponseBytes: 4_096 }, {}),
    ).rejects.toBeInstanceOf(ResponseTooLargeError);
    for (const answer of [
      { access_token: 'a\r\nx-injected: 1', token_type: 'Bearer' },
      { access_token: 'dpop-bound', token_type: 'DPoP' },
      { access_token: 42 },
      [],
    ]) {
      const base = await documents({ '/token': { body: answer } });
      const target = { resource: 'https://r/mcp', scope: undefined };
      const as = { ...server, issuer: base, tokenEndpoint: `${base}/token` };
      await expect(
        requestToken(as, { ...client, issuer: base }, { type: 'client_credentials' }, target, bounds, {}),
      ).rejects.toBeInstanceOf(TokenRequestError);
    }
  });
});

describe('small parts', () => {
  test('DiscoveryCache: entries expire after the TTL and the oldest goes first past maxEntries', () => {
    const cache = new DiscoveryCache<number>(1_000, 2);
    cache.set('a', 1, 0);
    cache.set('b', 2, 0);
    cache.set('c', 3, 0);
    expect(cache.get('a', 10)).toBeUndefined();
    expect(cache.get('b', 10)).toBe(2);
    expect(cache.get('b', 1_000)).toBeUndefined();
    cache.delete('c');
    expect(cache.get('c', 10)).toBeUndefined();
  });

  test('memoryTokenStore keeps at most maxEntries', () => {
    const store = memoryTokenStore(1);
    const token = {
      accessToken: 't',
      expiresAt: undefined,
      refreshToken: undefined,
      scope: undefined,
      issuer: 'i',
      resource: 'r',
    };
    store.set('a', token);
    store.set('b', token);
    expect(store.get('a')).toBeUndefined();
    expect(store.get('b')).toBe(token);
    store.delete('b');
    expect(store.get('b')).toBeUndefined();
  });

  test('every error has its code, says what to do, and its JSON names its context', () => {
    expect(authErrorCodes).toHaveLength(8);
    const errors = [
      new AuthDiscoveryError('protected-resource', 'gone'),
      new AuthorizationResponseError('wrong state'),
      new IssuerMismatchError('metadata', 'https://a', 'https://b'),
    ];
    for (const error of errors) {
      expect(authErrorCodes).toContain(error.code);
      expect(error.toJSON()).toMatchObject({ code: error.code, retryable: false });
    }
    const mismatch = new IssuerMismatchError('metadata', 'https://a', 'https://b').withContext({ requestId: 'r1' });
    expect(mismatch.toJSON()).toMatchObject({
      requestId: 'r1',
      where: 'metadata',
      expected: 'https://a',
      received: 'https://b',
    });
    expect(mismatch.received).toBe('https://b');
  });
});
