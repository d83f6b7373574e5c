import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type GatewaySim, startGatewaySim } from '../../../apps/gateway-sim/src/index.js';
import { installedClosure } from '../src/dependency-closure.js';
import { installSnippet } from '../src/readme-snippet.js';
import { type ProcessResult, runProcess, userEnv } from '../src/run-process.js';
import {
  tarballName,
  type WorkspacePackage,
  withWorkspaceDependencies,
  workspacePackages,
} from '../src/workspace-packages.js';

const root = resolve(import.meta.dirname, '../../..');
const fixtures = resolve(import.meta.dirname, '../fixtures');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

const all = workspacePackages(root);
const published = all.filter((p) => p.manifest.private !== true);
const cli = all.find((p) => p.name === '@mcpgw/cli') as WorkspacePackage;
// The CLI is installed as a user would (`npm i -g`), with the workspace packages it needs beside it.
const forCli = withWorkspaceDependencies([cli], all);
// What a user's tsc and their OTel SDK resolve against: caret ranges, so npm picks the newest, as for a user.
const userDependencies = {
  '@opentelemetry/api': '^1.9.0',
  '@opentelemetry/sdk-trace-base': '^2.0.0',
  '@opentelemetry/sdk-trace-node': '^2.0.0',
  '@types/node': '^22.19.0',
};

let work: string;
let project: string;
let globalPrefix: string;
let sim: GatewaySim;
// The fixtures compiled once, under node16 resolution (strict, exactOptionalPropertyTypes, libraries checked too).
let node16: ProcessResult;
const tarballs = new Map<string, string>();

const node = (args: readonly string[], env: Record<string, string> = {}, cwd = project) =>
  runProcess(process.execPath, args, { cwd, env: userEnv(env), timeoutMs: 60_000 });
const npm = (args: readonly string[], cwd: string) => runProcess('npm', args, { cwd, timeoutMs: 400_000 });
const ok = (r: ProcessResult, what: string) => {
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
};

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'mcpgw-packaging-'));
  project = join(work, 'project');
  globalPrefix = join(work, 'global');
  const packs = join(work, 'packs');
  mkdirSync(project);
  mkdirSync(packs);

  const build = spawnSync(process.execPath, [tsc, '-b'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`tsc -b failed:\n${build.stdout}${build.stderr}`);
  const toPack = new Map([...published, ...forCli].map((p) => [p.name, p]));
  const filters = [...toPack.keys()].flatMap((name) => ['--filter', name]);
  ok(await runProcess('pnpm', ['-r', ...filters, 'pack', '--pack-destination', packs], { cwd: root }), 'pnpm pack');
  for (const p of toPack.values()) {
    const file = join(packs, tarballName(p.manifest));
    if (!existsSync(file)) throw new Error(`pnpm pack wrote no ${file}`);
    tarballs.set(p.name, file);
  }

  const dependencies = Object.fromEntries(published.map((p) => [p.name, `file:${tarballs.get(p.name)}`]));
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({
      name: 'user-project',
      private: true,
      type: 'module',
      dependencies: { ...dependencies, ...userDependencies },
    }),
  );
  cpSync(join(fixtures, 'src'), join(project, 'src'), { recursive: true });
  cpSync(join(fixtures, 'tsconfig.node16.json'), join(project, 'tsconfig.node16.json'));
  cpSync(join(fixtures, 'tsconfig.bundler.json'), join(project, 'tsconfig.bundler.json'));
  writeFileSync(join(project, 'quickstart.mjs'), installSnippet(join(root, 'README.md')));
  writeFileSync(join(project, 'src', 'quickstart.ts'), installSnippet(join(root, 'README.md')));

  // One install for the project, one global one for the CLI, and Node 22 (the oldest supported line) for the README.
  const installs = await Promise.all([
    npm(['install', '--no-audit', '--no-fund'], project),
    npm(['install', '--global', '--prefix', globalPrefix, ...forCli.map((p) => tarballs.get(p.name) as string)], work),
    npm(['install', '--prefix', join(work, 'node22'), 'node@22'], work),
  ]);
  const what = ['npm install (project)', 'npm install --global (cli)', 'npm install node@22'];
  for (const [i, r] of installs.entries()) ok(r, what[i] as string);
  node16 = await node([tsc, '-p', 'tsconfig.node16.json']);
  sim = await startGatewaySim({ port: 0, servers: 7, requireUserToken: false });
}, 600_000);

