import type { GatewayClient } from '@mcpgw/core';
import { presetDefaults as d } from './defaults.js';
import { type HealthCheck, type HealthReport, type HealthStatus, worstOf } from './health-report.js';
import { type ProbeOutcome, runProbe } from './probe.js';
import type { Onion } from './standard-onion.js';

export interface ReadinessSources {
  readonly onion: Onion;
  /** A client of its own over the same transport, without retry, breaker or cache: a probe must see the truth. */
  readonly probeClient: Pick<GatewayClient, 'health'>;
  readonly probeTimeoutMs: number;
  readonly maxConcurrent: number;
  readonly maxQueue: number;
  readonly failOpen: boolean;
}

/**
 * Readiness: probes the gateway, OPA and the cache store at once (each bounded by `probeTimeoutMs`) and reads the
 * breakers and the pool. Unhealthy: the client cannot do its job (closed, gateway down, OPA down while failing
 * closed). Degraded: it works, impaired (cache store down, a circuit open or half-open, saturated, OPA down while
 * failing open).
 */
export async function readiness(sources: ReadinessSources): Promise<HealthReport> {
  const { onion, probeClient, probeTimeoutMs } = sources;
  const checks: Record<string, HealthCheck> = {};
  const lifecycleState = onion.lifecycle.state;
  checks.client =
    lifecycleState === 'open'
      ? { status: 'healthy', latencyMs: 0 }
      : { status: 'unhealthy', latencyMs: 0, detail: `the client is ${lifecycleState}` };

  // Local figures first, before the probes add requests of their own to the pool.
  if (onion.breaker !== undefined) checks.breakers = breakerCheck(onion);
  if (onion.fleet !== undefined) checks.fleet = fleetCheck(onion.fleet);
  checks.pool = poolCheck(sources);
  const probes: Probe[] = [];
  if (lifecycleState === 'open') probes.push(gatewayProbe(probeClient, probeTimeoutMs));
  if (onion.authorize !== undefined) probes.push(opaProbe(onion.authorize, sources.failOpen));
  if (onion.store !== undefined) probes.push(storeProbe(onion.store));
  await Promise.all(
    probes.map(async ({ check, run, onFailure }) => {
      checks[check] = await runProbe(run, probeTimeoutMs, onFailure);
    }),
  );
  return { status: worstOf(Object.values(checks).map((c) => c.status)), checks: ordered(checks) };
}

/** One probe: the check it reports, what it runs, and what its failure makes of the client's health. */
interface Probe {
  readonly check: 'gateway' | 'opa' | 'cache';
  readonly run: (signal: AbortSignal) => Promise<ProbeOutcome>;
  readonly onFailure: HealthStatus;
}

function gatewayProbe(probeClient: ReadinessSources['probeClient'], timeoutMs: number): Probe {
  return {
    check: 'gateway',
    run: async (signal) => {
      const body = await probeClient.health({ signal, timeoutMs });
      return body.status === 'healthy'
        ? { ok: true }
        : { ok: false, detail: `the gateway reports status ${JSON.stringify(String(body.status).slice(0, 40))}` };
    },
    onFailure: 'unhealthy',
  };
}

function opaProbe(authz: NonNullable<Onion['authorize']>, failOpen: boolean): Probe {
  return {
    check: 'opa',
    run: async () => {
      const health = await authz.health();
      return health.status === 'healthy' ? { ok: true } : { ok: false, detail: health.detail ?? 'OPA is unhealthy' };
    },
    onFailure: failOpen ? 'degraded' : 'unhealthy',
  };
}

function storeProbe(store: NonNullable<Onion['store']>): Probe {
  return {
    check: 'cache',
    run: async () => {
      if (store.health === undefined) return { ok: true, detail: `${store.name} store` };
      const health = await store.health();
      return health.ok
        ? { ok: true, detail: `${store.name} store` }
        : { ok: false, detail: `${store.name} store: ${health.detail ?? 'unavailable'}` };
    },
    onFailure: 'degraded',
  };
}

function breakerCheck(onion: Onion): HealthCheck {
  const circuits = Object.entries(onion.breaker?.stats() ?? {});
  const notClosed = circuits.filter(([, s]) => s.state !== 'closed').map(([key, s]) => `${key} ${s.state}`);
  if (notClosed.length === 0) return { status: 'healthy', latencyMs: 0, detail: `${circuits.length} closed` };
  return { status: 'degraded', latencyMs: 0, detail: notClosed.join(', ').slice(0, 300) };
}

// Degraded, not unhealthy: while local every call still works, only the fleet's budget and circuits are per process.
function fleetCheck(fleet: NonNullable<Onion['fleet']>): HealthCheck {
  const health = fleet.health();
  return health.ok
    ? { status: 'healthy', latencyMs: 0, detail: `shared, ${health.detail ?? ''}`.replace(/, $/, '') }
    : { status: 'degraded', latencyMs: 0, detail: `local: ${health.detail ?? 'redis unreachable'}`.slice(0, 300) };
}

function poolCheck(sources: ReadinessSources): HealthCheck {
  const { inFlight, queued } = sources.onion.limit.stats();
  // The limit of the moment: an adaptive limit moves below the configured maximum.
  const maxConcurrent = sources.onion.limit.maxConcurrent;
  const { maxQueue } = sources;
  const waitingForSocket = sources.onion.transport.stats().reduce((sum, pool) => sum + pool.queued, 0);
  const detail = `in flight ${inFlight}/${maxConcurrent}, queued ${queued}/${maxQueue}, waiting for a socket ${waitingForSocket}`;
  const queueSaturated = maxQueue === 0 ? inFlight >= maxConcurrent : queued >= maxQueue * d.health.saturation;
  return { status: queueSaturated ? 'degraded' : 'healthy', latencyMs: 0, detail };
}

/** Checks in a fixed order, whichever probe answered first. */
function ordered(checks: Record<string, HealthCheck>): Record<string, HealthCheck> {
  const order = ['client', 'gateway', 'opa', 'cache', 'fleet', 'breakers', 'pool'];
  const out: Record<string, HealthCheck> = {};
  for (const key of order) if (checks[key] !== undefined) out[key] = checks[key];
  return out;
}
