import { GatewayError } from '@mcpgw/core';

/** A batch item failed with something that is not a mcpgw error (a bug or a foreign throw): that is its `cause`. */
export class UnexpectedError extends GatewayError {
  // The name it had when it was a bare GatewayError: logs and reports that key on it keep working.
  override name = 'GatewayError';
  override readonly code = 'MCPGW_UNEXPECTED';
  override readonly retryable = false;

  constructor(cause: unknown) {
    // The foreign error's message is not copied into ours: it may hold anything.
    super('the call failed with an unexpected error; see cause', { cause });
  }
}