afterAll(async () => {
  await sim?.close();
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

describe('the tarballs', () => {
  const installedDir = (name: string) =>
    name === '@mcpgw/cli' || name === '@mcpgw/gateway-sim' || !published.some((p) => p.name === name)
      ? join(globalPrefix, 'lib', 'node_modules', name)
      : join(project, 'node_modules', name);

  // What users install: the libraries, the CLI and the simulator it embeds (not the workspace tooling the CLI still lists).
  const shipped = () => [...published.map((p) => p.name), '@mcpgw/cli', '@mcpgw/gateway-sim'];

  test('carry no workspace: range and no @mcpgw/source condition, and name only files they contain', () => {
    for (const name of shipped()) {
      const dir = installedDir(name);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
      const ranges = JSON.stringify([manifest.dependencies, manifest.peerDependencies, manifest.optionalDependencies]);
      expect(ranges, name).not.toContain('workspace:');
      expect(JSON.stringify(manifest.exports ?? null), name).not.toContain('@mcpgw/source');
      // The files the manifest points at: string values only (a subpath key such as "./option-schema" is no file).
      const entries: string[] = [];
      const collect = (value: unknown): void => {
        if (typeof value === 'string') entries.push(value);
        else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) collect(v);
      };
      collect([manifest.exports, manifest.main, manifest.types, manifest.bin]);
      for (const file of entries) expect(existsSync(join(dir, file)), `${name} ${file}`).toBe(true);
    }
  });

  test('a plain npm pack is refused: it would ship workspace: ranges and the @mcpgw/source condition', async () => {
    const r = await runProcess('npm', ['pack', '--dry-run'], { cwd: join(root, 'packages', 'core') });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('prepack: pack and publish with pnpm');
  });

  test('each carries the LICENSE of the repository', () => {
    const license = readFileSync(join(root, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) 2026 the mcpgw authors\n/);
    for (const name of shipped()) expect(readFileSync(join(installedDir(name), 'LICENSE'), 'utf8'), name).toBe(license);
  });

  test('source maps resolve: every source a map names is in the package', () => {
    let maps = 0;
    for (const p of published) {
      const dist = join(installedDir(p.name), 'dist');
      for (const file of readdirSync(dist, { recursive: true, encoding: 'utf8' })) {
        if (!file.endsWith('.map')) continue;
        maps++;
        const map = JSON.parse(readFileSync(join(dist, file), 'utf8')) as {
          sources: string[];
          sourcesContent?: unknown[];
        };
        for (const [i, source] of map.sources.entries()) {
          if (map.sourcesContent?.[i] != null) continue;
          expect(existsSync(resolve(dirname(join(dist, file)), source)), `${p.name} dist/${file} → ${source}`).toBe(
            true,
          );
        }
      }
    }
    expect(maps).toBeGreaterThan(published.length);
  });

  test("README links work on the registry's page: a relative link stays inside the package", () => {
    for (const p of published) {
      const dir = installedDir(p.name);
      if (!existsSync(join(dir, 'README.md'))) continue;
      const text = readFileSync(join(dir, 'README.md'), 'utf8').replace(/^```[\s\S]*?^```/gm, '');
      for (const [, target] of text.matchAll(/\]\(\s*([^)\s]+)\s*\)/g)) {
        if (/^[a-z][a-z0-9+.-]*:|^#|^\/\//i.test(target as string)) continue;
        const path = resolve(dir, (target as string).split('#')[0] as string);
        expect(path.startsWith(`${dir}/`) && existsSync(path), `${p.name} README → ${target}`).toBe(true);
      }
    }
  });
});

