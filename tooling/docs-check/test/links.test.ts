import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchorsOf, readText, relativeLinksOf } from './markdown.js';

const root = resolve(import.meta.dirname, '../../..');
const skipped = new Set(['node_modules', '.git', 'dist', 'coverage', '.tmp', '.turbo', '.changeset']);

/** Every markdown file of the repository (not dependencies, builds or reports). */
function markdownFiles(dir = root): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skipped.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...markdownFiles(path));
    else if (entry.name.endsWith('.md')) found.push(path);
  }
  return found;
}

/** Folders of the packages npm shows a README of: what `private: false` packages ship. */
function publishedPackageDirs(): string[] {
  return readdirSync(join(root, 'packages'))
    .map((name) => join(root, 'packages', name))
    .filter((dir) => {
      const manifest = join(dir, 'package.json');
      return (
        existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { private?: boolean }).private !== true
      );
    });
}

const files = markdownFiles();

describe('links in every markdown file of the repository', () => {
  it('finds the files (the walk is not blind)', () => {
    const names = files.map((f) => relative(root, f));
    expect(names).toEqual(expect.arrayContaining(['README.md', 'apps/cli/README.md', 'docs/gateway/REST_API.md']));
  });

  it('relative links point at files and anchors that exist', () => {
    const broken: string[] = [];
    for (const file of files) {
      for (const link of relativeLinksOf(readText(file))) {
        const [pathPart, anchor] = link.split('#') as [string, string | undefined];
        const target = pathPart === '' ? file : resolve(dirname(file), decodeURIComponent(pathPart));
        const where = `${relative(root, file)} → ${link}`;
        if (!existsSync(target)) broken.push(`${where} (no such file)`);
        else if (anchor !== undefined && target.endsWith('.md') && !anchorsOf(readText(target)).has(anchor)) {
          broken.push(`${where} (no such anchor)`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('no document names a markdown file that is not in the repository, in a link, a code span or prose', () => {
    const known = new Set(files.map((f) => basename(f)));
    const unknown: string[] = [];
    for (const file of files) {
      const text = readText(file).replace(/https?:\/\/\S+/g, '');
      for (const match of text.matchAll(/(?<![\w.-])([\w./-]*\w\.md)\b/g)) {
        const name = basename(match[1] as string);
        if (!known.has(name)) unknown.push(`${relative(root, file)} names ${match[1]}`);
      }
    }
    expect(unknown).toEqual([]);
  });
});

describe("published packages' READMEs, as the registry shows them", () => {
  it('link outside their package only with absolute URLs (the registry page has no ../../docs)', () => {
    const escaping: string[] = [];
    const dirs = publishedPackageDirs();
    expect(dirs.length).toBeGreaterThan(5);
    for (const dir of dirs) {
      const readme = join(dir, 'README.md');
      if (!existsSync(readme)) continue;
      for (const link of relativeLinksOf(readText(readme))) {
        const target = resolve(dir, decodeURIComponent(link.split('#')[0] as string));
        if (!target.startsWith(`${dir}/`)) escaping.push(`${relative(root, readme)} → ${link}`);
      }
    }
    expect(escaping).toEqual([]);
  });
});
