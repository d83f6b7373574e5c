import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, inject, test } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/loaded-modules.ts', import.meta.url));
const loadedModules = async (...args: string[]) => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--conditions=@mcpgw/source', '--import', 'tsx', fixture, ...args],
    { timeout: 60_000 },
  );
  return JSON.parse(stdout) as { ioredis: boolean; cache: string | null };
};

describe('optional parts are loaded only when configured', () => {
  test('without Redis, ioredis is never loaded', async () => {
    expect(await loadedModules()).toEqual({ ioredis: false, cache: 'memory store' });
  });

  test('with Redis, the store is loaded, connected and reported healthy', async () => {
    expect(await loadedModules(inject('redisUrl'))).toEqual({ ioredis: true, cache: 'redis store' });
  });
});
