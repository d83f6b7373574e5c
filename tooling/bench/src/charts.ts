import { type BenchReport, throughputRatio } from './report.js';
import { type BarChart, barChartSvg } from './svg-chart.js';

/** The report's charts as `{ file name → SVG text }`. */
export function reportCharts(report: BenchReport): Map<string, string> {
  const charts = new Map<string, string>();
  const swept = report.scenarios.filter((s) => s.openLoop.length > 0);
  if (swept.length > 0) {
    const rates = report.settings.rates;
    charts.set(
      'latency-p99-by-rate.svg',
      barChartSvg({
        title: 'Open loop: p99 latency by arrival rate (from intended send time)',
        axis: 'p99 latency, ms',
        groups: rates.map((r) => `${r} req/s`),
        series: swept.map((s) => ({
          name: s.name,
          values: rates.map((r) => {
            const p = s.openLoop.find((x) => x.rate === r);
            return p === undefined ? undefined : p.latency.p99 / 1000;
          }),
        })),
      }),
    );
    for (const rate of rates) {
      const points = swept.map((s) => s.openLoop.find((x) => x.rate === rate));
      const percentile = (
        name: string,
        pick: (p: NonNullable<(typeof points)[number]>) => number,
      ): BarChart['series'][number] => ({
        name,
        values: points.map((p) => (p === undefined ? undefined : pick(p) / 1000)),
      });
      charts.set(
        `latency-percentiles-${rate}.svg`,
        barChartSvg({
          title: `Open loop at ${rate} req/s: latency percentiles by scenario`,
          axis: 'latency, ms',
          groups: swept.map((s) => s.name),
          series: [
            percentile('p50', (p) => p.latency.p50),
            percentile('p90', (p) => p.latency.p90),
            percentile('p99', (p) => p.latency.p99),
            percentile('p99.9', (p) => p.latency.p999),
          ],
        }),
      );
    }
  }
  const measured = report.scenarios.filter((s) => s.closedLoop !== undefined);
  if (measured.length > 0) {
    charts.set(
      'throughput-ratio.svg',
      barChartSvg({
        title: 'Closed loop: throughput as a share of raw undici',
        axis: '% of raw undici ops/s',
        groups: measured.map((s) => s.name),
        series: [
          {
            name: 'throughput, % of raw undici',
            values: measured.map((s) => (throughputRatio(report, s.name) ?? 0) * 100),
          },
        ],
        reference: { value: 90, label: 'target 90 %' },
      }),
    );
  }
  return charts;
}
