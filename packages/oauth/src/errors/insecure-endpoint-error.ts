import { type ErrorContext, GatewayError } from '@mcpgw/core';

/** An OAuth endpoint that is not https and not on loopback: tokens and secrets are never sent in the clear. */
export class InsecureEndpointError extends GatewayError {
  override name = 'InsecureEndpointError';
  override readonly code = 'MCPGW_AUTH_INSECURE_ENDPOINT';
  override readonly retryable = false;
  readonly url: string;

  constructor(url: string, context: ErrorContext = {}) {
    super(`refusing ${url}: OAuth endpoints must be https (plain http only on loopback)`, {
      mayHaveReachedServer: false,
      ...context,
    });
    this.url = url;
  }

  protected override details() {
    return { url: this.url };
  }
}
