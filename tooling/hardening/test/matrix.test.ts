import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseLogSpec } from '../src/log-spec.js';
import { readMatrixRows } from '../src/matrix-doc.js';
import { matrixTable } from '../src/matrix-markdown.js';
import { parseMetricSpec } from '../src/metric-spec.js';
import { chaosScenarios } from './chaos-scenarios.js';

const doc = readFileSync(new URL('../../../docs/gateway/chaos-matrix.md', import.meta.url), 'utf8');
const rows = readMatrixRows(doc);

describe('the chaos matrix in docs/gateway/chaos-matrix.md', () => {
  test('has at least 20 rows, numbered in order', () => {
    expect(rows.length).toBeGreaterThanOrEqual(20);
    expect(rows.map((r) => r.number)).toEqual(rows.map((_, i) => i + 1));
  });

  test('every row has a chaos test and every chaos test has a row', () => {
    const names = chaosScenarios.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    expect(rows.map((r) => r.test)).toEqual(names);
  });

  test('each row says what its test checks (fault, outcome, metric, log line)', () => {
    expect(doc).toContain(matrixTable(chaosScenarios));
    for (const [i, row] of rows.entries()) {
      const scenario = chaosScenarios[i]!;
      expect(row.metric).toBe(scenario.metric);
      expect(row.log).toBe(scenario.log);
      expect(row.fault.length).toBeGreaterThan(0);
    }
  });

  test('every metric and log cell is one the suite can check', () => {
    for (const row of rows) {
      expect(parseMetricSpec(row.metric).name).toMatch(/^mcpgw_/);
      expect(parseLogSpec(row.log).msg.length).toBeGreaterThan(0);
    }
  });
});
