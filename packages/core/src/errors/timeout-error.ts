import { type ErrorContext, GatewayError } from './gateway-error.js';

/** Which clock ran out: connecting, waiting for headers or body, one attempt, the whole call, or a queue. */
export type TimeoutPhase =
  | 'connect'
  | 'headers'
  | 'body'
  | 'attempt'
  | 'deadline'
  | 'queue'
  | 'authorization'
  /** No event arrived on an event-stream answer within its `idleMs`. */
  | 'stream-idle';

export class TimeoutError extends GatewayError {
  override name = 'TimeoutError';
  override readonly code = 'MCPGW_TIMEOUT';
  override readonly retryable = true;
  readonly phase: TimeoutPhase;
  /** The timeout that ran out, in ms; always set (for a deadline: the call's overall timeout). */
  readonly timeoutMs: number;

  constructor(phase: TimeoutPhase, timeoutMs: number, context: ErrorContext = {}) {
    super(`${phase} timeout after ${timeoutMs} ms; raise the timeout or check the gateway's latency`, {
      mayHaveReachedServer: phase !== 'connect' && phase !== 'queue',
      ...context,
    });
    this.phase = phase;
    this.timeoutMs = timeoutMs;
  }

  protected override details() {
    return { phase: this.phase, timeoutMs: this.timeoutMs };
  }
}
