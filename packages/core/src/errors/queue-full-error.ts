import { type ErrorContext, GatewayError } from './gateway-error.js';

/**
 * The concurrency limit's queue is full: the call was refused at once, nothing was sent. Core's, as the concurrency
 * limit it belongs to is.
 */
export class QueueFullError extends GatewayError {
  override name = 'QueueFullError';
  override readonly code = 'MCPGW_QUEUE_FULL';
  /** Later, not now: the retry layer never retries it. */
  override readonly retryable = true;
  readonly maxConcurrent: number;
  readonly maxQueue: number;

  constructor(maxConcurrent: number, maxQueue: number, context: ErrorContext = {}) {
    super(
      `too many calls in flight (${maxConcurrent} running, ${maxQueue} queued); raise limits.maxConcurrent or limits.maxQueue, or slow down`,
      { mayHaveReachedServer: false, ...context },
    );
    this.maxConcurrent = maxConcurrent;
    this.maxQueue = maxQueue;
  }

  protected override details() {
    return { maxConcurrent: this.maxConcurrent, maxQueue: this.maxQueue };
  }
}
