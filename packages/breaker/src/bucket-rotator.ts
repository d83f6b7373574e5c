import { EventEmitter } from 'node:events';

/**
 * One timer that rotates the rolling windows of every circuit of a `breaker()`, instead of opossum's two intervals
 * per circuit: hundreds of upstreams cost one unref'd interval and one listener each on this emitter.
 */
export class BucketRotator extends EventEmitter {
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;

  constructor(intervalMs: number) {
    super();
    // Each circuit adds exactly one listener and removes it on shutdown; the count is the number of upstreams.
    this.setMaxListeners(0);
    this.#intervalMs = intervalMs;
  }

  start(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => this.emit('rotate'), this.#intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
