import {
  type ErrorContext,
  ForbiddenError,
  type GatewayRequest,
  type GatewayResponse,
  type Handler,
  type Middleware,
  UnauthorizedError,
} from '@mcpgw/core';
import { boundedWait, errorForAbort } from '@mcpgw/core/kit';
import { publishAuth } from './auth-events.js';
import { type AuthorizationHandler, authorizationAttempt, codeFromResponse } from './authorization-code.js';
import { type AuthorizationServer, discoverAuthorizationServer } from './authorization-server-metadata.js';
import type { BearerChallenge } from './bearer-challenge.js';
import type { ExchangeBounds, ExchangeCall } from './bounded-exchange.js';
import { challengeFor } from './challenge-probe.js';
import { checkOAuthOptions } from './check-options.js';
import type { ClientIdentity } from './client-identity.js';
import { ClientRegistry } from './client-registration.js';
import { DiscoveryCache } from './discovery-cache.js';
import { secureEndpoint } from './endpoint-url.js';
import { AuthDiscoveryError } from './errors/auth-discovery-error.js';
import { InsufficientScopeError } from './errors/insufficient-scope-error.js';
import { TokenRequestError } from './errors/token-request-error.js';
import { followAuthorization } from './follow-authorization.js';
import type { OAuthOptions } from './oauth-options.js';
import { oauthOptionSchema as schema } from './option-schema.js';
import { discoverProtectedResource, type ProtectedResource } from './protected-resource-metadata.js';
import { selectScope } from './scope-selection.js';
import { requestToken } from './token-endpoint.js';
import { isExpired, type TokenSet } from './token-set.js';
import { memoryTokenStore, tokenKey } from './token-store.js';

export interface OAuthStats {
  /** Tokens got with a grant (authorization code or client credentials), step-ups included. */
  readonly acquired: number;
  readonly refreshed: number;
  readonly stepUps: number;
  /** Acquisitions and refreshes that failed. */
  readonly failures: number;
}

export interface OAuthMiddleware extends Middleware {
  stats(): OAuthStats;
  /** Forgets discovered metadata (tokens stay in their store). */
  clearDiscovery(): void;
}

/** What the layer knows about one protected endpoint once it has authorized for it. */
interface Protection {
  readonly resource: ProtectedResource;
  readonly server: AuthorizationServer;
  readonly client: ClientIdentity;
  readonly key: string;
  /** The scope last asked for: a step-up asks for it and the new one together. */
  readonly scope: string | undefined;
}

// One layer serves one client's endpoints; past this many a caller is sending it everywhere.
const MAX_PROTECTED_ENDPOINTS = 256;

/**
 * MCP authorization (OAuth 2.1) as a layer, below retry so that getting a token never spends the retry budget: a 401
 * from the server starts discovery (RFC 9728, then RFC 8414 / OpenID), registration (pre-registered, Client ID
 * Metadata Document, Dynamic Client Registration), a grant (client credentials, or the authorization code with PKCE
 * S256) and the request once more with the token; a 403 `insufficient_scope` steps up once. Every later request
 * carries the token, refreshed before it expires, once for all concurrent callers.
 */
