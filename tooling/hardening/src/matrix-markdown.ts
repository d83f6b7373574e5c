import type { ChaosScenario } from './chaos-context.js';

const escapeCell = (cell: string) => cell.replaceAll('|', '\\|');

/** The chaos matrix table, one row per scenario, in the format `readMatrixRows` reads back. */
export function matrixTable(scenarios: readonly ChaosScenario[]): string {
  const head = [
    '| # | fault | expected outcome (error class/code or result) | metric that shows it | log line that shows it | test |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  const rows = scenarios.map((s, i) =>
    [
      i + 1,
      s.fault,
      s.knownBug === undefined ? s.expected : `${s.expected} (**fails today**: ${s.knownBug})`,
      `\`${s.metric}\``,
      `\`${s.log}\``,
      `\`${s.name}\``,
    ]
      .map((cell) => escapeCell(String(cell)))
      .join(' | '),
  );
  return [...head, ...rows.map((row) => `| ${row} |`)].join('\n');
}
