import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readText } from './markdown.js';

const root = resolve(import.meta.dirname, '../../..');
const checklist = readText(join(root, 'docs/gateway/PRODUCTION_READINESS.md'));

/** Vitest project name → its folder, from each workspace package's `projectConfig('<name>')`. */
function projectFolders(): Map<string, string> {
  const folders = new Map<string, string>();
  for (const top of ['packages', 'apps', 'tooling', 'examples']) {
    for (const entry of readdirSync(join(root, top))) {
      const config = join(root, top, entry, 'vitest.config.ts');
      if (!existsSync(config)) continue;
      const name = /projectConfig\(\s*'([^']+)'/.exec(readText(config))?.[1];
      if (name !== undefined) folders.set(name, join(root, top, entry));
    }
  }
  return folders;
}

/** The literal titles of every describe/it/test in a folder's test files. */
function testTitles(folder: string): string[] {
  const titles: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.test.ts')) {
        const source = readText(path);
        const direct = /\b(?:describe|it|test)(?:\.\w+)*\(\s*(['"`])((?:\\.|(?!\1).)*)\1/g;
        const each = /\.each\([^()]*\)\(\s*(['"`])((?:\\.|(?!\1).)*)\1/g;
        for (const m of [...source.matchAll(direct), ...source.matchAll(each)]) {
          titles.push((m[2] as string).replace(/\\(.)/g, '$1'));
        }
      }
    }
  };
  walk(folder);
  return titles;
}

/** Every `--project X -t "a"` (and following `-t "b"`) of each table row. */
function provenLines(): Array<{ project: string; filters: string[]; line: string }> {
  return checklist
    .split('\n')
    .filter((line) => line.startsWith('| ') && line.includes('--project '))
    .map((line) => ({
      project: /--project ([\w-]+)/.exec(line)?.[1] as string,
      filters: [...line.matchAll(/-t "([^"]+)"/g)].map((m) => m[1] as string),
      line: line.slice(0, 60),
    }));
}

describe('PRODUCTION_READINESS.md', () => {
  it('names only projects that exist, and -t filters that match a test of that project', () => {
    const folders = projectFolders();
    const lines = provenLines();
    expect(lines.length).toBeGreaterThan(30);
    const broken: string[] = [];
    for (const { project, filters, line } of lines) {
      const folder = folders.get(project);
      if (folder === undefined) {
        broken.push(`${line}: no project ${project}`);
        continue;
      }
      const titles = testTitles(folder);
      for (const filter of filters) {
        if (!titles.some((title) => title.includes(filter)))
          broken.push(`${line}: no test in ${project} matches "${filter}"`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('gives every checklist row a status', () => {
    const rows = checklist.split('\n').filter((line) => /^\| [PRSOD]\d+ \|/.test(line));
    expect(rows.length).toBeGreaterThan(40);
    for (const row of rows) {
      const status = row.split('|').at(-2)?.trim() ?? '';
      expect(status, row.slice(0, 40)).not.toBe('');
    }
  });
});
