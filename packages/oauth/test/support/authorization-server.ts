import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small real OAuth authorization server and MCP-shaped protected resource on one loopback port, for the layer's
 * tests: PRM (RFC 9728), AS metadata (RFC 8414), Dynamic Client Registration, an authorization endpoint that
 * approves at once (redirecting with code, state and iss), a token endpoint (authorization code with PKCE,
 * client credentials, refresh with rotation), and `/mcp`, which wants a Bearer token with the scopes `requiredScope`
 * names (401 without one, 403 insufficient_scope with too little). Knobs make it misbehave the ways the tests need.
 */
export interface TestAuthServerOptions {
  /** Scopes `/mcp` wants. Default none. */
  requiredScope?: string[];
  /** Scopes /mcp wants for a POST body holding `"tool":"write"`: a step-up. */
  writeScope?: string;
  /** Put `scope=` in the 401 challenge. Default true. */
  scopeInChallenge?: boolean;
  /** Put resource_metadata in the challenge. Default true. */
  resourceMetadataInChallenge?: boolean;
  /** `issuer` in the AS metadata. Default the real one. */
  metadataIssuer?: string;
  /** `iss` in the authorization response: correct, wrong, omitted. */
  issInRedirect?: 'correct' | 'wrong' | 'omit';
  /** `resource` in the PRM. Default `<base>/mcp`. */
  prmResource?: string;
  /** Seconds a token lives. Default 3600. */
  expiresIn?: number;
  /** Issue refresh tokens. Default true. */
  refreshTokens?: boolean;
  /** Token endpoint auth methods listed. Default ['client_secret_basic', 'client_secret_post', 'none']. */
  authMethods?: string[];
  /** Offer DCR. Default true. */
  registration?: boolean;
  /** Pre-registered clients: id → secret. */
  clients?: Record<string, string>;
  /** The token endpoint answers with this many bytes of padding (an oversized answer). */
  tokenPaddingBytes?: number;
  /** The token endpoint waits this long before answering (ms), on a ref'd timer. */
  tokenDelayMs?: number;
  scopesSupported?: string[];
}

export interface TokenRequestRecord {
  grantType: string | undefined;
  resource: string | undefined;
  scope: string | undefined;
  basic: boolean;
  clientId: string | undefined;
}

export interface TestAuthServer {
  readonly url: string;
  readonly endpoint: string;
  readonly tokenRequests: TokenRequestRecord[];
  readonly authorizationRequests: URLSearchParams[];
  readonly registrations: Record<string, unknown>[];
  readonly mcpRequests: Array<{ authorization: string | undefined; status: number }>;
  /** Every token it handed out, access and refresh, for the leak scans. */
  readonly issued: string[];
  /** Makes every access token issued so far invalid (the server was restarted, the keys rotated). */
  revokeAll(): void;
  close(): Promise<void>;
}

