import type { ErrorContext } from '@mcpgw/core';
import { withDetails } from '@mcpgw/core/kit';

/** Protected Resource or Authorization Server metadata could not be found or was not usable. */
export class AuthDiscoveryError extends withDetails<{ document: 'protected-resource' | 'authorization-server' }>() {
  override name = 'AuthDiscoveryError';
  override readonly code = 'MCPGW_AUTH_DISCOVERY';
  override readonly retryable = false;

  constructor(document: 'protected-resource' | 'authorization-server', detail: string, context: ErrorContext = {}) {
    super(
      `${document} metadata discovery failed: ${detail}; check that the server publishes it (RFC 9728 / RFC 8414)`,
      { mayHaveReachedServer: false, ...context },
      { document },
    );
  }
}
