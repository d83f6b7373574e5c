import type { OptionSpec } from '@mcpgw/core/kit';
import { type EnvVariable, envVariables, presetOptionSpecs } from '@mcpgw/preset';

type Tree = { readonly [key: string]: OptionSpec | Tree };

const isSpec = (node: OptionSpec | Tree | undefined): node is OptionSpec =>
  node !== undefined && (node.kind === 'number' || node.kind === 'boolean');

/** The spec at a dotted option path, if the option has one. */
export function specAt(path: string): OptionSpec | undefined {
  let node: OptionSpec | Tree | undefined = presetOptionSpecs;
  for (const key of path.split('.')) {
    if (node === undefined || isSpec(node)) return undefined;
    node = node[key];
  }
  return isSpec(node) ? node : undefined;
}

/** The cells of a markdown table row, trimmed; undefined for a line that is not a row. */
export function cellsOf(line: string): string[] | undefined {
  if (!line.startsWith('|')) return undefined;
  return line
    .slice(1, line.endsWith('|') ? -1 : undefined)
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

/** The table whose header row starts with these cells: its line range and its body rows. */
export function tableAfter(markdown: string, header: readonly string[]) {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => {
    const cells = cellsOf(line);
    return cells !== undefined && header.every((h, i) => cells[i] === h);
  });
  if (start < 0) return undefined;
  let end = start + 2;
  while (end < lines.length && cellsOf(lines[end] as string) !== undefined) end++;
  const rows = lines.slice(start + 2, end).map((line) => cellsOf(line) as string[]);
  return { lines, start, end, rows };
}

/** How a docs table writes a default: `5000`, `10485760` (10 MiB), `false`. */
export function defaultCell(spec: OptionSpec, withMiB = true): string | undefined {
  if (spec.default === undefined) return undefined;
  const value = `\`${String(spec.default)}\``;
  if (!withMiB) return value;
  const mib = typeof spec.default === 'number' && spec.unit === 'bytes' ? spec.default / (1024 * 1024) : 0;
  return Number.isInteger(mib) && mib > 0 ? `${value} (${mib} MiB)` : value;
}

const expectedCell = (variable: EnvVariable, secretNote: string) =>
  `${variable.expected}${variable.secret === true ? ` ${secretNote}` : ''}`;

/**
 * The env-variable table as `envVariables` and the option specs make it. A default the specs do not know
 * (`required`, `none (memory store)`) is kept from the current table.
 */
export function envTable(style: 'guide' | 'readme', current: ReadonlyMap<string, string>): string[][] {
  return envVariables.map((variable) => {
    const path = variable.path.join('.');
    const name = `\`${variable.name}\``;
    const option = `\`${path}\``;
    if (style === 'readme') return [name, option, expectedCell(variable, '(never echoed)')];
    const spec = specAt(path);
    const fallback = variable.kind === 'switch' ? 'on' : (current.get(variable.name) ?? 'none');
    const def = (spec === undefined ? undefined : defaultCell(spec)) ?? fallback;
    return [name, option, def, expectedCell(variable, '(secret: never echoed)')];
  });
}