export function oauth(options: OAuthOptions): OAuthMiddleware {
  checkOAuthOptions(options);
  const grant = options.grant ?? (options.authorization === undefined ? 'client_credentials' : 'authorization_code');
  const bounds: ExchangeBounds = {
    maxResponseBytes: options.maxResponseBytes ?? schema.maxResponseBytes.default,
    timeoutMs: options.timeoutMs ?? schema.timeoutMs.default,
    dispatcher: options.dispatcher,
  };
  const ttlMs = options.discoveryTtlMs ?? schema.discoveryTtlMs.default;
  const skewMs = options.refreshSkewMs ?? schema.refreshSkewMs.default;
  const store = options.store ?? memoryTokenStore();
  const redirectUri = options.authorization?.redirectUri;
  const authorize: AuthorizationHandler | undefined =
    redirectUri === undefined
      ? undefined
      : (options.authorization?.authorize ?? followAuthorization(redirectUri, bounds));
  const clients = options.client === undefined ? [] : Array.isArray(options.client) ? options.client : [options.client];
  const registry = new ClientRegistry({
    preRegistered: clients,
    clientMetadataUrl: options.clientMetadataUrl,
    dynamicRegistration: options.dynamicRegistration ?? schema.dynamicRegistration.default,
    clientName: options.clientName ?? 'mcpgw',
    redirectUri,
    grant,
  });
  const resources = new DiscoveryCache<ProtectedResource>(ttlMs);
  const servers = new DiscoveryCache<AuthorizationServer>(ttlMs);
  const protections = new Map<string, Protection>();
  const flights = new Map<string, Promise<string>>();
  const stats = { acquired: 0, refreshed: 0, stepUps: 0, failures: 0 };

  /** Joins the flight for `key` or starts it: one acquisition or refresh for every concurrent caller. */
  function singleFlight(key: string, work: () => Promise<string>, request: GatewayRequest): Promise<string> {
    let flight = flights.get(key);
    if (flight === undefined) {
      flight = work().finally(() => flights.delete(key));
      // A caller that leaves (abort, deadline) does not end the flight: the others may still want its token.
      flight.catch(() => undefined);
      flights.set(key, flight);
    }
    const remaining = request.deadline?.remainingMs();
    return boundedWait(flight, {
      signal: request.signal,
      abortError: (reason) => errorForAbort(reason, request),
      ms: remaining === undefined ? undefined : Math.max(0, remaining),
      timeError: () => request.deadline?.error(contextOf(request)),
    });
  }

  async function acquire(
    endpoint: string,
    challenge: BearerChallenge | undefined,
    request: GatewayRequest,
    mode: { readonly stepUp: boolean; readonly rediscover: boolean },
  ): Promise<string> {
    const context = contextOf(request);
    const call: ExchangeCall = { signal: request.signal, deadline: request.deadline, context };
    const known = protections.get(endpoint);
    try {
      const resource = await resourceFor(endpoint, challenge, known, mode.rediscover, call);
      const issuer = issuerOf(resource, context);
      let server = servers.get(issuer);
      if (server === undefined) {
        server = await discoverAuthorizationServer(issuer, resource.legacy, bounds, call);
        servers.set(issuer, server);
      }
      const key = tokenKey(server.issuer, resource.resource);
      if (!mode.rediscover && !mode.stepUp) {
        // Another process sharing the store (or an earlier endpoint of the same resource) may have one already.
        const shared = await store.get(key);
        if (shared !== undefined && !isExpired(shared, skewMs)) {
          const client = await registry.identityFor(server, bounds, call);
          remember(endpoint, { resource, server, client, key, scope: shared.scope });
          return shared.accessToken;
        }
      }
      const client = await registry.identityFor(server, bounds, call);
      const scope = selectScope({
        challenged: challenge?.scope,
        resourceScopes: resource.scopesSupported,
        previous: mode.stepUp ? known?.scope : undefined,
        serverScopes: server.scopesSupported,
        wantsRefresh: grant === 'authorization_code',
      });
      const target = { resource: resource.resource, scope };
      let token: TokenSet;
      try {
        if (grant === 'client_credentials') {
          token = await requestToken(server, client, { type: 'client_credentials' }, target, bounds, call);
        } else {
          const uri = redirectUri as string;
          const attempt = authorizationAttempt(server, client, { ...target, redirectUri: uri }, context);
          const callback = await (authorize as AuthorizationHandler)(attempt.url, { signal: request.signal });
          const code = codeFromResponse(callback, attempt, server, uri, context);
          token = await requestToken(
            server,
            client,
            { type: 'authorization_code', code, verifier: attempt.pkce.verifier, redirectUri: uri },
            target,
            bounds,
            call,
          );
        }
      } catch (error) {
        if (error instanceof TokenRequestError && error.oauthError === 'invalid_client') registry.forget(server.issuer);
        throw error;
      }
      await store.set(key, token);
      remember(endpoint, { resource, server, client, key, scope });
      stats.acquired++;
      if (mode.stepUp) stats.stepUps++;
      publishAuth(request, { kind: mode.stepUp ? 'step-up' : 'token', grant, issuer: server.issuer });
      return token.accessToken;
    } catch (error) {
      stats.failures++;
      publishAuth(request, { kind: mode.stepUp ? 'step-up' : 'token', grant, issuer: undefined }, error);
      throw error;
    }
  }

  async function resourceFor(
    endpoint: string,
    challenge: BearerChallenge | undefined,
    known: Protection | undefined,
    rediscover: boolean,
    call: ExchangeCall,
  ): Promise<ProtectedResource> {
    const cacheKey = `${endpoint} ${challenge?.resourceMetadata ?? ''}`;
    if (!rediscover) {
      const cached = resources.get(cacheKey) ?? (challenge === undefined ? known?.resource : undefined);
      if (cached !== undefined) return cached;
    }
    const resource = await discoverProtectedResource(
      secureEndpoint(endpoint, 'MCP server'),
      challenge?.resourceMetadata,
      bounds,
      call,
    );
    resources.set(cacheKey, resource);
    return resource;
  }

  function issuerOf(resource: ProtectedResource, context: ErrorContext): string {
    const trusted = options.trustedIssuers;
    const issuer =
      trusted === undefined
        ? resource.authorizationServers[0]
        : resource.authorizationServers.find((candidate) => trusted.includes(candidate));
    if (issuer === undefined) {
      throw new AuthDiscoveryError(
        'protected-resource',
        'it names no authorization server in auth.trustedIssuers',
        context,
      );
    }
    return issuer;
  }

  function remember(endpoint: string, protection: Protection): void {
    protections.delete(endpoint);
    if (protections.size >= MAX_PROTECTED_ENDPOINTS) {
      const oldest = protections.keys().next().value;
      if (oldest !== undefined) protections.delete(oldest);
    }
    protections.set(endpoint, protection);
  }

  /** The token to send now: the stored one, refreshed first when it is about to expire. */
  async function currentToken(endpoint: string, request: GatewayRequest): Promise<string | undefined> {
    const protection = protections.get(endpoint);
    if (protection === undefined) return undefined;
    const token = await store.get(protection.key);
    if (token !== undefined && !isExpired(token, skewMs)) return token.accessToken;
    const mode = { stepUp: false, rediscover: false };
    if (token?.refreshToken === undefined) {
      // A service gets a new token on its own; acting for a user waits for the server's 401 to ask again.
      return grant === 'client_credentials'
        ? singleFlight(`acquire ${endpoint}`, () => acquire(endpoint, undefined, request, mode), request)
        : undefined;
    }
    const refreshToken = token.refreshToken;
    return singleFlight(
      `refresh ${protection.key}`,
      async () => {
        const call = { signal: request.signal, deadline: request.deadline, context: contextOf(request) };
        try {
          const fresh = await requestToken(
            protection.server,
            protection.client,
            { type: 'refresh_token', refreshToken },
            { resource: protection.resource.resource, scope: undefined },
            bounds,
            call,
          );
          await store.set(protection.key, fresh);
          stats.refreshed++;
          publishAuth(request, { kind: 'refresh', grant: 'refresh_token', issuer: protection.server.issuer });
          return fresh.accessToken;
        } catch (error) {
          stats.failures++;
          publishAuth(request, { kind: 'refresh', grant: 'refresh_token', issuer: protection.server.issuer }, error);
          // A refresh token the server no longer takes is dropped; the server's 401 starts over.
          if (error instanceof TokenRequestError) await store.delete(protection.key);
          throw error;
        }
      },
      request,
    ).catch((error: unknown) => {
      if (error instanceof TokenRequestError) return undefined;
      throw error;
    });
  }

  /** After a 403: one step-up when the server says `insufficient_scope`, else the error as it was. */
  async function stepUpOrThrow(
    error: unknown,
    next: Handler,
    request: GatewayRequest,
    endpoint: string,
    token: string | undefined,
  ): Promise<GatewayResponse> {
    if (!(error instanceof ForbiddenError) || token === undefined) throw error;
    const challenge = await challengeFor(error, withToken(request, token), bounds);
    if (challenge?.error !== 'insufficient_scope') throw error;
    const mode = { stepUp: true, rediscover: false };
    const fresh = await singleFlight(
      `step-up ${endpoint} ${challenge.scope ?? ''}`,
      () => acquire(endpoint, challenge, request, mode),
      request,
    );
    try {
      return await next(withToken(request, fresh));
    } catch (again) {
      if (again instanceof ForbiddenError) {
        throw new InsufficientScopeError(challenge.scope, { ...contextOf(request), cause: again });
      }
      throw again;
    }
  }

  /** After a 401: one acquisition (shared by concurrent callers), then the request once more with the new token. */
  async function reauthorize(
    next: Handler,
    request: GatewayRequest,
    endpoint: string,
    token: string | undefined,
    refusal: UnauthorizedError,
  ): Promise<GatewayResponse> {
    // A token refused means what was discovered may be stale (the server moved to another issuer): look again.
    const mode = { stepUp: false, rediscover: token !== undefined };
    const fresh = await singleFlight(
      `acquire ${endpoint}`,
      async () => {
        if (token !== undefined) {
          const protection = protections.get(endpoint);
          if (protection !== undefined) await store.delete(protection.key);
        }
        const challenge = await challengeFor(refusal, withToken(request, undefined), bounds);
        return acquire(endpoint, challenge, request, mode);
      },
      request,
    );
    try {
      return await next(withToken(request, fresh));
    } catch (error) {
      return stepUpOrThrow(error, next, request, endpoint, fresh);
    }
  }

  function send(next: Handler, request: GatewayRequest, endpoint: string, token: string | undefined) {
    return next(withToken(request, token)).catch((error: unknown) =>
      error instanceof UnauthorizedError
        ? reauthorize(next, request, endpoint, token, error)
        : stepUpOrThrow(error, next, request, endpoint, token),
    );
  }

  const middleware = ((next: Handler): Handler =>
    (request: GatewayRequest): Promise<GatewayResponse> => {
      // A call that brings its own bearer (a user's token, `user` as a JWT) is that user's: never swapped for ours.
      if (request.headers.authorization !== undefined) return next(request);
      const endpoint = request.origin + request.path;
      // The hot path, a stored token that is still fresh, awaits nothing of its own.
      const protection = protections.get(endpoint);
      if (protection === undefined) return send(next, request, endpoint, undefined);
      const stored = store.get(protection.key);
      if (!(stored instanceof Promise) && stored !== undefined && !isExpired(stored, skewMs)) {
        return send(next, request, endpoint, stored.accessToken);
      }
      return currentToken(endpoint, request).then((token) => send(next, request, endpoint, token));
    }) as OAuthMiddleware;
  middleware.stats = () => ({ ...stats });
  middleware.clearDiscovery = () => {
    resources.clear();
    servers.clear();
  };
  return middleware;
}

function withToken(request: GatewayRequest, token: string | undefined): GatewayRequest {
  if (token === undefined) {
    if (request.headers.authorization === undefined) return request;
    const { authorization: _, ...headers } = request.headers;
    return { ...request, headers };
  }
  return { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } };
}

function contextOf(request: GatewayRequest): ErrorContext {
  return {
    operation: request.operation,
    requestId: request.requestId,
    attempts: request.attempt,
    mayHaveReachedServer: false,
  };
}
