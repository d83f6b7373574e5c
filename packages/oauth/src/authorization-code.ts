import type { ErrorContext } from '@mcpgw/core';
import type { AuthorizationServer } from './authorization-server-metadata.js';
import type { ClientIdentity } from './client-identity.js';
import { secureEndpoint } from './endpoint-url.js';
import { AuthDiscoveryError } from './errors/auth-discovery-error.js';
import { AuthorizationResponseError } from './errors/authorization-response-error.js';
import { IssuerMismatchError } from './errors/issuer-mismatch-error.js';
import { newPkce, type Pkce, randomState } from './pkce.js';

/**
 * Shows the authorization URL to whoever approves it and resolves with the URL the authorization server redirected
 * back to (the redirect URI with `code`, `state` and `iss`). Given by the user; `followAuthorization()` is the one
 * for servers that approve without a person.
 */
export type AuthorizationHandler = (
  authorizationUrl: string,
  context: { readonly signal?: AbortSignal | undefined },
) => Promise<string>;

export interface AuthorizationAttempt {
  readonly url: string;
  readonly state: string;
  readonly pkce: Pkce;
}

/** The authorization request (RFC 6749 §4.1.1 with PKCE S256 and RFC 8707 `resource`), refused without S256 support. */
export function authorizationAttempt(
  server: AuthorizationServer,
  client: ClientIdentity,
  target: { readonly resource: string; readonly scope: string | undefined; readonly redirectUri: string },
  context: ErrorContext,
): AuthorizationAttempt {
  if (server.authorizationEndpoint === undefined) {
    throw new AuthDiscoveryError(
      'authorization-server',
      `issuer ${server.issuer} publishes no authorization_endpoint`,
      context,
    );
  }
  // The MCP spec: without code_challenge_methods_supported the server cannot be shown to support PKCE; refuse.
  if (server.codeChallengeMethods?.includes('S256') !== true) {
    throw new AuthDiscoveryError('authorization-server', `issuer ${server.issuer} does not list PKCE S256`, context);
  }
  const pkce = newPkce();
  const state = randomState();
  const url = new URL(server.authorizationEndpoint);
  const params = url.searchParams;
  params.set('response_type', 'code');
  params.set('client_id', client.clientId);
  params.set('redirect_uri', target.redirectUri);
  params.set('code_challenge', pkce.challenge);
  params.set('code_challenge_method', pkce.method);
  params.set('state', state);
  params.set('resource', target.resource);
  if (target.scope !== undefined) params.set('scope', target.scope);
  return { url: url.href, state, pkce };
}

/**
 * The code from an authorization response, after the checks that stop a mix-up: it came to our redirect URI, the
 * state is ours, and `iss`, when present (or promised by the server's metadata), is the issuer as an exact string
 * (RFC 9207; no normalisation, so a trailing slash is a different issuer).
 */
export function codeFromResponse(
  callback: string,
  attempt: AuthorizationAttempt,
  server: AuthorizationServer,
  redirectUri: string,
  context: ErrorContext,
): string {
  let url: URL;
  try {
    url = new URL(callback);
  } catch {
    throw new AuthorizationResponseError('the redirect is not a URL', context);
  }
  const expected = new URL(redirectUri);
  if (url.origin !== expected.origin || url.pathname !== expected.pathname) {
    throw new AuthorizationResponseError(
      `the redirect went to ${url.origin}${url.pathname}, not the redirect URI`,
      context,
    );
  }
  const params = url.searchParams;
  if (params.get('state') !== attempt.state) throw new AuthorizationResponseError('the state does not match', context);
  const iss = params.get('iss');
  if (iss !== null && iss !== server.issuer)
    throw new IssuerMismatchError('authorization-response', server.issuer, iss, context);
  if (iss === null && server.issParameterSupported) {
    throw new IssuerMismatchError('authorization-response', server.issuer, undefined, context);
  }
  const error = params.get('error');
  if (error !== null) throw new AuthorizationResponseError(`the server answered ${error.slice(0, 64)}`, context);
  const code = params.get('code');
  if (code === null || code.length === 0 || code.length > 4_096)
    throw new AuthorizationResponseError('no code', context);
  return code;
}

/** Checks a redirect URI from the options: https, or http on loopback (RFC 8252 native apps). */
export function checkRedirectUri(uri: string): string {
  return secureEndpoint(uri, 'redirectUri').href;
}
