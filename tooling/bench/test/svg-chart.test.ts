import { describe, expect, it } from 'vitest';
import { barChartSvg } from '../src/svg-chart.js';

describe('barChartSvg', () => {
  it('draws one bar per defined value, escapes labels and skips missing values', () => {
    const svg = barChartSvg({
      title: 'p99 <by> rate',
      axis: 'ms',
      groups: ['100 req/s', '500 req/s'],
      series: [
        { name: 'raw & undici', values: [1, 2] },
        { name: 'core', values: [3, undefined] },
      ],
      reference: { value: 2.5, label: 'target' },
    });
    expect(svg.match(/<rect x="\d+(\.\d+)?" y="[\d.]+" width="14"/g)).toHaveLength(3);
    expect(svg).toContain('p99 &lt;by&gt; rate');
    expect(svg).toContain('raw &amp; undici');
    expect(svg).toContain('stroke-dasharray');
  });
});
