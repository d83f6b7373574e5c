import type { ErrorContext } from './gateway-error.js';
import { withDetails } from './with-details.js';

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

export class TimeoutError extends withDetails<TimeoutDetails>() {
  override name = 'TimeoutError';
  override readonly code = 'MCPGW_TIMEOUT';
  override readonly retryable = true;

  constructor(phase: TimeoutPhase, timeoutMs: number, context: ErrorContext = {}) {
    // Connecting or queued, nothing was written yet.
    const mayHaveReachedServer = phase !== 'connect' && phase !== 'queue';
    super(
      `${phase} timeout after ${timeoutMs} ms; raise the timeout or check the gateway's latency`,
      { mayHaveReachedServer, ...context },
      { phase, timeoutMs },
    );
  }
}

interface TimeoutDetails {
  readonly phase: TimeoutPhase;
  /** The timeout that ran out, in ms; always set (for a deadline: the call's overall timeout). */
  readonly timeoutMs: number;
}
