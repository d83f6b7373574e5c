import { GatewayError, type GatewayErrorOptions } from './gateway-error.js';

/** The concurrency limit's queue is full: the call was refused at once, nothing was sent. */
export class QueueFullError extends GatewayError {
  override name = 'QueueFullError';
  readonly maxConcurrent: number;
  readonly maxQueue: number;

  constructor(maxConcurrent: number, maxQueue: number, options: GatewayErrorOptions = {}) {
    super(
      `too many calls in flight (${maxConcurrent} running, ${maxQueue} queued); raise limits.maxConcurrent or limits.maxQueue, or slow down`,
      'MCPGW_QUEUE_FULL',
      true,
      { mayHaveReachedServer: false, ...options },
    );
    this.maxConcurrent = maxConcurrent;
    this.maxQueue = maxQueue;
  }

  protected override details() {
    return { maxConcurrent: this.maxConcurrent, maxQueue: this.maxQueue };
  }
}
