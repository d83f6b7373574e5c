import { type ErrorContext, GatewayError } from './gateway-error.js';

/**
 * The circuit of this upstream is open: the call failed fast, nothing was sent. It lives in core, not in
 * `@mcpgw/breaker`, because other layers act on it (retry never retries it, the cache may answer stale) and a layer
 * depends on core only.
 */
export class CircuitOpenError extends GatewayError {
  override name = 'CircuitOpenError';
  override readonly code = 'MCPGW_CIRCUIT_OPEN';
  override readonly retryable = false;
  readonly upstream: string;
  /** Epoch ms at which the breaker lets a probe through. */
  readonly nextAttemptAt: number | undefined;

  constructor(upstream: string, nextAttemptAt: number | undefined, context: ErrorContext = {}) {
    const when = nextAttemptAt === undefined ? '' : ` until ${new Date(nextAttemptAt).toISOString()}`;
    super(`circuit open for ${upstream}${when}; the upstream is failing`, { mayHaveReachedServer: false, ...context });
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
