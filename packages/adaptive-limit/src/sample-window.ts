/** What one window of calls says: their mean latency, how busy the limiter was, whether any call was dropped. */
export interface WindowSummary {
  /** Mean latency of the calls that ended well, in ms; 0 when none did. */
  readonly meanRttMs: number;
  readonly samples: number;
  /** The most calls in flight at any call's start. */
  readonly maxInFlight: number;
  /** A call in the window was dropped: a 503, a 429, a timeout, or an answer that needed a retry. */
  readonly dropped: boolean;
}

/**
 * Calls aggregated into windows in O(1) memory: a sum, a count, a maximum and a flag. A window closes on the first
 * call that ends after `windowMs` once it holds `minSamples` calls (or a drop), so no timer runs per call or at all.
 */
export class SampleWindow {
  #start: number;
  #sum = 0;
  #count = 0;
  #maxInFlight = 0;
  #dropped = false;

  constructor(
    private readonly windowMs: number,
    private readonly minSamples: number,
    now: number,
  ) {
    this.#start = now;
  }

  /** A call that ended well after `rttMs`; the closed window's summary when this call closed it. */
  add(rttMs: number, inFlight: number, now: number): WindowSummary | undefined {
    this.#sum += rttMs;
    this.#count++;
    if (inFlight > this.#maxInFlight) this.#maxInFlight = inFlight;
    return this.#closeIfDue(now);
  }

  /** A dropped call: no latency sample, but the window it ends in cuts the limit. */
  drop(inFlight: number, now: number): WindowSummary | undefined {
    this.#dropped = true;
    if (inFlight > this.#maxInFlight) this.#maxInFlight = inFlight;
    return this.#closeIfDue(now);
  }

  #closeIfDue(now: number): WindowSummary | undefined {
    if (now - this.#start < this.windowMs || (this.#count < this.minSamples && !this.#dropped)) return undefined;
    const summary: WindowSummary = {
      meanRttMs: this.#count === 0 ? 0 : this.#sum / this.#count,
      samples: this.#count,
      maxInFlight: this.#maxInFlight,
      dropped: this.#dropped,
    };
    this.#start = now;
    this.#sum = 0;
    this.#count = 0;
    this.#maxInFlight = 0;
    this.#dropped = false;
    return summary;
  }
}
