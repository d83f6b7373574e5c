import type { Registry } from 'prom-client';

/**
 * The registry's exposition as `{ metric: { '{a="x",b="y"}': value } }`, label pairs sorted by name, so tests
 * can compare exact samples. Histogram buckets are left out; `_count` and `_sum` are kept.
 */
export async function samplesOf(registry: Registry): Promise<Record<string, Record<string, number>>> {
  const out: Record<string, Record<string, number>> = {};
  for (const metric of await registry.getMetricsAsJSON()) {
    for (const value of metric.values as Array<{
      metricName?: string;
      labels: Record<string, string | number>;
      value: number;
    }>) {
      const name = value.metricName ?? metric.name;
      if (name.endsWith('_bucket')) continue;
      const labels = Object.entries(value.labels)
        .filter(([key]) => key !== 'le')
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, v]) => `${key}="${v}"`)
        .join(',');
      out[name] ??= {};
      (out[name] as Record<string, number>)[labels === '' ? '' : `{${labels}}`] = value.value;
    }
  }
  return out;
}
