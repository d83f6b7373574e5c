import {
  AbortError,
  buildRequest,
  ConfigError,
  compose,
  createTransport,
  ResponseTooLargeError,
  TimeoutError,
  type Transport,
  UnauthorizedError,
} from '@mcpgw/core';
import { afterEach, describe, expect, test } from 'vitest';
import {
  authChannel,
  ClientRegistrationError,
  InsufficientScopeError,
  IssuerMismatchError,
  memoryTokenStore,
  type OAuthOptions,
  oauth,
  ResourceMismatchError,
  TokenRequestError,
  tokenKey,
} from '../src/index.js';
import {
  startTestAuthServer,
  type TestAuthServer,
  type TestAuthServerOptions,
} from './support/authorization-server.js';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

async function setup(server: TestAuthServerOptions, layer: (as: TestAuthServer) => OAuthOptions) {
  const as = await startTestAuthServer(server);
  const transport: Transport = createTransport();
  open.push(as, transport);
  const auth = oauth(layer(as));
  const handler = compose(auth)(transport);
  const call = (body: unknown = { method: 'tools/list' }) =>
    handler(buildRequest({ origin: as.url, path: '/mcp', method: 'POST', body, operation: 'listTools' }));
  return { as, auth, call };
}

const service = (as: TestAuthServer): OAuthOptions => ({
  client: { clientId: 'svc', clientSecret: 'svc-secret-value', issuer: as.url },
});
const user = (): OAuthOptions => ({ authorization: { redirectUri: 'http://127.0.0.1:9/callback' } });

describe('the challenge of a refusal', () => {
  test('a 401 without its header on the error (another handler made it) is sent once more to read the challenge', async () => {
    const as = await startTestAuthServer({ clients: { svc: 'svc-secret-value' } });
    const transport: Transport = createTransport();
    open.push(as, transport);
    // A handler of the user's own that drops what the transport kept: the error it throws knows only the status.
    const forgetful = async (request: Parameters<Transport>[0]) => {
      try {
        return await transport(request);
      } catch (error) {
        if (error instanceof UnauthorizedError) throw new UnauthorizedError({ operation: request.operation });
        throw error;
      }
    };
    const handler = compose(oauth(service(as)))(forgetful);
    const answer = await handler(
      buildRequest({
        origin: as.url,
        path: '/mcp',
        method: 'POST',
        body: { method: 'tools/list' },
        operation: 'listTools',
      }),
    );
    expect(answer.status).toBe(200);
    expect(as.mcpRequests.map((r) => r.status)).toEqual([401, 401, 200]);
    expect(as.tokenRequests).toHaveLength(1);
  });
});

