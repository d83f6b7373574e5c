import { readFileSync } from 'node:fs';

interface LockEntry {
  name?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** Where Node would find `name` from the package installed at `from` (a package-lock.json `packages` key). */
function locate(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    if (packages[candidate] !== undefined) return candidate;
    if (dir === '') return undefined;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut < 0 ? '' : dir.slice(0, cut);
  }
}

/**
 * The names of every package that installing `roots` brings, as npm resolved them in the project's
 * package-lock.json: dependencies, optional dependencies and required peers (npm installs those too), transitively.
 */
export function installedClosure(lockfilePath: string, roots: readonly string[]): Set<string> {
  const lock = JSON.parse(readFileSync(lockfilePath, 'utf8')) as { packages: Record<string, LockEntry> };
  const names = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const entry = lock.packages[key] as LockEntry;
    names.add(entry.name ?? key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length));
    const optionalPeers = entry.peerDependenciesMeta ?? {};
    const needed = [
      ...Object.keys(entry.dependencies ?? {}),
      ...Object.keys(entry.optionalDependencies ?? {}),
      ...Object.keys(entry.peerDependencies ?? {}).filter((name) => optionalPeers[name]?.optional !== true),
    ];
    for (const name of needed) {
      const found = locate(lock.packages, key, name);
      if (found !== undefined) visit(found);
    }
  };
  for (const root of roots) {
    const key = `node_modules/${root}`;
    if (lock.packages[key] === undefined) throw new Error(`${root} is not installed in ${lockfilePath}`);
    visit(key);
  }
  return names;
}
