import { type ErrorContext, GatewayError } from '@mcpgw/core';

/** The authorization response was refused: an `error` from the server, a wrong `state`, no `code`. */
export class AuthorizationResponseError extends GatewayError {
  override name = 'AuthorizationResponseError';
  override readonly code = 'MCPGW_AUTH_AUTHORIZATION_RESPONSE';
  override readonly retryable = false;

  constructor(detail: string, context: ErrorContext = {}) {
    super(`the authorization response was refused: ${detail}`, { mayHaveReachedServer: false, ...context });
  }
}
