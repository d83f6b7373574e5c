export interface BarChart {
  readonly title: string;
  /** Label of the value axis, with its unit. */
  readonly axis: string;
  readonly groups: readonly string[];
  readonly series: ReadonlyArray<{ readonly name: string; readonly values: ReadonlyArray<number | undefined> }>;
  /** A dashed line across the chart, e.g. the 100 % of a ratio. */
  readonly reference?: { readonly value: number; readonly label: string };
}

const palette = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];

/** A grouped bar chart as standalone SVG text: no library, readable on GitHub and in any browser. */
export function barChartSvg(chart: BarChart): string {
  const barWidth = 16;
  const groupGap = 28;
  const left = 72;
  const top = 56 + Math.ceil(chart.series.length / 4) * 18;
  const plotHeight = 260;
  const bottom = 90;
  const groupWidth = chart.series.length * barWidth + groupGap;
  const width = Math.max(560, left + chart.groups.length * groupWidth + 24);
  const height = top + plotHeight + bottom;
  const values = chart.series.flatMap((s) =>
    s.values.filter((v): v is number => v !== undefined && Number.isFinite(v)),
  );
  const max = niceCeiling(Math.max(1e-9, ...values, chart.reference?.value ?? 0));
  const y = (v: number) => top + plotHeight - (v / max) * plotHeight;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${left}" y="22" font-size="14" font-weight="bold">${escapeXml(chart.title)}</text>`,
  );
  chart.series.forEach((s, i) => {
    const lx = left + (i % 4) * 150;
    const ly = 40 + Math.floor(i / 4) * 18;
    out.push(
      `<rect x="${lx}" y="${ly - 9}" width="10" height="10" fill="${palette[i % palette.length]}"/>`,
      `<text x="${lx + 14}" y="${ly}">${escapeXml(s.name)}</text>`,
    );
  });
  for (let t = 0; t <= 5; t++) {
    const v = (max / 5) * t;
    out.push(
      `<line x1="${left}" x2="${width - 12}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e5e5"/>`,
      `<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${formatTick(v)}</text>`,
    );
  }
  out.push(
    `<text transform="translate(16 ${top + plotHeight / 2}) rotate(-90)" text-anchor="middle">${escapeXml(chart.axis)}</text>`,
  );
  chart.groups.forEach((group, g) => {
    const gx = left + 12 + g * groupWidth;
    chart.series.forEach((s, i) => {
      const v = s.values[g];
      if (v === undefined || !Number.isFinite(v)) return;
      const bx = gx + i * barWidth;
      out.push(
        `<rect x="${bx}" y="${y(v)}" width="${barWidth - 2}" height="${top + plotHeight - y(v)}" fill="${palette[i % palette.length]}"><title>${escapeXml(`${s.name} / ${group}: ${formatTick(v)}`)}</title></rect>`,
      );
    });
    const cx = gx + (chart.series.length * barWidth) / 2;
    out.push(
      `<text transform="translate(${cx} ${top + plotHeight + 14}) rotate(30)" text-anchor="start">${escapeXml(group)}</text>`,
    );
  });
  if (chart.reference !== undefined) {
    const ry = y(chart.reference.value);
    out.push(
      `<line x1="${left}" x2="${width - 12}" y1="${ry}" y2="${ry}" stroke="#333" stroke-dasharray="4 3"/>`,
      `<text x="${width - 14}" y="${ry - 4}" text-anchor="end">${escapeXml(chart.reference.label)}</text>`,
    );
  }
  out.push(`<line x1="${left}" x2="${left}" y1="${top}" y2="${top + plotHeight}" stroke="#999"/>`, '</svg>');
  return `${out.join('\n')}\n`;
}

export function niceCeiling(v: number): number {
  const exponent = 10 ** Math.floor(Math.log10(v));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * exponent >= v) return step * exponent;
  return 10 * exponent;
}

export function formatTick(v: number): string {
  if (v === 0) return '0';
  if (Math.abs(v) >= 100) return String(Math.round(v));
  if (Math.abs(v) >= 1) return String(Math.round(v * 10) / 10);
  return String(Math.round(v * 1000) / 1000);
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
