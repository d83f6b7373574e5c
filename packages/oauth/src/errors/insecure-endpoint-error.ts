import type { ErrorContext } from '@mcpgw/core';
import { withDetails } from '@mcpgw/core/kit';

/** An OAuth endpoint that is not https and not on loopback: tokens and secrets are never sent in the clear. */
export class InsecureEndpointError extends withDetails<{ url: string }>() {
  override name = 'InsecureEndpointError';
  override readonly code = 'MCPGW_AUTH_INSECURE_ENDPOINT';
  override readonly retryable = false;

  constructor(url: string, context: ErrorContext = {}) {
    super(
      `refusing ${url}: OAuth endpoints must be https (plain http only on loopback)`,
      { mayHaveReachedServer: false, ...context },
      { url },
    );
  }
}
