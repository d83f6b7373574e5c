import { addedP99, type BenchReport, throughputRatio } from './report.js';

/** One line of the targets table: the target, the seed's (where it had one), and what this run measured. */
export interface TargetCheck {
  readonly id: string;
  readonly target: string;
  readonly seed: string;
  readonly measured: string;
  /** undefined when this run could not measure it. */
  readonly met: boolean | undefined;
}

type Measured = Omit<BenchReport, 'targets' | 'finishedAt'>;

export function checkTargets(report: Measured): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const add = (
    id: string,
    target: string,
    seed: string,
    value: number | undefined,
    format: (v: number) => string,
    ok: (v: number) => boolean,
  ) =>
    checks.push({
      id,
      target,
      seed,
      measured: value === undefined ? 'not measured' : format(value),
      met: value === undefined ? undefined : ok(value),
    });

  const fullName = report.scenarios.some((s) => s.name === 'preset-miss' && s.available)
    ? 'preset-miss'
    : 'full-stack-miss';
  add(
    'throughput',
    `${fullName} closed-loop throughput ≥ 90 % of raw undici`,
    '1000+ req/s',
    throughputRatio(report, fullName),
    (v) => `${(v * 100).toFixed(1)} % of raw undici`,
    (v) => v >= 0.9,
  );
  add(
    'per-layer',
    '≤ 0.3 µs per pass-through layer (compose)',
    '—',
    report.micro?.perLayerNs,
    (v) => `${(v / 1000).toFixed(3)} µs`,
    (v) => v <= 300,
  );
  add(
    'observability',
    '≤ 3 µs per operation for metrics + tracing + logging',
    '—',
    report.micro?.observabilityNs,
    (v) => `${(v / 1000).toFixed(2)} µs`,
    (v) => v <= 3_000,
  );
  const hit = report.micro?.presetCacheHitOpsPerSec ?? report.micro?.cacheHitOpsPerSec;
  add(
    'cache-hit',
    'cache-hit path through the full stack ≥ 200k ops/s',
    '> 80 % cache hits',
    hit,
    (v) => `${Math.round(v).toLocaleString('en-US')} ops/s`,
    (v) => v >= 200_000,
  );
  for (const rate of [1000, 5000]) {
    add(
      `p99-${rate}`,
      `client-added p99 at ${rate} req/s ≤ 1 ms over raw undici (${fullName})`,
      'p95 < 100 ms',
      addedP99(report, fullName, rate),
      (v) => `${(v / 1000).toFixed(3)} ms`,
      (v) => v <= 1_000,
    );
  }
  const soak = report.soak !== undefined && 'rssGrowthMb' in report.soak ? report.soak : undefined;
  add(
    'memory',
    'no growth trend over the soak: ≤ 5 MB RSS after warm-up',
    '< 10 MB/hour growth',
    soak?.rssGrowthMb,
    (v) => `${v.toFixed(2)} MB RSS (slope ${soak?.rssSlopeMbPerHour} MB/h, heap ${soak?.heapSlopeMbPerHour} MB/h)`,
    (v) => v <= 5,
  );
  const growing = soak?.resources.filter((r) => r.growing).map((r) => r.type);
  checks.push({
    id: 'handles',
    target: 'no growing handle, timer or listener counts',
    seed: '—',
    measured:
      soak === undefined
        ? 'not measured'
        : growing!.length === 0 && soak.processListeners.end <= soak.processListeners.start
          ? 'steady'
          : `growing: ${[...growing!, ...(soak.processListeners.end > soak.processListeners.start ? ['process listeners'] : [])].join(', ')}`,
    met:
      soak === undefined
        ? undefined
        : growing!.length === 0 && soak.processListeners.end <= soak.processListeners.start,
  });
  add(
    'prefetch',
    '10,000 servers with prefetch ≥ 3× faster than sequential pages',
    '—',
    report.listing?.withLatency.speedup,
    (v) =>
      `${v.toFixed(2)}× with ${report.listing?.withLatency.serverLatencyMs} ms per page (${report.listing?.speedup}× on bare loopback), ${report.listing?.servers} servers`,
    (v) => v >= 3,
  );
  return checks;
}
