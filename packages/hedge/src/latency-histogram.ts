/**
 * Log-linear buckets over microseconds: 16 exact ones below 16 µs, then 16 per power of two, so any value is kept
 * within 1/16 (6.25 %) of itself, from 1 µs to 2^31 µs (about 36 minutes), in 448 counters.
 */
const SUB_BUCKETS = 16;
const SUB_BITS = 4;
const MAX_MICROS = 2 ** 31 - 1;
const BUCKETS = (31 - SUB_BITS + 1) * SUB_BUCKETS;

export interface LatencyHistogramOptions {
  /** Samples in each of the two halves of the window; the older half is dropped when the newer one fills. */
  readonly halfWindow: number;
}

/**
 * The latency of the recent answers of one upstream and operation, in fixed memory: two log-linear histograms, the
 * current one and the one before it. The percentile reads both, so it follows the last `halfWindow` to
 * `2 × halfWindow` samples: a gateway that got slower moves the hedge delay within one window, and memory never
 * grows with traffic.
 */
export class LatencyHistogram {
  readonly #halfWindow: number;
  #current = new Uint32Array(BUCKETS);
  #previous = new Uint32Array(BUCKETS);
  #currentCount = 0;
  #previousCount = 0;

  constructor(options: LatencyHistogramOptions) {
    this.#halfWindow = options.halfWindow;
  }

  /** Samples the percentile reads now. */
  get count(): number {
    return this.#currentCount + this.#previousCount;
  }

  record(ms: number): void {
    if (!(ms >= 0)) return;
    if (this.#currentCount >= this.#halfWindow) {
      const dropped = this.#previous;
      dropped.fill(0);
      this.#previous = this.#current;
      this.#previousCount = this.#currentCount;
      this.#current = dropped;
      this.#currentCount = 0;
    }
    this.#current[bucketOf(ms)]! += 1;
    this.#currentCount += 1;
  }

  /**
   * The smallest latency, in ms, that at least `percent` % of the samples do not exceed (the upper edge of its
   * bucket, so a hedge waits slightly longer rather than shorter); undefined without samples.
   */
  percentile(percent: number): number | undefined {
    const total = this.count;
    if (total === 0) return undefined;
    const rank = Math.max(1, Math.ceil((percent / 100) * total));
    let seen = 0;
    for (let index = 0; index < BUCKETS; index++) {
      seen += this.#current[index]! + this.#previous[index]!;
      if (seen >= rank) return upperEdgeMicros(index) / 1000;
    }
    return upperEdgeMicros(BUCKETS - 1) / 1000;
  }
}

function bucketOf(ms: number): number {
  const micros = Math.min(MAX_MICROS, Math.max(0, Math.round(ms * 1000)));
  if (micros < SUB_BUCKETS) return micros;
  const exponent = 31 - Math.clz32(micros);
  return (exponent - SUB_BITS + 1) * SUB_BUCKETS + ((micros >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1));
}

/** The first value (µs) past bucket `index`. */
function upperEdgeMicros(index: number): number {
  if (index < SUB_BUCKETS) return index + 1;
  const exponent = (index >>> SUB_BITS) + SUB_BITS - 1;
  const width = 2 ** (exponent - SUB_BITS);
  return (SUB_BUCKETS + (index & (SUB_BUCKETS - 1))) * width + width;
}
