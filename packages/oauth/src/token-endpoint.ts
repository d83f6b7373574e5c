import { parseJsonSafely, scrubSecrets } from '@mcpgw/core/kit';
import type { AuthorizationServer } from './authorization-server-metadata.js';
import { boundedExchange, type ExchangeBounds, type ExchangeCall } from './bounded-exchange.js';
import { authenticateClient } from './client-authentication.js';
import type { ClientIdentity } from './client-identity.js';
import { TokenRequestError } from './errors/token-request-error.js';
import type { TokenSet } from './token-set.js';

export type Grant =
  | {
      readonly type: 'authorization_code';
      readonly code: string;
      readonly verifier: string;
      readonly redirectUri: string;
    }
  | { readonly type: 'client_credentials' }
  | { readonly type: 'refresh_token'; readonly refreshToken: string };

// An access token is a header value: past this it is not one.
const MAX_TOKEN_LENGTH = 16_384;
// A peer's expires_in sizes a date: a year is past any real token, and keeps the date a finite number.
const MAX_LIFETIME_SEC = 31_536_000;

/**
 * One token request: the grant, `resource=` (RFC 8707) always, the scope when there is one, the client's
 * authentication. A refresh answer without a new refresh token keeps the old one; with one, the old is dropped
 * (rotation). Error text from the server is cut and scrubbed of every secret the request held.
 */
export async function requestToken(
  server: AuthorizationServer,
  client: ClientIdentity,
  grant: Grant,
  target: { readonly resource: string; readonly scope: string | undefined },
  bounds: ExchangeBounds,
  call: ExchangeCall,
): Promise<TokenSet> {
  const form = new URLSearchParams({ grant_type: grant.type });
  if (grant.type === 'authorization_code') {
    form.set('code', grant.code);
    form.set('code_verifier', grant.verifier);
    form.set('redirect_uri', grant.redirectUri);
  } else if (grant.type === 'refresh_token') form.set('refresh_token', grant.refreshToken);
  form.set('resource', target.resource);
  if (target.scope !== undefined) form.set('scope', target.scope);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  authenticateClient(client, form, headers);
  const secrets = [...form.values(), headers.authorization ?? ''].filter((v) => v.length >= 4);

  const answer = await boundedExchange(
    { method: 'POST', url: server.tokenEndpoint, headers, body: form.toString(), secrets },
    bounds,
    call,
  );
  let body: Record<string, unknown> = {};
  try {
    const parsed = parseJsonSafely(answer.text);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
      body = parsed as Record<string, unknown>;
  } catch {
    // Not JSON: reported below as no usable token.
  }
  const accessToken = body.access_token;
  const tokenType = body.token_type;
  if (
    answer.status !== 200 ||
    typeof accessToken !== 'string' ||
    accessToken.length === 0 ||
    accessToken.length > MAX_TOKEN_LENGTH ||
    /[\r\n\0]/.test(accessToken) ||
    (typeof tokenType === 'string' && tokenType.toLowerCase() !== 'bearer')
  ) {
    const oauthError = typeof body.error === 'string' ? body.error.slice(0, 64) : undefined;
    const description =
      typeof body.error_description === 'string'
        ? scrubSecrets(body.error_description.slice(0, 200), [
            ...secrets,
            ...(typeof accessToken === 'string' ? [accessToken] : []),
          ])
        : undefined;
    throw new TokenRequestError(grant.type, { status: answer.status, oauthError, description }, call.context);
  }
  const expiresIn = body.expires_in;
  const refreshToken =
    typeof body.refresh_token === 'string' && body.refresh_token.length <= MAX_TOKEN_LENGTH
      ? body.refresh_token
      : undefined;
  return {
    accessToken,
    expiresAt:
      typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0
        ? Date.now() + Math.min(expiresIn, MAX_LIFETIME_SEC) * 1000
        : undefined,
    refreshToken: refreshToken ?? (grant.type === 'refresh_token' ? grant.refreshToken : undefined),
    scope: typeof body.scope === 'string' ? body.scope.slice(0, 2_048) : target.scope,
    issuer: server.issuer,
    resource: target.resource,
  };
}
