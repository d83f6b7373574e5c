import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { errorCodes } from '@mcpgw/core';
import { envVariables } from '@mcpgw/preset';
import { describe, expect, it } from 'vitest';
import { anchorsOf, readText, relativeLinksOf, sectionAfterAnchor, withoutCodeBlocks } from './markdown.js';

const root = resolve(import.meta.dirname, '../../..');
const gatewayDocs = join(root, 'docs/gateway');
const runbookPath = join(gatewayDocs, 'HTTP_RUNBOOK.md');
const guidePath = join(gatewayDocs, 'HTTP_PRODUCTION_GUIDE.md');
const alertsPath = join(root, 'docs/observability/alerts.yml');

// Written by other issues in parallel: checked only once they exist.
const mayLandLater = new Set(['HTTP_PERFORMANCE.md', 'chaos-matrix.md', 'hardening-results.md']);

/** Alert names, read loosely from the `- alert: Name` lines. */
function alertNames(): string[] {
  return [...readText(alertsPath).matchAll(/^\s*-\s*alert:\s*(\S+)\s*$/gm)].map((m) => m[1] as string);
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(dir, name));
}

/** Every `MCPGW_*` name that some source file of a package or app spells out. */
function namesInSources(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        for (const m of readFileSync(path, 'utf8').matchAll(/\bMCPGW_[A-Z0-9_]+\b/g)) names.add(m[0]);
      }
    }
  };
  for (const top of ['packages', 'apps']) {
    for (const entry of readdirSync(join(root, top))) {
      const src = join(root, top, entry, 'src');
      if (existsSync(src)) walk(src);
    }
  }
  return names;
}

/** Metric names from the table of packages/metrics/README.md. */
function metricNames(): Set<string> {
  const readme = readText(join(root, 'packages/metrics/README.md'));
  const names = new Set<string>();
  for (const line of readme.split('\n')) {
    if (!line.startsWith('| `mcpgw_')) continue;
    const firstCell = line.split('|')[1] ?? '';
    for (const m of firstCell.matchAll(/`(mcpgw_[a-z_]+)`/g)) names.add(m[1] as string);
  }
  return names;
}

describe('HTTP_RUNBOOK.md', () => {
  const runbook = readText(runbookPath);
  const anchors = anchorsOf(runbook);

  it('has a section for every error code of @mcpgw/core', () => {
    expect(errorCodes.length).toBeGreaterThan(10);
    const missing = errorCodes.filter((code) => !anchors.has(code.toLowerCase()));
    expect(missing, 'error codes without an <a id="mcpgw_..."> section').toEqual([]);
  });

  it('has a section for every alert of docs/observability/alerts.yml, anchored at its lower-cased name', () => {
    const alerts = alertNames();
    expect(alerts.length).toBeGreaterThan(0);
    const missing = alerts.filter((name) => !anchors.has(name.toLowerCase()));
    expect(missing, 'alerts without a runbook section').toEqual([]);
  });

  it('resolves every runbook_url of the alert rules', () => {
    const urls = [...readText(alertsPath).matchAll(/runbook_url:\s*"?([^"\s]+)"?/g)].map((m) => m[1] as string);
    expect(urls.length).toBe(alertNames().length);
    for (const url of urls) {
      const [file, anchor] = url.split('#');
      expect(resolve(root, file as string)).toBe(runbookPath);
      expect(anchors.has(anchor as string), `${url} has no anchor`).toBe(true);
    }
  });

  it('gives each error and alert section a symptom, what to look at, a cause and an action', () => {
    const sections = [...errorCodes.map((c) => c.toLowerCase()), ...alertNames().map((n) => n.toLowerCase())];
    for (const anchor of sections) {
      const section = sectionAfterAnchor(runbook, anchor) ?? '';
      for (const part of ['Symptom', 'Look at', 'Cause', 'Action']) {
        expect(section, `section ${anchor} lacks "${part}"`).toContain(`**${part}**`);
      }
    }
  });
});

describe('HTTP_PRODUCTION_GUIDE.md', () => {
  it('names every MCPGW_* variable that configFromEnv() reads', () => {
    const guide = readText(guidePath);
    expect(envVariables.length).toBeGreaterThan(20);
    const missing = envVariables.map((v) => v.name).filter((name) => !new RegExp(`\\b${name}\\b`).test(guide));
    expect(missing, 'variables missing from the guide').toEqual([]);
  });
});

describe('the production docs invent nothing', () => {
  const ours = [
    'HTTP_TRANSPORT.md',
    'HTTP_PRODUCTION_GUIDE.md',
    'HTTP_RUNBOOK.md',
    'HTTP_OBSERVABILITY.md',
    'PRODUCTION_READINESS.md',
  ];

  it('every MCPGW_* name they mention exists in the sources', () => {
    const known = namesInSources();
    for (const name of ours) {
      const text = readText(join(gatewayDocs, name));
      const unknown = [...new Set([...text.matchAll(/\bMCPGW_[A-Z0-9_]+\b/g)].map((m) => m[0]))].filter(
        // A name ending in `_` is a family (`MCPGW_JWT_*`), not a name.
        (n) => !known.has(n) && !n.endsWith('_'),
      );
      expect(unknown, `${name} mentions names no source defines`).toEqual([]);
    }
  });

  it('every metric they mention is one @mcpgw/metrics exports', () => {
    const metrics = metricNames();
    expect(metrics.size).toBeGreaterThan(10);
    // Outcomes are error codes lower-cased: core's and every other package's (the MCP dialect's among them).
    const outcomes = new Set([...errorCodes, ...namesInSources()].map((c) => c.toLowerCase()));
    for (const name of ours) {
      const text = readText(join(gatewayDocs, name));
      const unknown = [...new Set([...text.matchAll(/\bmcpgw_[a-z_]+\b/g)].map((m) => m[0]))]
        .map((n) => n.replace(/_(bucket|sum|count)$/, ''))
        .filter((n) => !metrics.has(n) && !outcomes.has(n));
      expect(unknown, `${name} mentions metrics that do not exist`).toEqual([]);
    }
  });
});

describe('relative links in docs/*.md and docs/gateway/*.md', () => {
  const files = [...markdownFiles(join(root, 'docs')), ...markdownFiles(gatewayDocs)];

  it('point at files that exist, and at anchors that exist', () => {
    const broken: string[] = [];
    for (const file of files) {
      const text = readText(file);
      for (const link of relativeLinksOf(text)) {
        const [pathPart, anchor] = link.split('#') as [string, string | undefined];
        const target = pathPart === '' ? file : resolve(dirname(file), decodeURIComponent(pathPart));
        const where = `${relative(root, file)} → ${link}`;
        if (!existsSync(target)) {
          if (!mayLandLater.has(pathPart.split('/').pop() ?? '')) broken.push(`${where} (no such file)`);
          continue;
        }
        if (anchor !== undefined && target.endsWith('.md') && !anchorsOf(readText(target)).has(anchor)) {
          broken.push(`${where} (no such anchor)`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('finds the links it checks (the parser is not blind)', () => {
    const runbookLinks = relativeLinksOf(readText(runbookPath));
    expect(runbookLinks).toContain('chaos-matrix.md');
    expect(
      relativeLinksOf('[a](x.md) `[b](y.md)`\n```\n[c](z.md)\n```\n<a href="w.md">w</a> [e](https://e.x)'),
    ).toEqual(['x.md', 'w.md']);
    expect(withoutCodeBlocks('```\n<a id="x">\n```').includes('<a id')).toBe(false);
  });
});
