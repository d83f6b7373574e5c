import { isGatewayError } from '@mcpgw/core';
import type { HealthCheck, HealthStatus } from './health-report.js';

export interface ProbeOutcome {
  readonly ok: boolean;
  readonly detail?: string;
}

/**
 * Runs one readiness probe, bounded by `timeoutMs` whatever the probe does with the signal it is given. A probe
 * that fails, throws or times out reports `onFailure` (`degraded` or `unhealthy`, decided per check).
 */
export async function runProbe(
  probe: (signal: AbortSignal) => Promise<ProbeOutcome>,
  timeoutMs: number,
  onFailure: HealthStatus,
): Promise<HealthCheck> {
  const started = performance.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ProbeOutcome>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ ok: false, detail: `no answer within ${timeoutMs} ms` });
    }, timeoutMs);
  });
  let outcome: ProbeOutcome;
  try {
    outcome = await Promise.race([probe(controller.signal), timeout]);
  } catch (error) {
    outcome = { ok: false, detail: describe(error) };
  } finally {
    clearTimeout(timer);
  }
  const latencyMs = Math.round((performance.now() - started) * 10) / 10;
  const status: HealthStatus = outcome.ok ? 'healthy' : onFailure;
  return outcome.detail === undefined ? { status, latencyMs } : { status, latencyMs, detail: outcome.detail };
}

/** A probe failure in a few words: the error's code and message (which never hold secrets in mcpgw). */
function describe(error: unknown): string {
  if (isGatewayError(error)) return `${error.code}: ${error.message}`.slice(0, 300);
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 300);
  return 'probe failed';
}