describe('client credentials', () => {
  test('a 401 leads to discovery and one token request with resource=, then the request once more with the token', async () => {
    const { as, call, auth } = await setup({ clients: { svc: 'svc-secret-value' } }, service);
    const first = await call();
    expect(first.status).toBe(200);
    expect(as.tokenRequests).toEqual([
      { grantType: 'client_credentials', resource: `${as.url}/mcp`, scope: undefined, basic: true, clientId: 'svc' },
    ]);
    await call();
    // The second call carries the stored token: no new token request, no 401. The first 401's challenge came with
    // its error: the refused request was not sent again to read it.
    expect(as.tokenRequests).toHaveLength(1);
    expect(as.mcpRequests.map((r) => r.status)).toEqual([401, 200, 200]);
    expect(auth.stats()).toMatchObject({ acquired: 1, failures: 0 });
  });

  test("a call that brings its own bearer token is passed through as it is, never given the layer's", async () => {
    const { as, auth } = await setup({ clients: { svc: 'svc-secret-value' } }, service);
    const transport = createTransport();
    open.push(transport);
    const request = buildRequest({
      origin: as.url,
      path: '/mcp',
      method: 'POST',
      body: { method: 'tools/list' },
      headers: { authorization: 'Bearer users-own-token' },
    });
    await expect(compose(auth)(transport)(request)).rejects.toMatchObject({ status: 401 });
    expect(as.tokenRequests).toHaveLength(0);
    expect(as.mcpRequests).toEqual([{ authorization: 'Bearer users-own-token', status: 401 }]);
  });

  test('mcpgw:auth reports each token got and each failure, with no token or secret in it', async () => {
    const events: unknown[] = [];
    const listener = (message: unknown) => events.push(message);
    authChannel.subscribe(listener);
    try {
      const { as, call } = await setup({ clients: { svc: 'svc-secret-value' } }, service);
      await call();
      expect(events).toEqual([
        expect.objectContaining({ kind: 'token', grant: 'client_credentials', issuer: as.url, outcome: 'ok' }),
      ]);
      const text = JSON.stringify(events);
      for (const secret of [...as.issued, 'svc-secret-value']) expect(text).not.toContain(secret);
      const bad = await setup({ clients: { svc: 'other' } }, service);
      await bad.call().catch(() => undefined);
      expect(events.at(-1)).toMatchObject({ kind: 'token', outcome: 'MCPGW_AUTH_TOKEN' });
    } finally {
      authChannel.unsubscribe(listener);
    }
  });

  test('concurrent first calls share one token request (single flight)', async () => {
    const { as, call } = await setup({ clients: { svc: 'svc-secret-value' }, tokenDelayMs: 50 }, service);
    const answers = await Promise.all(Array.from({ length: 8 }, () => call()));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(as.tokenRequests).toHaveLength(1);
  });

  test('client_secret_post when the server lists only that', async () => {
    const { as, call } = await setup(
      { clients: { svc: 'svc-secret-value' }, authMethods: ['client_secret_post'] },
      service,
    );
    await call();
    expect(as.tokenRequests[0]).toMatchObject({ basic: false, clientId: 'svc' });
  });

  test('a refused token is dropped and a new one got, the request sent once more only', async () => {
    const { as, call } = await setup({ clients: { svc: 'svc-secret-value' }, refreshTokens: false }, service);
    await call();
    as.revokeAll();
    expect((await call()).status).toBe(200);
    expect(as.tokenRequests).toHaveLength(2);
  });

  test('an expired token is replaced before the request, not after a 401', async () => {
    // expires_in 1 s is inside the 30 s refresh skew: the stored token counts as expired at once.
    const { as, call } = await setup(
      { clients: { svc: 'svc-secret-value' }, expiresIn: 1, refreshTokens: false },
      service,
    );
    await call();
    await call();
    expect(as.tokenRequests).toHaveLength(2);
    expect(as.mcpRequests.map((r) => r.status)).toEqual([401, 200, 200]);
  });

  test('an unknown client is a TokenRequestError naming invalid_client, without the secret', async () => {
    const { call } = await setup({ clients: { svc: 'another-secret' } }, service);
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenRequestError);
    expect((error as TokenRequestError).oauthError).toBe('invalid_client');
    expect(JSON.stringify((error as TokenRequestError).toJSON())).not.toContain('svc-secret-value');
  });

  test('an oversized token answer is ResponseTooLargeError', async () => {
    const { call } = await setup({ clients: { svc: 'svc-secret-value' }, tokenPaddingBytes: 300_000 }, service);
    await expect(call()).rejects.toBeInstanceOf(ResponseTooLargeError);
  });
});

describe('authorization code with PKCE', () => {
  test('registers dynamically, authorizes with S256, resource and state, and exchanges the code', async () => {
    const { as, call } = await setup({ requiredScope: ['mcp:read'] }, user);
    expect((await call()).status).toBe(200);
    expect(as.registrations[0]).toMatchObject({
      application_type: 'native',
      redirect_uris: ['http://127.0.0.1:9/callback'],
      grant_types: ['authorization_code', 'refresh_token'],
    });
    const q = as.authorizationRequests[0] as URLSearchParams;
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('resource')).toBe(`${as.url}/mcp`);
    expect(q.get('scope')).toBe('mcp:read');
    expect(as.tokenRequests[0]).toMatchObject({ grantType: 'authorization_code', resource: `${as.url}/mcp` });
  });

  test('scope: scopes_supported when the challenge has none, none when neither has one', async () => {
    const a = await setup({ scopesSupported: ['a', 'b'], scopeInChallenge: false }, user);
    await a.call();
    expect(a.as.authorizationRequests[0]?.get('scope')).toBe('a b');
    const b = await setup({}, user);
    await b.call();
    expect(b.as.authorizationRequests[0]?.has('scope')).toBe(false);
  });

  test('a 403 insufficient_scope steps up once with the scopes asked before and the new one', async () => {
    const { as, call, auth } = await setup({ requiredScope: ['mcp:read'], writeScope: 'mcp:write' }, user);
    await call();
    expect((await call({ tool: 'write' })).status).toBe(200);
    expect(as.authorizationRequests.map((q) => q.get('scope'))).toEqual(['mcp:read', 'mcp:read mcp:write']);
    expect(auth.stats().stepUps).toBe(1);
  });

  test('a server that never grants the scope ends in InsufficientScopeError after one step-up', async () => {
    // The challenge never names the write scope, so no token can hold it.
    const { as, call } = await setup(
      { requiredScope: ['mcp:read'], writeScope: 'mcp:write', scopeInChallenge: false, scopesSupported: ['mcp:read'] },
      user,
    );
    await call();
    await expect(call({ tool: 'write' })).rejects.toBeInstanceOf(InsufficientScopeError);
    expect(as.authorizationRequests).toHaveLength(2);
  });

  test('refresh with rotation: each refresh uses the refresh token the last one returned', async () => {
    const { as, call, auth } = await setup({ expiresIn: 1 }, user);
    await call();
    await call();
    await call();
    expect(as.tokenRequests.map((t) => t.grantType)).toEqual(['authorization_code', 'refresh_token', 'refresh_token']);
    expect(as.tokenRequests.every((t) => t.resource === `${as.url}/mcp`)).toBe(true);
    expect(auth.stats().refreshed).toBe(2);
  });

  test('concurrent callers with an expired token share one refresh', async () => {
    const { as, call } = await setup({ expiresIn: 1, tokenDelayMs: 30 }, user);
    await call();
    await Promise.all(Array.from({ length: 6 }, () => call()));
    expect(as.tokenRequests.filter((t) => t.grantType === 'refresh_token')).toHaveLength(1);
  });

  test('tokens go to the store under their issuer and resource', async () => {
    const store = memoryTokenStore();
    const { as, call } = await setup({}, () => ({ ...user(), store }));
    await call();
    const token = await store.get(tokenKey(as.url, `${as.url}/mcp`));
    expect(token?.issuer).toBe(as.url);
    expect(as.issued).toContain(token?.accessToken);
  });
});

