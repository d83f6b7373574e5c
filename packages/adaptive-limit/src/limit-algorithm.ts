import type { LimitReason } from '@mcpgw/core';
import type { WindowSummary } from './sample-window.js';

/** How a limit moves with each closed window of calls: Vegas (the default) or Gradient2. */
export interface LimitAlgorithm {
  /** The calls allowed in flight: the estimate's whole part. */
  readonly limit: number;
  /** The latency the window's is compared with (ms): Vegas's no-load latency, Gradient2's long-term average. */
  readonly longRttMs: number;
  /** The last window's mean latency (ms). */
  readonly shortRttMs: number;
  /** Moves the estimate by one closed window; the reason, or undefined when it stays. */
  update(window: WindowSummary): LimitReason | undefined;
}

/** The bounds every algorithm keeps, and the cut a window with a drop makes. */
export interface LimitBounds {
  readonly minLimit: number;
  readonly maxLimit: number;
  readonly initialLimit: number;
  readonly backoffRatio: number;
}

/**
 * What the algorithms share: a fractional estimate within the bounds, a drop that multiplies it by `backoffRatio`
 * (a gateway that sheds has already said what its latency would only hint at), and windows without samples that
 * move nothing. Each algorithm says how one window's mean latency moves it.
 */
export abstract class WindowedLimit<O extends LimitBounds = LimitBounds> implements LimitAlgorithm {
  protected estimate: number;
  /** What the window's latency is compared with (ms); each algorithm keeps it its own way. */
  protected longRtt = 0;
  #lastRtt = 0;

  constructor(protected readonly o: O) {
    this.estimate = clamp(o.initialLimit, o.minLimit, o.maxLimit);
  }

  get limit(): number {
    return Math.floor(this.estimate);
  }

  get shortRttMs(): number {
    return this.#lastRtt;
  }

  get longRttMs(): number {
    return this.longRtt;
  }

  update(window: WindowSummary): LimitReason | undefined {
    const { minLimit, maxLimit, backoffRatio } = this.o;
    if (window.dropped) {
      this.estimate = clamp(this.estimate * backoffRatio, minLimit, maxLimit);
      return 'drop';
    }
    if (window.samples === 0) return undefined;
    // A sub-microsecond mean (a stub in a benchmark) must not divide by zero.
    const rtt = Math.max(window.meanRttMs, 0.001);
    this.#lastRtt = rtt;
    return this.adjust(rtt, window);
  }

  /** Moves the estimate by one window of samples (mean latency `rtt`, ms); the reason, or undefined when it stays. */
  protected abstract adjust(rtt: number, window: WindowSummary): LimitReason | undefined;

  protected clampToBounds(value: number): number {
    return clamp(value, this.o.minLimit, this.o.maxLimit);
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}
