import type { ErrorContext } from './gateway-error.js';
import { withDetails } from './with-details.js';

/**
 * The circuit of this upstream is open: the call failed fast, nothing was sent. It lives in core, not in
 * `@mcpgw/breaker`, because other layers act on it (retry never retries it, the cache may answer stale) and a layer
 * depends on core only.
 */
export class CircuitOpenError extends withDetails<CircuitOpenDetails>() {
  override name = 'CircuitOpenError';
  override readonly code = 'MCPGW_CIRCUIT_OPEN';
  override readonly retryable = false;

  constructor(upstream: string, nextAttemptAt: number | undefined, context: ErrorContext = {}) {
    const when = nextAttemptAt === undefined ? '' : ` until ${new Date(nextAttemptAt).toISOString()}`;
    super(
      `circuit open for ${upstream}${when}; the upstream is failing`,
      { mayHaveReachedServer: false, ...context },
      { upstream, nextAttemptAt },
    );
  }

  get retryAfterMs(): number | undefined {
    return this.nextAttemptAt === undefined ? undefined : Math.max(0, this.nextAttemptAt - Date.now());
  }
}

interface CircuitOpenDetails {
  readonly upstream: string;
  /** Epoch ms at which the breaker lets a probe through. */
  readonly nextAttemptAt: number | undefined;
}
