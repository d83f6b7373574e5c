import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { envVariables } from '@mcpgw/preset';
import { describe, expect, it } from 'vitest';
import {
  defaultCell,
  envTable,
  renderTable,
  specAt,
  statedAgainstSpecs,
  statedDefaults,
  tableAfter,
  tablesAfter,
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

describe("the option tables of the READMEs state the specs' defaults", () => {
  const readmes: Array<[string, string[], string[], number]> = [
    ['packages/preset/README.md', ['option', 'default', 'notes'], [''], 20],
    ['packages/retry/README.md', ['option', 'default', 'meaning'], ['retry', 'retry.budget'], 5],
    ['packages/breaker/README.md', ['option', 'default', 'meaning'], ['breaker'], 3],
    ['packages/cache/README.md', ['option', 'default', 'meaning'], ['cache'], 5],
    ['packages/opa/README.md', ['option', 'default'], ['opa'], 4],
  ];
  for (const [file, header, prefixes, least] of readmes) {
    it(`${file}: every default it states for an option with a spec is that spec's default`, () => {
      const rows = tablesAfter(readFileSync(join(root, file), 'utf8'), header).flat();
      const found = statedAgainstSpecs(rows, prefixes);
      const wrong = found
        .filter(({ stated, spec }) => stated !== spec.default)
        .map(({ path, stated, spec }) => `${path}: the README says ${stated}, the spec ${String(spec.default)}`);
      expect(wrong).toEqual([]);
      // Not blind: it finds the defaults the table does state.
      expect(found.length).toBeGreaterThanOrEqual(least);
    });
  }

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
