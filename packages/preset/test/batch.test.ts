import { GatewayError, InvalidRequestError, NotFoundError, ServerError } from '@mcpgw/core';
import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createGatewayClient, type PresetGatewayClient } from '../src/index.js';
import { mapSettled } from '../src/settled.js';

let sim: GatewaySim;
let client: PresetGatewayClient;

beforeAll(async () => {
  sim = await startGatewaySim({ apiKey: 'k' });
  client = createGatewayClient({ baseUrl: sim.url, apiKey: 'k', name: 'batch-test', logger: false });
});
afterAll(async () => {
  await client.close();
  await sim.close();
});

describe('invokeMany', () => {
  test('50 calls with 10 failing at the gateway: 40 results and 10 typed errors, in input order', async () => {
    const calls = Array.from({ length: 50 }, (_, i) => ({
      server: 'postgres-mcp',
      tool: i % 5 === 2 ? 'no_such_tool' : 'list_tables',
      parameters: { n: i },
      user: 'user-jwt',
    }));
    const results = await client.invokeMany(calls, { concurrency: 10 });
    expect(results).toHaveLength(50);
    expect(results.filter((r) => r.ok)).toHaveLength(40);
    expect(results.filter((r) => !r.ok)).toHaveLength(10);
    results.forEach((result, i) => {
      if (i % 5 === 2) {
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error).toBeInstanceOf(NotFoundError);
      } else {
        expect(result.ok).toBe(true);
        if (result.ok) expect(result.value).toMatchObject({ status: 'success', result: { tool: 'list_tables' } });
      }
    });
    // Each success is the answer to its own call: the gateway's value is a hash of the parameters.
    const values = results.flatMap((r) => (r.ok ? [JSON.stringify(r.value)] : []));
    expect(new Set(values).size).toBe(40);
  });

  test('a server error in the middle is reported in its own slot', async () => {
    sim.reset();
    sim.script('invoke', [{ fault: 'pass' }, { status: 500 }, { fault: 'pass' }]);
    const calls = [0, 1, 2].map((n) => ({ server: 'github-mcp', tool: 'list_repos', parameters: { n }, user: 'u' }));
    const results = await client.invokeMany(calls, { concurrency: 1 });
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(results[1]?.ok === false && results[1].error).toBeInstanceOf(ServerError);
  });

  test('bad input in one call fails that call only; a bad batch fails before anything is sent', async () => {
    const results = await client.invokeMany([
      { server: '../admin', tool: 'x', user: 'u' },
      { server: 'postgres-mcp', tool: 'list_tables', user: 'u' },
    ]);
    expect(results[0]?.ok === false && results[0].error).toBeInstanceOf(InvalidRequestError);
    expect(results[1]?.ok).toBe(true);
    sim.reset();
    await expect(client.invokeMany('nope' as never)).rejects.toThrow(InvalidRequestError);
    await expect(client.invokeMany([], { concurrency: 0 })).rejects.toThrow(/concurrency/);
    await expect(client.getServers(new Array(100_001).fill('x'))).rejects.toThrow(/batches of at most/);
    expect(sim.counts.total).toBe(0);
    expect(await client.invokeMany([])).toEqual([]);
  });

  test('a batch signal aborts the calls that have none of their own', async () => {
    const controller = new AbortController();
    controller.abort();
    const results = await client.invokeMany([{ server: 'postgres-mcp', tool: 'list_tables', user: 'u' }], {
      signal: controller.signal,
    });
    expect(results[0]?.ok === false && results[0].error.code).toBe('MCPGW_ABORTED');
  });
});

describe('getServers', () => {
  test('some servers missing: the others are still returned, in order', async () => {
    const results = await client.getServers(['postgres-mcp', 'missing-one', 'github-mcp', 'missing-two'], {
      concurrency: 2,
    });
    expect(results.map((r) => (r.ok ? r.value.server_name : r.error.code))).toEqual([
      'postgres-mcp',
      'MCPGW_NOT_FOUND',
      'github-mcp',
      'MCPGW_NOT_FOUND',
    ]);
  });
});

describe('mapSettled', () => {
  test('never runs more than `concurrency` at once, and wraps foreign errors', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapSettled(
      Array.from({ length: 30 }, (_, i) => i),
      4,
      async (i) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setImmediate(resolve));
        running--;
        if (i === 7) throw new TypeError('boom');
        return i * 2;
      },
    );
    expect(peak).toBe(4);
    expect(results[3]).toEqual({ ok: true, value: 6 });
    const failed = results[7];
    expect(failed?.ok).toBe(false);
    if (failed?.ok === false) {
      expect(failed.error).toBeInstanceOf(GatewayError);
      expect(failed.error.code).toBe('MCPGW_UNEXPECTED');
      expect(failed.error.cause).toBeInstanceOf(TypeError);
    }
  });
});
