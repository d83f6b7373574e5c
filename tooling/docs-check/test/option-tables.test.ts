import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { envVariables } from '@mcpgw/preset';
import { describe, expect, it } from 'vitest';
import {
  defaultCell,
  envTable,
  parseStated,
  renderTable,
  specAt,
  statedDefaults,
  tableAfter,
  typeCell,
} from './option-tables.js';

const root = resolve(import.meta.dirname, '../../..');
// UPDATE_OPTION_TABLES=1 rewrites the generated tables instead of failing on a difference.
const update = process.env.UPDATE_OPTION_TABLES === '1';

const docs = [
  {
    file: 'docs/gateway/HTTP_PRODUCTION_GUIDE.md',
    header: ['variable', 'option', 'default', 'expected'],
    style: 'guide' as const,
  },
  { file: 'packages/preset/README.md', header: ['variable', 'option', 'expected'], style: 'readme' as const },
];

describe('the env-variable tables are generated from envVariables and the option specs', () => {
  for (const { file, header, style } of docs) {
    it(`${file}: one row per variable, its option, default and what it expects`, () => {
      const path = join(root, file);
      const text = readFileSync(path, 'utf8');
      const table = tableAfter(text, header);
      expect(table, `${file} has no table headed ${header.join(' | ')}`).toBeDefined();
      if (table === undefined) return;
      const current = new Map(table.rows.map((row) => [(row[0] ?? '').replace(/`/g, ''), row[2] ?? '']));
      const wanted = envTable(style, current);
      if (update) {
        const lines = [...table.lines];
        lines.splice(table.start, table.end - table.start, ...renderTable(header, wanted, style === 'readme'));
        writeFileSync(path, lines.join('\n'));
        return;
      }
      expect(table.rows, `${file}: run with UPDATE_OPTION_TABLES=1 to regenerate`).toEqual(wanted);
      expect(wanted.length).toBe(envVariables.length);
    });
  }
});

describe("the preset README's option table states the specs' defaults", () => {
  const text = readFileSync(join(root, 'packages/preset/README.md'), 'utf8');
  const table = tableAfter(text, ['option', 'default', 'notes']);

  it('every default it states for an option with a spec is that spec’s default', () => {
    expect(table).toBeDefined();
    const checked: string[] = [];
    const wrong: string[] = [];
    for (const [optionCell = '', defaultCell = ''] of table?.rows ?? []) {
      const option = optionCell.replace(/`/g, '');
      const cell = /^`([^`]+)`$/.exec(defaultCell)?.[1];
      const stated =
        cell === undefined
          ? new Map<string, number | boolean>()
          : cell.startsWith('{')
            ? statedDefaults(cell, option)
            : new Map([[option, parseStated(cell)]]);
      for (const [path, value] of stated) {
        const spec = specAt(path);
        if (spec === undefined) continue;
        checked.push(path);
        if (spec.default !== value) wrong.push(`${path}: the README says ${value}, the spec ${String(spec.default)}`);
      }
    }
    expect(wrong).toEqual([]);
    // Not blind: the table states the defaults of the timeouts, pool, limits, retry, breaker and cache.
    expect(checked.length).toBeGreaterThan(20);
  });

  it('reads nested defaults and MiB', () => {
    expect([
      ...statedDefaults('{ maxAttempts: 3, budget: { ratio: 0.2, minPerSecond: 10 }, maxBytes: 50 MiB }', 'x'),
    ]).toEqual([
      ['x.maxAttempts', 3],
      ['x.budget.ratio', 0.2],
      ['x.budget.minPerSecond', 10],
      ['x.maxBytes', 50 * 1024 * 1024],
    ]);
  });
});

describe('the reference option tables state each spec’s bounds and default', () => {
  const header = ['option', 'type', 'default', 'meaning'];
  for (const file of ['docs/gateway/HTTP_TRANSPORT.md', 'docs/gateway/MCP_TRANSPORT.md']) {
    it(`${file}: the type and default of every option with a spec`, () => {
      const path = join(root, file);
      const text = readFileSync(path, 'utf8');
      const table = tableAfter(text, header);
      expect(table, `${file} has no table headed ${header.join(' | ')}`).toBeDefined();
      if (table === undefined) return;
      let checked = 0;
      const rows = table.rows.map((row) => {
        const spec = specAt((row[0] ?? '').replace(/`/g, ''));
        if (spec === undefined) return row;
        checked++;
        return [
          row[0] as string,
          typeCell(spec) ?? (row[1] as string),
          defaultCell(spec, false) ?? (row[2] as string),
          row[3] ?? '',
        ];
      });
      if (update) {
        const lines = [...table.lines];
        lines.splice(table.start, table.end - table.start, ...renderTable(header, rows, false));
        writeFileSync(path, lines.join('\n'));
        return;
      }
      expect(table.rows, `${file}: run with UPDATE_OPTION_TABLES=1 to regenerate`).toEqual(rows);
      expect(checked).toBeGreaterThan(file.includes('MCP') ? 2 : 30);
    });
  }
});
