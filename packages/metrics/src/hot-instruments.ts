import type { Registry } from 'prom-client';

/**
 * Counters, gauges and histograms for the per-operation hot path. prom-client hashes and validates the label
 * object on every `inc()`/`observe()`, which cost about 2 µs per operation across our six hot metrics. These keep
 * one plain object per label set, found by a joined key, and do only arithmetic per event; prom-client's registry
 * still renders them (it only needs `name`, `help`, `type` and `get()`), so the exposition is unchanged.
 */
interface Sample {
  readonly labels: Record<string, string>;
  value: number;
}

interface HistogramSample {
  readonly labels: Record<string, string>;
  /** Observations per bucket (not cumulative); the last slot is +Inf. */
  readonly counts: Float64Array;
  sum: number;
  count: number;
}

interface ExposedValue {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

abstract class HotMetric<S> {
  readonly aggregator = 'sum';
  /** Every sample, in creation order, for the exposition. */
  protected readonly samples: S[] = [];
  // One map level per label: a lookup hashes the label values as they are, without building a joined key per event.
  #index = new Map<string, unknown>();
  abstract readonly type: 'counter' | 'gauge' | 'histogram';

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    registry: Registry,
  ) {
    registry.registerMetric(this as never);
  }

  protected abstract create(labels: Record<string, string>): S;

  /** The sample of one label set; values in `labelNames` order. */
  sample(...values: string[]): S {
    const last = this.labelNames.length - 1;
    let level = this.#index;
    for (let i = 0; i < last; i++) {
      const value = values[i] ?? '';
      let next = level.get(value) as Map<string, unknown> | undefined;
      if (next === undefined) {
        next = new Map();
        level.set(value, next);
      }
      level = next;
    }
    const value = values[last] ?? '';
    const found = level.get(value) as S | undefined;
    if (found !== undefined) return found;
    const labels: Record<string, string> = {};
    for (let i = 0; i <= last; i++) labels[this.labelNames[i]!] = values[i] ?? '';
    const sample = this.create(labels);
    level.set(value, sample);
    this.samples.push(sample);
    return sample;
  }

  protected abstract values(): ExposedValue[];

  async get() {
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values: this.values() };
  }

  reset(): void {
    this.samples.length = 0;
    this.#index = new Map();
  }
}

/** One number per label set: what a counter and a gauge share (only the type they are exposed as differs). */
abstract class HotValue extends HotMetric<Sample> {
  protected create(labels: Record<string, string>): Sample {
    return { labels, value: 0 };
  }
  protected values(): ExposedValue[] {
    return this.samples.map((s) => ({ labels: { ...s.labels }, value: s.value }));
  }
}

export class HotCounter extends HotValue {
  readonly type = 'counter';
}

export class HotGauge extends HotValue {
  readonly type = 'gauge';
}

export class HotHistogram extends HotMetric<HistogramSample> {
  readonly type = 'histogram';
  readonly #bounds: readonly number[];

  constructor(
    name: string,
    help: string,
    labelNames: readonly string[],
    bounds: readonly number[],
    registry: Registry,
  ) {
    super(name, help, labelNames, registry);
    this.#bounds = [...bounds];
  }

  protected create(labels: Record<string, string>): HistogramSample {
    return { labels, counts: new Float64Array(this.#bounds.length + 1), sum: 0, count: 0 };
  }

  observe(sample: HistogramSample, value: number): void {
    const bounds = this.#bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]!) i++;
    sample.counts[i]!++;
    sample.sum += value;
    sample.count++;
  }

  protected values(): ExposedValue[] {
    const out: ExposedValue[] = [];
    for (const s of this.samples) {
      let cumulative = 0;
      for (let i = 0; i <= this.#bounds.length; i++) {
        cumulative += s.counts[i]!;
        const le = i < this.#bounds.length ? this.#bounds[i]! : '+Inf';
        out.push({ labels: { le, ...s.labels }, value: cumulative, metricName: `${this.name}_bucket` });
      }
      out.push({ labels: { ...s.labels }, value: s.sum, metricName: `${this.name}_sum` });
      out.push({ labels: { ...s.labels }, value: s.count, metricName: `${this.name}_count` });
    }
    return out;
  }
}
