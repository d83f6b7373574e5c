import type { ErrorContext } from './gateway-error.js';
import { withDetails } from './with-details.js';

/**
 * The concurrency limit's queue is full: the call was refused at once, nothing was sent. Core's, as the concurrency
 * limit it belongs to is.
 */
export class QueueFullError extends withDetails<{ maxConcurrent: number; maxQueue: number }>() {
  override name = 'QueueFullError';
  override readonly code = 'MCPGW_QUEUE_FULL';
  /** Later, not now: the retry layer never retries it. */
  override readonly retryable = true;

  constructor(maxConcurrent: number, maxQueue: number, context: ErrorContext = {}) {
    super(
      `too many calls in flight (${maxConcurrent} running, ${maxQueue} queued); raise limits.maxConcurrent or limits.maxQueue, or slow down`,
      { mayHaveReachedServer: false, ...context },
      { maxConcurrent, maxQueue },
    );
  }
}