/** Rows as markdown, padded to even columns when `pad`. */
export function renderTable(header: readonly string[], rows: readonly string[][], pad: boolean): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, i) => (pad ? Math.max(3, ...all.map((row) => (row[i] ?? '').length)) : 3));
  const line = (row: readonly string[]) =>
    `|${row.map((cell, i) => (pad ? ` ${cell.padEnd(widths[i] as number)} ` : cell === '' ? ' ' : ` ${cell} `)).join('|')}|`;
  const rule = `| ${widths.map((w) => '-'.repeat(pad ? w : 3)).join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)];
}

/**
 * Every `key: number` a defaults cell states (`{ maxAttempts: 3, budget: { ratio: 0.2 } }`, `50 MiB`), by its path
 * under `prefix`.
 */
export function statedDefaults(cell: string, prefix: string): Map<string, number | boolean> {
  const out = new Map<string, number | boolean>();
  const stack: string[] = [prefix];
  let last = '';
  for (const token of cell.matchAll(/(\{)|(\})|(\w+):\s*(?:(\{)|(\d[\d_.]*(?:\s*MiB)?|true|false))?/g)) {
    if (token[1] !== undefined) continue;
    if (token[2] !== undefined) {
      stack.pop();
      continue;
    }
    const key = token[3] as string;
    if (token[4] !== undefined) {
      stack.push(key);
      continue;
    }
    last = [...stack, key].join('.');
    const raw = token[5];
    if (raw === undefined) continue;
    out.set(last, parseStated(raw));
  }
  return out;
}

export function parseStated(raw: string): number | boolean {
  if (raw === 'true' || raw === 'false') return raw === 'true';
  const mib = /^([\d.]+)\s*MiB$/.exec(raw);
  return mib === null ? Number(raw.replace(/_/g, '')) : Number(mib[1]) * 1024 * 1024;
}

/** A number as the reference tables write it: `10 000`, `2³¹`. */
function shown(value: number): string {
  for (const power of [31, 40]) if (value === 2 ** power) return `2${power === 31 ? '³¹' : '⁴⁰'}`;
  return value >= 10_000 ? value.toLocaleString('en-US').replace(/,/g, ' ') : String(value);
}

/** The "type" cell of a reference table for a numeric spec: `ms`, `ms ≥ 0`, `ms or \`false\``, `1..10 000`, `≥ 1`. */
export function typeCell(spec: OptionSpec): string | undefined {
  if (spec.kind !== 'number') return undefined;
  // setTimeout's limit (a 32-bit counter's too) is no limit to a reader; 2³¹ bytes is one.
  const unbounded = spec.max === 2_147_483_647 && spec.belowMax !== true;
  if (spec.unit === 'milliseconds') {
    const low = spec.min === 1 ? 'ms' : `ms ≥ ${spec.min}`;
    const high = unbounded ? '' : `, ≤ ${shown(spec.max)}`;
    return `${low}${high}${spec.orOff === true ? ' or `false`' : ''}`;
  }
  if (unbounded) return `≥ ${shown(spec.min)}`;
  return spec.belowMax === true
    ? `${shown(spec.min)} ≤ x < ${shown(spec.max)}`
    : `${shown(spec.min)}..${shown(spec.max)}`;
}

/** Every table whose header row starts with these cells, its body rows. */
export function tablesAfter(markdown: string, header: readonly string[]): string[][][] {
  const tables: string[][][] = [];
  let rest = markdown;
  for (let table = tableAfter(rest, header); table !== undefined; table = tableAfter(rest, header)) {
    tables.push(table.rows);
    rest = table.lines.slice(table.end).join('\n');
  }
  return tables;
}

/**
 * The defaults a table states, each with the spec it is for: the option cell is looked up under each prefix in
 * turn (`retry`, then `retry.budget`). A cell like `{ ttlMs: 5000 }` states the defaults of a group.
 */
export function statedAgainstSpecs(rows: readonly string[][], prefixes: readonly string[]) {
  const found: Array<{ path: string; stated: number | boolean; spec: OptionSpec }> = [];
  for (const [optionCell = '', defaultCell = ''] of rows) {
    const option = optionCell.replace(/`/g, '');
    const cell = /^`([^`]+)`$/.exec(defaultCell)?.[1];
    if (cell === undefined) continue;
    for (const prefix of prefixes) {
      const base = prefix === '' ? option : `${prefix}.${option}`;
      const stated = cell.startsWith('{') ? statedDefaults(cell, base) : new Map([[base, parseStated(cell)]]);
      for (const [path, value] of stated) {
        const spec = specAt(path);
        if (spec !== undefined && !Number.isNaN(value)) found.push({ path, stated: value, spec });
      }
    }
  }
  return found;
}