export async function startTestAuthServer(options: TestAuthServerOptions = {}): Promise<TestAuthServer> {
  const tokens = new Map<string, string[]>();
  const refreshTokens = new Map<string, string[]>();
  const codes = new Map<string, { challenge: string; scope: string[]; clientId: string; redirectUri: string }>();
  const clients = new Map<string, string | undefined>(Object.entries(options.clients ?? {}));
  const state = {
    tokenRequests: [] as TokenRequestRecord[],
    authorizationRequests: [] as URLSearchParams[],
    registrations: [] as Record<string, unknown>[],
    mcpRequests: [] as Array<{ authorization: string | undefined; status: number }>,
    issued: [] as string[],
  };
  let base = '';
  const issue = (scope: string[]) => {
    const access = `at-${randomBytes(12).toString('hex')}`;
    tokens.set(access, scope);
    state.issued.push(access);
    const answer: Record<string, unknown> = {
      access_token: access,
      token_type: 'Bearer',
      expires_in: options.expiresIn ?? 3600,
      scope: scope.join(' '),
    };
    if (options.refreshTokens !== false) {
      const refresh = `rt-${randomBytes(12).toString('hex')}`;
      refreshTokens.set(refresh, scope);
      state.issued.push(refresh);
      answer.refresh_token = refresh;
    }
    if (options.tokenPaddingBytes !== undefined) answer.padding = 'x'.repeat(options.tokenPaddingBytes);
    return answer;
  };
  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', base);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const prm = `${base}/.well-known/oauth-protected-resource/mcp`;

    if (req.method === 'GET' && url.pathname === '/.well-known/oauth-protected-resource/mcp') {
      return json(res, 200, {
        resource: options.prmResource ?? `${base}/mcp`,
        authorization_servers: [base],
        ...(options.scopesSupported === undefined ? {} : { scopes_supported: options.scopesSupported }),
      });
    }
    if (req.method === 'GET' && url.pathname === '/.well-known/oauth-authorization-server') {
      return json(res, 200, {
        issuer: options.metadataIssuer ?? base,
        authorization_endpoint: `${base}/authorize`,
        token_endpoint: `${base}/token`,
        ...(options.registration === false ? {} : { registration_endpoint: `${base}/register` }),
        response_types_supported: ['code'],
        grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: options.authMethods ?? [
          'client_secret_basic',
          'client_secret_post',
          'none',
        ],
        authorization_response_iss_parameter_supported: true,
      });
    }
    if (req.method === 'POST' && url.pathname === '/register') {
      const body = JSON.parse(text) as Record<string, unknown>;
      state.registrations.push(body);
      const id = `client-${randomBytes(6).toString('hex')}`;
      const secret =
        body.token_endpoint_auth_method === 'none' ? undefined : `secret-${randomBytes(12).toString('hex')}`;
      clients.set(id, secret);
      if (secret !== undefined) state.issued.push(secret);
      return json(res, 201, { client_id: id, ...(secret === undefined ? {} : { client_secret: secret }), ...body });
    }
    if (req.method === 'GET' && url.pathname === '/authorize') {
      const q = url.searchParams;
      state.authorizationRequests.push(q);
      const code = `code-${randomBytes(12).toString('hex')}`;
      codes.set(code, {
        challenge: q.get('code_challenge') ?? '',
        scope: (q.get('scope') ?? '').split(' ').filter(Boolean),
        clientId: q.get('client_id') ?? '',
        redirectUri: q.get('redirect_uri') ?? '',
      });
      const back = new URL(q.get('redirect_uri') ?? '');
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.get('state') ?? '');
      const iss = options.issInRedirect ?? 'correct';
      if (iss === 'correct') back.searchParams.set('iss', base);
      if (iss === 'wrong') back.searchParams.set('iss', 'https://evil.example.com');
      res.writeHead(302, { location: back.href });
      return res.end();
    }
    if (req.method === 'POST' && url.pathname === '/token') {
      if (options.tokenDelayMs !== undefined) await new Promise((r) => setTimeout(r, options.tokenDelayMs));
      const form = new URLSearchParams(text);
      const auth = req.headers.authorization;
      let clientId = form.get('client_id') ?? undefined;
      let secret = form.get('client_secret') ?? undefined;
      if (auth?.startsWith('Basic ')) {
        const [id, pass] = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':');
        clientId = decodeURIComponent(id ?? '');
        secret = decodeURIComponent(pass ?? '');
      }
      state.tokenRequests.push({
        grantType: form.get('grant_type') ?? undefined,
        resource: form.get('resource') ?? undefined,
        scope: form.get('scope') ?? undefined,
        basic: auth?.startsWith('Basic ') === true,
        clientId,
      });
      if (clientId === undefined || !clients.has(clientId) || clients.get(clientId) !== secret) {
        return json(res, 401, { error: 'invalid_client', error_description: `unknown client ${clientId}` });
      }
      const grant = form.get('grant_type');
      if (grant === 'authorization_code') {
        const entry = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        const computed = createHash('sha256').update(verifier).digest('base64url');
        if (entry === undefined || entry.challenge !== computed || entry.clientId !== clientId) {
          return json(res, 400, { error: 'invalid_grant', error_description: `bad code ${form.get('code')}` });
        }
        return json(res, 200, issue(entry.scope));
      }
      if (grant === 'client_credentials') {
        return json(res, 200, issue((form.get('scope') ?? '').split(' ').filter(Boolean)));
      }
      if (grant === 'refresh_token') {
        const old = form.get('refresh_token') ?? '';
        const scope = refreshTokens.get(old);
        if (scope === undefined) {
          return json(res, 400, { error: 'invalid_grant', error_description: `refresh token ${old} is not valid` });
        }
        refreshTokens.delete(old); // rotation: a refresh token works once
        return json(res, 200, issue(scope));
      }
      return json(res, 400, { error: 'unsupported_grant_type' });
    }
    if (url.pathname === '/mcp') {
      const authorization = req.headers.authorization;
      const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
      const granted = token === undefined ? undefined : tokens.get(token);
      const required = [...(options.requiredScope ?? [])];
      if (options.writeScope !== undefined && text.includes('"tool":"write"')) required.push(options.writeScope);
      const params = [
        ...(options.resourceMetadataInChallenge === false ? [] : [`resource_metadata="${prm}"`]),
        ...(options.scopeInChallenge === false || required.length === 0 ? [] : [`scope="${required.join(' ')}"`]),
      ];
      if (granted === undefined) {
        state.mcpRequests.push({ authorization, status: 401 });
        return json(res, 401, { error: 'invalid_token' }, { 'www-authenticate': `Bearer ${params.join(', ')}`.trim() });
      }
      if (!required.every((s) => granted.includes(s))) {
        state.mcpRequests.push({ authorization, status: 403 });
        return json(
          res,
          403,
          { error: 'insufficient_scope' },
          { 'www-authenticate': `Bearer error="insufficient_scope", ${params.join(', ')}` },
        );
      }
      state.mcpRequests.push({ authorization, status: 200 });
      return json(res, 200, { ok: true, scope: granted });
    }
    json(res, 404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    endpoint: `${base}/mcp`,
    ...state,
    revokeAll: () => tokens.clear(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
