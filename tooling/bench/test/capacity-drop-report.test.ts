import { describe, expect, it } from 'vitest';
import {
  type Bucket,
  type CapacityDropFigures,
  capacityDropChart,
  capacityDropMarkdown,
  capacityDropSettings,
} from '../src/capacity-drop.js';
import { parseCapacityDropArgs } from '../src/capacity-drop-command.js';
import { lineChartSvg } from '../src/line-chart-svg.js';

const bucket = (tMs: number, limit: number): Bucket => ({
  tMs,
  ok: 10,
  shed: 2,
  failed: 1,
  latencies: [20, 30],
  limit,
  gatewayQueued: 3,
});

const figures: Omit<CapacityDropFigures, 'files'> = {
  node: '24.0.0',
  machine: {
    cpu: 'test',
    cores: 2,
    memoryGb: 1,
    node: 'v24.0.0',
    os: 'linux',
    commit: 'abc',
    loadAverage: { start: 1, end: 1 },
  },
  settings: { ...capacityDropSettings, rate: 1_200, phaseMs: 1_000 },
  runs: (['fixed', 'adaptive'] as const).map((kind) => ({
    kind,
    sent: 100,
    ok: 97,
    shed: 2,
    failed: 1,
    requestsPerCall: 1,
    buckets: [bucket(250, 64), bucket(500, kind === 'fixed' ? 64 : 30)],
    phases: [
      {
        phase: 'full capacity',
        limit: 64,
        p50Ms: 20,
        p99Ms: 30,
        okPerSecond: 40,
        shedPerSecond: 8,
        failedPerSecond: 4,
        gatewayQueued: 3,
      },
    ],
  })),
};

describe('bench capacity-drop report', () => {
  it('charts limit, latency and calls not served for both limits, with the capacity changes marked', () => {
    const svg = capacityDropChart(figures);
    expect(svg.match(/<path /g)).toHaveLength(6);
    expect(svg).toContain('fixed limit (64)');
    expect(svg).toContain('limits.adaptive: true');
    expect(svg).toContain('capacity 32 → 16');
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(6);
  });

  it('tabulates every phase of both runs and accounts for every call', () => {
    const text = capacityDropMarkdown(figures);
    expect(text.match(/^\| (fixed limit \(64\)|limits\.adaptive: true) \| full capacity \|/gm)).toHaveLength(2);
    expect(text).toMatch(/\| fixed limit \(64\) \| 100 \| 97 \| 2 \| 1 \| 0 \| 1 \|/);
  });

  it('skips points that are not numbers and escapes labels', () => {
    const svg = lineChartSvg({
      title: 'a <b>',
      xAxis: 's',
      panels: [
        {
          axis: 'ms',
          series: [
            {
              name: 'x & y',
              points: [
                [0, 1],
                [1, Number.NaN],
                [2, 3],
              ],
            },
          ],
        },
      ],
    });
    expect(svg).toContain('a &lt;b&gt;');
    expect(svg).toContain('x &amp; y');
    expect(svg.match(/[ML][\d.]+ [\d.]+/g)).toHaveLength(2);
  });

  it('reads its flags', () => {
    expect(parseCapacityDropArgs(['--rate', '800', '--phase', '2s', '--out', '/tmp/x'])).toMatchObject({
      rate: 800,
      phaseMs: 2_000,
      outDir: '/tmp/x',
      chartDir: '/tmp/x',
    });
    expect(() => parseCapacityDropArgs(['--rate', '0'])).toThrow(RangeError);
  });
});
