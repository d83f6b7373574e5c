import { describe, expect, test } from 'vitest';
import { GatewayClient, type GatewayResponse, ResponseFormatError } from '../src/index.js';
import { freezeWithin } from '../src/kit.js';

function nested(depth: number): unknown[] {
  const root: unknown[] = [];
  let node = root;
  for (let i = 1; i < depth; i++) {
    const child: unknown[] = [];
    node.push(child);
    node = child;
  }
  return root;
}

const server = (extra: unknown) => ({
  server_id: 'postgres-mcp',
  server_name: 'postgres-mcp',
  server_url: 'http://tools.internal/pg',
  health_status: 'healthy',
  tools_count: 1,
  extra,
});

describe('freezeWithin', () => {
  test('freezes every object and array of a value up to maxDepth', () => {
    const value = { a: [{ b: { c: 1 } }], d: 'x' };
    expect(freezeWithin(value, 4)).toBe(true);
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(value.a)).toBe(true);
    expect(Object.isFrozen(value.a[0])).toBe(true);
    expect(Object.isFrozen(value.a[0]?.b)).toBe(true);
    expect(freezeWithin(3, 1)).toBe(true);
    expect(freezeWithin(null, 1)).toBe(true);
  });

  test('is false one level past maxDepth', () => {
    expect(freezeWithin(nested(10), 10)).toBe(true);
    expect(freezeWithin(nested(11), 10)).toBe(false);
  });

  test('a value nested 200,000 deep is false, never a RangeError (no recursion)', () => {
    expect(freezeWithin(nested(200_000), 64)).toBe(false);
  });

  test('a frozen subtree is not walked again', () => {
    const deep = nested(1_000);
    Object.freeze(deep);
    // Only `deep` itself is frozen; its children are not walked, so the bound is not met under it.
    expect(freezeWithin({ shared: deep }, 3)).toBe(true);
    expect(Object.isFrozen(deep[0])).toBe(false);
  });
});

describe('a frozen answer from a shared store, parsed and shared again', () => {
  const clientAnswering = (body: unknown) =>
    new GatewayClient({
      baseUrl: 'http://gw.test',
      handler: async (): Promise<GatewayResponse> => ({ status: 200, headers: {}, body, attempts: 1, cache: 'hit' }),
    });

  test('is frozen at every depth', async () => {
    const info = await clientAnswering(Object.freeze(server({ a: [{ b: 1 }] }))).getServer('postgres-mcp');
    expect(Object.isFrozen(info)).toBe(true);
    expect(Object.isFrozen((info.extra as { a: unknown[] }).a)).toBe(true);
  });

  test('nested 20,000 deep is a ResponseFormatError, never a RangeError', async () => {
    const client = clientAnswering(Object.freeze(server(nested(20_000))));
    await expect(client.getServer('postgres-mcp')).rejects.toBeInstanceOf(ResponseFormatError);
  });
});
