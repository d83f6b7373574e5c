import type { GatewaySim } from '@mcpgw/gateway-sim';

/**
 * Invokes that ran more than once for one logical call, from the simulators' invoke logs: without an
 * Idempotency-Key, one request id (the same on every attempt) may run at most once; with a key, one key may run
 * at most once. Returns a description of each violation (empty when none).
 */
export function doubleRuns(sims: readonly GatewaySim[]): string[] {
  const runs = new Map<string, number>();
  for (const sim of sims) {
    for (const record of sim.invocations) {
      if (!record.executed) continue;
      const key =
        record.idempotencyKey === undefined
          ? `request ${record.requestId}`
          : `idempotency key ${record.idempotencyKey}`;
      runs.set(key, (runs.get(key) ?? 0) + 1);
    }
  }
  return [...runs].filter(([, count]) => count > 1).map(([key, count]) => `${key} ran ${count} times`);
}
