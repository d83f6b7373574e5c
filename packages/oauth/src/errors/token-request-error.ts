import { type ErrorContext, GatewayError } from '@mcpgw/core';

/**
 * The token endpoint refused a grant or answered something that is not a token. `oauthError` is the OAuth error
 * code it sent (`invalid_grant`, `invalid_client`, ...); its description is cut and scrubbed of every secret.
 */
export class TokenRequestError extends GatewayError {
  override name = 'TokenRequestError';
  override readonly code = 'MCPGW_AUTH_TOKEN';
  override readonly retryable = false;
  readonly grant: string;
  readonly status: number | undefined;
  readonly oauthError: string | undefined;

  constructor(
    grant: string,
    detail: { status?: number | undefined; oauthError?: string | undefined; description?: string | undefined },
    context: ErrorContext = {},
  ) {
    const what = detail.oauthError === undefined ? 'no usable token' : detail.oauthError;
    const status = detail.status === undefined ? '' : ` (${detail.status})`;
    const description = detail.description === undefined ? '' : `: ${detail.description}`;
    super(`the token endpoint answered the ${grant} grant with ${what}${status}${description}`, {
      mayHaveReachedServer: false,
      ...context,
    });
    this.grant = grant;
    this.status = detail.status;
    this.oauthError = detail.oauthError;
  }

  protected override details() {
    return { grant: this.grant, status: this.status, oauthError: this.oauthError };
  }
}
