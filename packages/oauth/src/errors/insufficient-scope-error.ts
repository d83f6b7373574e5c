import type { ErrorContext } from '@mcpgw/core';
import { withDetails } from '@mcpgw/core/kit';

/** The server still wants more scope after the one step-up a call is allowed. */
export class InsufficientScopeError extends withDetails<{ requiredScope: string | undefined }>() {
  override name = 'InsufficientScopeError';
  override readonly code = 'MCPGW_AUTH_INSUFFICIENT_SCOPE';
  override readonly retryable = false;

  constructor(requiredScope: string | undefined, context: ErrorContext = {}) {
    super(
      `the server answered 403 insufficient_scope${requiredScope === undefined ? '' : ` (wants "${requiredScope.slice(0, 200)}")`} after a step-up; grant the client that scope at the authorization server`,
      context,
      { requiredScope: requiredScope?.slice(0, 200) },
    );
  }
}
