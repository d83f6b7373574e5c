import type { ErrorContext } from '@mcpgw/core';
import { withDetails } from '@mcpgw/core/kit';

/**
 * The token endpoint refused a grant or answered something that is not a token. `oauthError` is the OAuth error
 * code it sent (`invalid_grant`, `invalid_client`, ...); its description is cut and scrubbed of every secret.
 */
export class TokenRequestError extends withDetails<{
  grant: string;
  status: number | undefined;
  oauthError: string | undefined;
}>() {
  override name = 'TokenRequestError';
  override readonly code = 'MCPGW_AUTH_TOKEN';
  override readonly retryable = false;

  constructor(
    grant: string,
    detail: { status?: number | undefined; oauthError?: string | undefined; description?: string | undefined },
    context: ErrorContext = {},
  ) {
    const what = detail.oauthError === undefined ? 'no usable token' : detail.oauthError;
    const status = detail.status === undefined ? '' : ` (${detail.status})`;
    const description = detail.description === undefined ? '' : `: ${detail.description}`;
    super(
      `the token endpoint answered the ${grant} grant with ${what}${status}${description}`,
      { mayHaveReachedServer: false, ...context },
      { grant, status: detail.status, oauthError: detail.oauthError },
    );
  }
}
