import { GatewayError, type GatewayErrorOptions } from './gateway-error.js';

/** The circuit of this upstream is open: the call failed fast, nothing was sent. */
export class CircuitOpenError extends GatewayError {
  override name = 'CircuitOpenError';
  readonly upstream: string;
  /** Epoch ms at which the breaker lets a probe through. */
  readonly nextAttemptAt: number | undefined;

  constructor(upstream: string, nextAttemptAt: number | undefined, options: GatewayErrorOptions = {}) {
    const when = nextAttemptAt === undefined ? '' : ` until ${new Date(nextAttemptAt).toISOString()}`;
    super(`circuit open for ${upstream}${when}; the upstream is failing`, 'MCPGW_CIRCUIT_OPEN', false, {
      mayHaveReachedServer: false,
      ...options,
    });
    this.upstream = upstream;
    this.nextAttemptAt = nextAttemptAt;
  }

  get retryAfterMs(): number | undefined {
    return this.nextAttemptAt === undefined ? undefined : Math.max(0, this.nextAttemptAt - Date.now());
  }

  protected override details() {
    return { upstream: this.upstream, nextAttemptAt: this.nextAttemptAt };
  }
}
