import { escapeXml, formatTick, niceCeiling } from './svg-chart.js';

export interface LinePanel {
  /** Label of the value axis, with its unit. */
  readonly axis: string;
  readonly series: ReadonlyArray<{ readonly name: string; readonly points: ReadonlyArray<readonly [number, number]> }>;
}

export interface LineChart {
  readonly title: string;
  /** Label of the shared x axis, with its unit. */
  readonly xAxis: string;
  /** Panels stacked top to bottom, sharing the x axis and the series' colours. */
  readonly panels: readonly LinePanel[];
  /** Dashed vertical lines across every panel, e.g. when the gateway's capacity changed. */
  readonly markers?: ReadonlyArray<{ readonly x: number; readonly label: string }>;
}

const palette = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948'];

/** Stacked line charts over one x axis as standalone SVG text: no library, readable on GitHub and in any browser. */
export function lineChartSvg(chart: LineChart): string {
  const left = 72;
  const right = 16;
  const width = 760;
  const panelHeight = 150;
  const gap = 34;
  const names = [...new Set(chart.panels.flatMap((p) => p.series.map((s) => s.name)))];
  const top = 44 + Math.ceil(names.length / 3) * 18;
  const height = top + chart.panels.length * (panelHeight + gap) + 28;
  const xs = chart.panels.flatMap((p) => p.series.flatMap((s) => s.points.map(([x]) => x)));
  const xMax = Math.max(1e-9, ...xs);
  const x = (v: number) => left + (v / xMax) * (width - left - right);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${left}" y="22" font-size="14" font-weight="bold">${escapeXml(chart.title)}</text>`,
  ];
  names.forEach((name, i) => {
    const lx = left + (i % 3) * 220;
    const ly = 40 + Math.floor(i / 3) * 18;
    out.push(
      `<rect x="${lx}" y="${ly - 9}" width="10" height="10" fill="${palette[i % palette.length]}"/>`,
      `<text x="${lx + 14}" y="${ly}">${escapeXml(name)}</text>`,
    );
  });
  chart.panels.forEach((panel, p) => {
    const py = top + p * (panelHeight + gap);
    const values = panel.series.flatMap((s) => s.points.map(([, v]) => v)).filter(Number.isFinite);
    const max = niceCeiling(Math.max(1e-9, ...values));
    const y = (v: number) => py + panelHeight - (v / max) * panelHeight;
    for (let t = 0; t <= 4; t++) {
      const v = (max / 4) * t;
      out.push(
        `<line x1="${left}" x2="${width - right}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e5e5"/>`,
        `<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${formatTick(v)}</text>`,
      );
    }
    out.push(
      `<text transform="translate(16 ${py + panelHeight / 2}) rotate(-90)" text-anchor="middle">${escapeXml(panel.axis)}</text>`,
      `<line x1="${left}" x2="${left}" y1="${py}" y2="${py + panelHeight}" stroke="#999"/>`,
    );
    for (const marker of chart.markers ?? []) {
      out.push(
        `<line x1="${x(marker.x)}" x2="${x(marker.x)}" y1="${py}" y2="${py + panelHeight}" stroke="#333" stroke-dasharray="4 3"/>`,
      );
      if (p === 0) out.push(`<text x="${x(marker.x) + 4}" y="${py + 10}">${escapeXml(marker.label)}</text>`);
    }
    for (const series of panel.series) {
      const colour = palette[names.indexOf(series.name) % palette.length];
      const path = series.points
        .filter(([, v]) => Number.isFinite(v))
        .map(([px, v], i) => `${i === 0 ? 'M' : 'L'}${x(px).toFixed(1)} ${y(v).toFixed(1)}`)
        .join(' ');
      if (path !== '') out.push(`<path d="${path}" fill="none" stroke="${colour}" stroke-width="1.6"/>`);
    }
  });
  const axisY = top + chart.panels.length * (panelHeight + gap) - gap + 16;
  for (let t = 0; t <= 8; t++) {
    const v = (xMax / 8) * t;
    out.push(`<text x="${x(v)}" y="${axisY}" text-anchor="middle">${formatTick(v)}</text>`);
  }
  out.push(`<text x="${(left + width) / 2}" y="${axisY + 16}" text-anchor="middle">${escapeXml(chart.xAxis)}</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
