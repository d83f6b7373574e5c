import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mcpMetricNames, metricNames } from '../src/index.js';

const docs = new URL('../../../docs/observability/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, docs), 'utf8');
const known = new Set([...Object.values(metricNames).map((n) => `mcpgw_${n}`), ...Object.values(mcpMetricNames)]);

function namesIn(text: string): string[] {
  const names = new Set<string>();
  for (const [name] of text.matchAll(/(?<![\w"|])(?:mcpgw_|mcp_client_)[a-z_]+/g))
    names.add(name.replace(/_(bucket|count|sum)$/, ''));
  return [...names];
}

describe('docs/observability', () => {
  it('alerts and dashboard use only metrics that @mcpgw/metrics exports', () => {
    const used = [...namesIn(read('alerts.yml')), ...namesIn(read('dashboard.json'))];
    expect(used.length).toBeGreaterThan(8);
    expect(used.filter((name) => !known.has(name))).toEqual([]);
    for (const name of Object.values(mcpMetricNames)) expect(used).toContain(name);
  });

  it('gives every alert a runbook link named after it', () => {
    const alerts = [...read('alerts.yml').matchAll(/- alert: (\w+)/g)].map((m) => m[1] as string);
    expect(alerts).toHaveLength(9);
    for (const alert of alerts) {
      expect(read('alerts.yml')).toContain(`runbook_url: "docs/gateway/HTTP_RUNBOOK.md#${alert.toLowerCase()}"`);
      expect(read('alerts.test.yml')).toContain(`name: ${alert} fires`);
      expect(read('alerts.test.yml')).toContain(`name: ${alert} stays quiet`);
    }
  });
});
