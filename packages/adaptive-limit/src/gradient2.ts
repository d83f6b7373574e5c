import type { LimitReason } from '@mcpgw/core';
import type { LimitAlgorithm } from './limit-algorithm.js';
import type { WindowSummary } from './sample-window.js';

export interface Gradient2Options {
  readonly minLimit: number;
  readonly maxLimit: number;
  readonly initialLimit: number;
  readonly smoothing: number;
  readonly rttTolerance: number;
  readonly queueSize: number;
  readonly longWindow: number;
  readonly backoffRatio: number;
}

/** Windows averaged plainly before the long-term latency becomes an exponential average (as Netflix's warm-up). */
const WARMUP_WINDOWS = 10;

/**
 * Netflix's Gradient2 (concurrency-limits), per window: the ratio of the long-term latency to the window's, within
 * [0.5, 1] after `rttTolerance`, scales the limit, `queueSize` is added, and the result is smoothed. Netflix ignores
 * drops; here a window with one (a 503, a 429, a timeout) multiplies the limit by `backoffRatio`, as AIMD does,
 * because a gateway that sheds has already said what its latency would only hint at.
 */
export class Gradient2Limit implements LimitAlgorithm {
  #estimate: number;
  #longRtt = 0;
  #windows = 0;
  #lastRtt = 0;

  constructor(private readonly o: Gradient2Options) {
    this.#estimate = clamp(o.initialLimit, o.minLimit, o.maxLimit);
  }

  /** The calls allowed in flight: the estimate's whole part. */
  get limit(): number {
    return Math.floor(this.#estimate);
  }

  get longRttMs(): number {
    return this.#longRtt;
  }

  get shortRttMs(): number {
    return this.#lastRtt;
  }

  /** Moves the estimate by one closed window; the reason, or undefined when it stays. */
  update(window: WindowSummary): LimitReason | undefined {
    const o = this.o;
    if (window.dropped) {
      this.#estimate = clamp(this.#estimate * o.backoffRatio, o.minLimit, o.maxLimit);
      return 'drop';
    }
    if (window.samples === 0) return undefined;
    // A sub-microsecond mean (a stub in a benchmark) must not divide by zero.
    const shortRtt = Math.max(window.meanRttMs, 0.001);
    this.#lastRtt = shortRtt;
    this.#windows++;
    const weight = this.#windows <= WARMUP_WINDOWS ? 1 / this.#windows : 2 / (o.longWindow + 1);
    this.#longRtt += (shortRtt - this.#longRtt) * weight;
    // After a long overload the average stays high: pull it down rather than wait for the decay.
    if (this.#longRtt / shortRtt > 2) this.#longRtt *= 0.95;
    // A limiter far from full learns nothing about the gateway's capacity: no growth from idle windows.
    if (window.maxInFlight < this.#estimate / 2) return undefined;
    const gradient = clamp((o.rttTolerance * this.#longRtt) / shortRtt, 0.5, 1);
    const target = this.#estimate * gradient + o.queueSize;
    this.#estimate = clamp(this.#estimate * (1 - o.smoothing) + target * o.smoothing, o.minLimit, o.maxLimit);
    return 'latency';
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}
