import type { PresetStats } from '@mcpgw/preset';

/** The figures of `client.stats()` that tell the demo's story, as `[area, figures]` rows. */
export function summariseStats(stats: PresetStats): [string, string][] {
  const rows: [string, string][] = [];
  const c = stats.cache;
  if (c !== undefined) {
    rows.push([
      'cache',
      `${c.hits} hits, ${c.misses} misses, ${c.stale} stale, ${c.entries} entries (${c.bytes} bytes)`,
    ]);
  }
  for (const [upstream, b] of Object.entries(stats.breakers ?? {})) {
    rows.push([`breaker ${upstream}`, `${b.state}: ${b.calls} calls, ${b.failures} failures, ${b.rejects} rejected`]);
  }
  const r = stats.retryBudget;
  if (r !== undefined) rows.push(['retries', `${r.retries} of ${r.requests} requests, budget left ${r.available}`]);
  const a = stats.authz;
  if (a !== undefined) {
    rows.push(['authorization', `${a.allowed} allowed, ${a.denied} denied, ${a.opaCalls} OPA calls`]);
  }
  for (const p of stats.pool) rows.push([`pool ${p.origin}`, `${p.connected} connected, ${p.running} running`]);
  rows.push(['in flight', `${stats.inFlight}`]);
  return rows;
}
