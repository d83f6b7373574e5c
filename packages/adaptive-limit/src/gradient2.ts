import type { LimitReason } from '@mcpgw/core';
import { type LimitBounds, WindowedLimit } from './limit-algorithm.js';
import type { WindowSummary } from './sample-window.js';

export interface Gradient2Options extends LimitBounds {
  readonly smoothing: number;
  readonly rttTolerance: number;
  readonly queueSize: number;
  readonly longWindow: number;
}

/** Windows averaged plainly before the long-term latency becomes an exponential average (as Netflix's warm-up). */
const WARMUP_WINDOWS = 10;

/**
 * Netflix's Gradient2 (concurrency-limits), per window: the ratio of the long-term latency to the window's, within
 * [0.5, 1] after `rttTolerance`, scales the limit, `queueSize` is added, and the result is smoothed. Netflix ignores
 * drops; here a window with one (a 503, a 429, a timeout) multiplies the limit by `backoffRatio`, as AIMD does,
 * because a gateway that sheds has already said what its latency would only hint at.
 */
export class Gradient2Limit extends WindowedLimit<Gradient2Options> {
  #windows = 0;

  protected adjust(shortRtt: number, window: WindowSummary): LimitReason | undefined {
    const o = this.o;
    this.#windows++;
    const weight = this.#windows <= WARMUP_WINDOWS ? 1 / this.#windows : 2 / (o.longWindow + 1);
    this.longRtt += (shortRtt - this.longRtt) * weight;
    // After a long overload the average stays high: pull it down rather than wait for the decay.
    if (this.longRtt / shortRtt > 2) this.longRtt *= 0.95;
    // A limiter far from full learns nothing about the gateway's capacity: no growth from idle windows.
    if (window.maxInFlight < this.estimate / 2) return undefined;
    const gradient = Math.max(0.5, Math.min(1, (o.rttTolerance * this.longRtt) / shortRtt));
    const target = this.estimate * gradient + o.queueSize;
    this.estimate = this.clampToBounds(this.estimate * (1 - o.smoothing) + target * o.smoothing);
    return 'latency';
  }
}