describe('a user project outside the workspace, installed with plain npm', () => {
  test('@mcpgw/core + @mcpgw/retry against a loopback gateway, installing no prom-client, OTel, ioredis, pino or opossum', async () => {
    ok(node16, 'tsc (node16)');
    sim.reset();
    sim.script('listServers', [{ status: 503 }]);
    const r = ok(await node(['out/core-retry.js', sim.url]), 'core-retry');
    expect(JSON.parse(r.stdout)).toEqual({
      names: ['postgres-mcp', 'github-mcp', 'server-0003'],
      total: 7,
      calls: 1,
      retries: 1,
    });
    const closure = installedClosure(join(project, 'package-lock.json'), ['@mcpgw/core', '@mcpgw/retry']);
    expect(closure.has('undici')).toBe(true);
    const heavy = [...closure].filter((name) => /^(prom-client|@opentelemetry\/.*|ioredis|pino|opossum)$/.test(name));
    expect(heavy).toEqual([]);
  });

  test("the README's install snippet runs as written, on Node 22 and on this Node", async () => {
    const node22 = join(work, 'node22', 'node_modules', 'node', 'bin', 'node');
    for (const binary of [node22, process.execPath]) {
      sim.reset();
      const r = await runProcess(binary, ['quickstart.mjs'], {
        cwd: project,
        env: userEnv({ MCPGW_BASE_URL: sim.url }),
      });
      expect(r.code, `${binary}: ${r.stderr}`).toBe(0);
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(7);
      expect(lines[0]).toMatch(/^postgres-mcp {2}\w+ {2}\d+ tools$/);
      // stdout is the program's alone; stderr may carry the client's pino lines (a slow call on a busy machine).
      for (const line of r.stderr.split('\n').filter(Boolean)) expect(() => JSON.parse(line), line).not.toThrow();
    }
    const version = await runProcess(node22, ['--version'], { cwd: project });
    expect(version.stdout).toMatch(/^v22\./);
  });

  test('strict user code type-checks under node16 and bundler resolution (exactOptionalPropertyTypes)', async () => {
    ok(node16, 'tsc (node16)');
    ok(await node([tsc, '-p', 'tsconfig.bundler.json']), 'tsc (bundler)');
  });

  test("under the user's OpenTelemetry SDK, the client's spans are children of the active span and traceparent is sent", async () => {
    ok(node16, 'tsc (node16)');
    sim.reset();
    const r = ok(await node(['out/otel-spans.js', sim.url]), 'otel-spans');
    const { app, spans } = JSON.parse(r.stdout) as {
      app: { traceId: string; spanId: string };
      spans: { name: string; traceId: string; spanId: string; parentSpanId?: string }[];
    };
    const ours = spans.filter((s) => s.name !== 'user operation');
    expect(ours.length).toBeGreaterThan(0);
    expect(ours.every((s) => s.traceId === app.traceId)).toBe(true);
    expect(ours.some((s) => s.parentSpanId === app.spanId)).toBe(true);
    const sent = sim.requests.map((q) => q.headers.traceparent);
    expect(sent).toHaveLength(1);
    const [, traceId, parentId] = /^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$/.exec(String(sent[0])) ?? [];
    expect(traceId).toBe(app.traceId);
    expect(ours.map((s) => s.spanId)).toContain(parentId);
  });
});

describe('the mcpgw command, installed from its tarball with npm i -g', () => {
  const mcpgw = () => join(globalPrefix, 'bin', 'mcpgw');
  const elsewhere = () => mkdtempSync(join(work, 'any-folder-'));

  test('runs from any folder without tsx: --version, and no arguments prints help and exits 2', async () => {
    const folder = elsewhere();
    const version = await runProcess(mcpgw(), ['--version'], { cwd: folder });
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout).toBe(`${cli.manifest.version}\n`);
    const bare = await runProcess(mcpgw(), [], { cwd: folder });
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/^usage: mcpgw <command>/);
    expect(existsSync(join(globalPrefix, 'lib', 'node_modules', 'tsx'))).toBe(false);
  });

  test('talks to a gateway, and runs with npx from the tarballs', async () => {
    sim.reset();
    const r = await runProcess(mcpgw(), ['servers', 'list', '--base-url', sim.url, '--json'], { cwd: elsewhere() });
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { total: number }).total).toBe(7);
    // npx installs the tarballs together in its own cache and runs the command from there.
    const packages = forCli.flatMap((p) => ['--package', tarballs.get(p.name) as string]);
    const npx = await runProcess('npx', ['--yes', ...packages, '--', 'mcpgw', '--version'], {
      cwd: elsewhere(),
      env: userEnv({ npm_config_prefer_offline: 'true' }),
      timeoutMs: 300_000,
    });
    expect(npx.code, npx.stderr).toBe(0);
    expect(npx.stdout.trim()).toBe(cli.manifest.version);
  });
});