describe('refusals before a code or a token is sent', () => {
  test('metadata whose issuer differs is refused: no registration, no authorization', async () => {
    const { as, call } = await setup({ metadataIssuer: 'https://attacker.example.com' }, user);
    await expect(call()).rejects.toBeInstanceOf(IssuerMismatchError);
    expect(as.registrations).toHaveLength(0);
    expect(as.authorizationRequests).toHaveLength(0);
  });

  test('a wrong iss in the authorization response is refused before the token request', async () => {
    const { as, call } = await setup({ issInRedirect: 'wrong' }, user);
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IssuerMismatchError);
    expect((error as IssuerMismatchError).where).toBe('authorization-response');
    expect(as.tokenRequests).toHaveLength(0);
  });

  test('a missing iss from a server that promises one is refused', async () => {
    const { as, call } = await setup({ issInRedirect: 'omit' }, user);
    await expect(call()).rejects.toBeInstanceOf(IssuerMismatchError);
    expect(as.tokenRequests).toHaveLength(0);
  });

  test('resource metadata for another resource is refused before authorization', async () => {
    const { as, call } = await setup({ prmResource: 'https://evil.example.com/mcp' }, user);
    await expect(call()).rejects.toBeInstanceOf(ResourceMismatchError);
    expect(as.authorizationRequests).toHaveLength(0);
  });

  test('no registration route and no pre-registered client is ClientRegistrationError', async () => {
    const { call } = await setup({ registration: false }, user);
    await expect(call()).rejects.toBeInstanceOf(ClientRegistrationError);
  });

  test('an authorization server outside trustedIssuers is refused before anything is sent to it', async () => {
    const { as, call } = await setup({}, () => ({ ...user(), trustedIssuers: ['https://login.example.com'] }));
    await expect(call()).rejects.toThrow(/trustedIssuers/);
    expect(as.registrations).toHaveLength(0);
  });

  test('a token endpoint slower than timeoutMs ends the call with TimeoutError phase authorization', async () => {
    const { call } = await setup({ clients: { svc: 'svc-secret-value' }, tokenDelayMs: 1_000 }, (as) => ({
      ...service(as),
      timeoutMs: 50,
    }));
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).phase).toBe('authorization');
  });

  test("the caller's abort ends a wait on the token endpoint with AbortError", async () => {
    const { as, auth } = await setup({ clients: { svc: 'svc-secret-value' }, tokenDelayMs: 1_000 }, service);
    const transport = createTransport();
    open.push(transport);
    const controller = new AbortController();
    const pending = compose(auth)(transport)(
      buildRequest({ origin: as.url, path: '/mcp', method: 'POST', body: {}, signal: controller.signal }),
    );
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(AbortError);
  });

  test('bad options are one ConfigError listing every problem', () => {
    const error = (() => {
      try {
        oauth({ authorization: { redirectUri: 'http://example.com/cb' }, timeoutMs: 0, clientMetadataUrl: 'http://x' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((i) => i.path).sort()).toEqual([
      'auth.authorization.redirectUri',
      'auth.clientMetadataUrl',
      'auth.timeoutMs',
    ]);
    expect(() => oauth({})).toThrow(/client_credentials grant needs a client/);
  });
});
