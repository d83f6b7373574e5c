import { ResponseFormatError } from '@mcpgw/core';
import { afterEach, describe, expect, it } from 'vitest';
import { cache, deepFreeze, MAX_ANSWER_DEPTH } from '../src/index.js';
import { type Harness, startHarness } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const serverWith = (extra: string) =>
  `{"server_id":"github-mcp","server_name":"github-mcp","server_url":"http://tools.internal/deep","health_status":"healthy",` +
  `"tools_count":1,"extra":${extra}}`;

// deepFreeze recursed: an answer with a field nested 20,000 deep (40 KB) threw a raw RangeError out of the cache.
describe('an answer nested deeper than the cache keeps', () => {
  it('is a ResponseFormatError naming the bound, is not cached, and the next good answer is', async () => {
    const c = cache();
    harness = await startHarness(c);
    harness.sim.script('getServer', [{ status: 200, body: serverWith(nested(20_000)) }]);
    const error = await harness.client.getServer('github-mcp').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect(error).toMatchObject({ operation: 'getServer', attempts: 1 });
    expect((error as Error).message).toContain(`deeper than ${MAX_ANSWER_DEPTH} levels`);
    expect(c.stats().entries).toBe(0);
    const again = await harness.client.getServer('github-mcp');
    expect(again.server_name).toBe('github-mcp');
    expect((await harness.client.getServer('github-mcp')).server_name).toBe('github-mcp');
    expect(harness.sim.counts.getServer).toBe(2);
  });

  it('keeps an answer exactly at the bound, frozen all the way down', async () => {
    const c = cache();
    harness = await startHarness(c);
    // The server object is level 1, its `extra` array level 2.
    harness.sim.script('getServer', [{ status: 200, body: serverWith(nested(MAX_ANSWER_DEPTH - 1)) }]);
    const first = await harness.client.getServer('github-mcp');
    let node = first.extra as unknown[];
    let level = 2;
    expect(Object.isFrozen(node)).toBe(true);
    while (node.length > 0) {
      node = node[0] as unknown[];
      level++;
      expect(Object.isFrozen(node)).toBe(true);
    }
    expect(level).toBe(MAX_ANSWER_DEPTH);
    await harness.client.getServer('github-mcp');
    expect(harness.sim.counts.getServer).toBe(1);
  });
});

describe('deepFreeze', () => {
  it('walks without recursion: 100,000 levels fail with the typed error, not a RangeError', () => {
    let deep: unknown[] = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => deepFreeze(deep)).toThrow(ResponseFormatError);
  });

  it('freezes shared and repeated subtrees once, and leaves scalars alone', () => {
    const shared = { a: [1, 2, { b: 'c' }] };
    const value = { x: shared, y: shared, z: [shared] };
    expect(deepFreeze(value)).toBe(value);
    expect(Object.isFrozen(shared.a[2])).toBe(true);
    expect(deepFreeze(3)).toBe(3);
    expect(deepFreeze(null)).toBe(null);
  });
});
