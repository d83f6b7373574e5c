import { GatewayError, type GatewayErrorOptions } from './gateway-error.js';

/** The caller aborted the call through its AbortSignal. */
export class AbortError extends GatewayError {
  override name = 'AbortError';
  constructor(options: GatewayErrorOptions = {}) {
    super('the call was aborted by the caller', 'MCPGW_ABORTED', false, options);
  }
}
