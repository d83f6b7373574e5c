import type { ProfileSummary } from './cpu-profile.js';
import type { ListingResult } from './listing.js';
import type { ScenarioResult } from './load-suite.js';
import type { MachineInfo } from './machine.js';
import type { MicroSummary } from './micro.js';
import type { Availability, PackageName } from './optional-packages.js';
import type { SaturationResult } from './saturation.js';
import type { SoakSummary } from './soak.js';
import type { TargetCheck } from './targets.js';

/** Everything one `pnpm bench` run measured; written as latest.json. */
export interface BenchReport {
  readonly version: 1;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly command: string;
  readonly machine: MachineInfo;
  readonly settings: {
    readonly quick: boolean;
    readonly rates: readonly number[];
    readonly durationMs: number;
    readonly connections: number;
    readonly workers: number;
    readonly servers: number;
    readonly toolsPerServer: number;
  };
  readonly packages: Record<PackageName, Availability>;
  readonly micro: MicroSummary | undefined;
  readonly scenarios: readonly ScenarioResult[];
  readonly listing: ListingResult | undefined;
  readonly saturation: SaturationResult | undefined;
  readonly profile: ProfileSummary | { readonly skipped: string } | undefined;
  readonly soak: SoakSummary | { readonly skipped: string } | undefined;
  readonly targets: readonly TargetCheck[];
}

/** Closed-loop throughput of a scenario as a share of raw undici's, measured just before it when paired. */
export function throughputRatio(report: Pick<BenchReport, 'scenarios'>, name: string): number | undefined {
  const scenario = report.scenarios.find((s) => s.name === name);
  const raw =
    scenario?.pairedRawOpsPerSec ?? report.scenarios.find((s) => s.name === 'raw-undici')?.closedLoop?.opsPerSec;
  const own = scenario?.closedLoop?.opsPerSec;
  return raw === undefined || own === undefined || raw === 0 ? undefined : Math.round((own / raw) * 1000) / 1000;
}

/** p99 at a rate minus raw undici's p99 at the same rate, µs. */
export function addedP99(report: Pick<BenchReport, 'scenarios'>, name: string, rate: number): number | undefined {
  const at = (n: string) =>
    report.scenarios.find((s) => s.name === n)?.openLoop.find((p) => p.rate === rate)?.latency.p99;
  const raw = at('raw-undici');
  const own = at(name);
  return raw === undefined || own === undefined ? undefined : own - raw;
}
