import type { TripRule } from '@mcpgw/core/kit';

export interface WindowCounts {
  readonly calls: number;
  readonly successes: number;
  readonly failures: number;
  readonly rejects: number;
}

/**
 * Outcomes over the last `buckets` slices of the rolling window, as a trip rule: the circuit opens on a failure once
 * the window holds at least `volumeThreshold` calls and more than `errorThresholdPercentage` % of them failed.
 * `rotate()` drops the oldest slice; the breaker's one shared timer calls it once a slice.
 */
export class RollingWindow implements TripRule {
  readonly #volumeThreshold: number;
  readonly #errorThresholdPercentage: number;
  // Finished slices as [successes, failures, rejects] triples, oldest at #oldest; the current slice is in fields.
  readonly #past: Uint32Array;
  #oldest = 0;
  #successes = 0;
  #failures = 0;
  #rejects = 0;
  #totalSuccesses = 0;
  #totalFailures = 0;
  #totalRejects = 0;

  constructor(buckets: number, volumeThreshold: number, errorThresholdPercentage: number) {
    this.#volumeThreshold = volumeThreshold;
    this.#errorThresholdPercentage = errorThresholdPercentage;
    this.#past = new Uint32Array(3 * (buckets - 1));
  }

  success(): void {
    this.#successes++;
    this.#totalSuccesses++;
  }

  failure(): boolean {
    this.#failures++;
    const failures = ++this.#totalFailures;
    const calls = failures + this.#totalSuccesses;
    return calls >= this.#volumeThreshold && (failures / calls) * 100 > this.#errorThresholdPercentage;
  }

  /** A call refused while the circuit was open or its probes were taken. */
  reject(): void {
    this.#rejects++;
    this.#totalRejects++;
  }

  reset(): void {
    this.#past.fill(0);
    this.#successes = this.#failures = this.#rejects = 0;
    this.#totalSuccesses = this.#totalFailures = this.#totalRejects = 0;
  }

  rotate(): void {
    const past = this.#past;
    if (past.length === 0) {
      this.reset();
      return;
    }
    const i = this.#oldest;
    this.#totalSuccesses -= past[i] ?? 0;
    this.#totalFailures -= past[i + 1] ?? 0;
    this.#totalRejects -= past[i + 2] ?? 0;
    past[i] = this.#successes;
    past[i + 1] = this.#failures;
    past[i + 2] = this.#rejects;
    this.#successes = this.#failures = this.#rejects = 0;
    this.#oldest = (i + 3) % past.length;
  }

  get counts(): WindowCounts {
    return {
      calls: this.#totalSuccesses + this.#totalFailures,
      successes: this.#totalSuccesses,
      failures: this.#totalFailures,
      rejects: this.#totalRejects,
    };
  }
}
