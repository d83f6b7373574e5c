import type { LimitReason } from '@mcpgw/core';
import { type LimitBounds, WindowedLimit } from './limit-algorithm.js';
import type { WindowSummary } from './sample-window.js';

export interface VegasOptions extends LimitBounds {
  /** Below `alpha × log10(limit)` calls queued at the gateway the limit grows; above `beta × log10(limit)` it falls. */
  readonly alpha: number;
  readonly beta: number;
  /** Windows over which the no-load latency forgets its minimum, so a gateway that got slower for good is learnt. */
  readonly baselineWindow: number;
}

/**
 * TCP Vegas as Netflix's concurrency-limits applies it, per window: the no-load latency is the lowest window mean
 * seen, so `limit × (1 − noLoad / latency)` estimates the calls waiting at the gateway. For a gateway that serves C
 * calls at once that estimate is `limit − C`: Vegas holds the gateway's queue at a few calls whatever C is. Few
 * queued (≤ log10(limit)) grows it by `beta × log10`, under `alpha` by one `log10`, over `beta` shrinks it by one
 * `log10` or half the excess over `beta`, whichever is more (Netflix moves per call, we per window); a window with a
 * drop (a 503, a 429, a timeout) multiplies it by `backoffRatio`.
 */
export class VegasLimit extends WindowedLimit<VegasOptions> {
  protected adjust(rtt: number, window: WindowSummary): LimitReason | undefined {
    const o = this.o;
    // A new lowest latency says nothing about queueing yet (the first windows are a cold start): learn it, hold.
    if (this.longRtt === 0 || rtt < this.longRtt) {
      this.longRtt = rtt;
      return undefined;
    }
    this.longRtt += (rtt - this.longRtt) / o.baselineWindow;
    // A limiter far from full learns nothing about the gateway's capacity: no growth from idle windows.
    if (window.maxInFlight < this.estimate / 2) return undefined;
    const limit = this.estimate;
    const log = Math.max(1, Math.log10(limit));
    const queued = limit * (1 - this.longRtt / rtt);
    let target: number;
    if (queued <= log) target = limit + o.beta * log;
    else if (queued < o.alpha * log) target = limit + log;
    // Far over beta, close half the excess at once: one log10 per window would take seconds to follow a halving.
    else if (queued > o.beta * log) target = limit - Math.max(log, (queued - o.beta * log) / 2);
    else return undefined;
    this.estimate = this.clampToBounds(target);
    return 'latency';
  }
}
