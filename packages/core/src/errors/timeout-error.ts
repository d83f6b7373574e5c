import { GatewayError, type GatewayErrorOptions } from './gateway-error.js';

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
  readonly phase: TimeoutPhase;
  readonly timeoutMs: number | undefined;

  constructor(phase: TimeoutPhase, timeoutMs: number | undefined, options: GatewayErrorOptions = {}) {
    const after = timeoutMs === undefined ? '' : ` after ${timeoutMs} ms`;
    super(`${phase} timeout${after}; raise the timeout or check the gateway's latency`, 'MCPGW_TIMEOUT', true, {
      mayHaveReachedServer: phase !== 'connect' && phase !== 'queue',
      ...options,
    });
    this.phase = phase;
    this.timeoutMs = timeoutMs;
  }

  protected override details() {
    return { phase: this.phase, timeoutMs: this.timeoutMs };
  }
}
