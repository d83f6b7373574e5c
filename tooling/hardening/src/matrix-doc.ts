export interface MatrixRow {
  readonly number: number;
  readonly fault: string;
  readonly expected: string;
  readonly metric: string;
  readonly log: string;
  readonly test: string;
}

/** The rows of the chaos matrix table in a markdown document (`| # | fault | expected | metric | log | test |`). */
export function readMatrixRows(markdown: string): MatrixRow[] {
  const rows: MatrixRow[] = [];
  for (const line of markdown.split('\n')) {
    if (!/^\|\s*\d+\s*\|/.test(line)) continue;
    const cells = splitRow(line);
    if (cells.length !== 6) throw new Error(`a matrix row needs 6 cells: ${line}`);
    const [number, fault, expected, metric, log, test] = cells as [string, string, string, string, string, string];
    rows.push({
      number: Number(number),
      fault,
      expected,
      metric: unquote(metric),
      log: unquote(log),
      test: unquote(test),
    });
  }
  return rows;
}

function splitRow(line: string): string[] {
  // Cells may hold `\|` inside code spans; split on unescaped pipes only.
  const cells = line
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/);
  return cells.map((cell) => cell.trim().replaceAll('\\|', '|'));
}

function unquote(cell: string): string {
  return cell.replace(/^`(.*)`$/, '$1');
}
