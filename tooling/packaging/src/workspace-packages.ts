import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [field: string]: unknown;
}

export interface WorkspacePackage {
  name: string;
  dir: string;
  manifest: Manifest;
}

const groups = ['packages', 'apps', 'tooling', 'examples'];

/** Every package of the workspace (the folders pnpm-workspace.yaml lists). */
export function workspacePackages(root: string): WorkspacePackage[] {
  const found: WorkspacePackage[] = [];
  for (const group of groups) {
    for (const entry of readdirSync(join(root, group), { withFileTypes: true })) {
      const file = join(root, group, entry.name, 'package.json');
      if (!entry.isDirectory() || !existsSync(file)) continue;
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
      found.push({ name: manifest.name, dir: join(root, group, entry.name), manifest });
    }
  }
  return found;
}

/** `selected` and every workspace package they need at run time (dependencies and required peers), transitively. */
export function withWorkspaceDependencies(
  selected: readonly WorkspacePackage[],
  all: readonly WorkspacePackage[],
): WorkspacePackage[] {
  const byName = new Map(all.map((p) => [p.name, p]));
  const chosen = new Map<string, WorkspacePackage>();
  const visit = (p: WorkspacePackage) => {
    if (chosen.has(p.name)) return;
    chosen.set(p.name, p);
    const optional = p.manifest.peerDependenciesMeta ?? {};
    const needed = [
      ...Object.keys(p.manifest.dependencies ?? {}),
      ...Object.keys(p.manifest.peerDependencies ?? {}).filter((name) => optional[name]?.optional !== true),
    ];
    for (const name of needed) {
      const dependency = byName.get(name);
      if (dependency !== undefined) visit(dependency);
    }
  };
  for (const p of selected) visit(p);
  return [...chosen.values()];
}

/** The file `pnpm pack` writes for a package: `@mcpgw/core@0.1.0` → `mcpgw-core-0.1.0.tgz`. */
export function tarballName(manifest: Manifest): string {
  return `${manifest.name.replace(/^@/, '').replace('/', '-')}-${manifest.version}.tgz`;
}
