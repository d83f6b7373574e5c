import { AbortError, deadline, TimeoutError } from '@mcpgw/core';
import { afterEach, describe, expect, it } from 'vitest';
import { cache } from '../src/index.js';
import { type Harness, listServersRaw, startHarnessWith } from './harness.js';

// As in the preset: the transport ends each attempt at its attempt timeout or the request's deadline.
const transport = { attemptTimeoutMs: 3_000 };
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

// The single flight used to run with the first caller's request, deadline included: the transport ended it at that
// deadline, and every caller who had joined failed with it, whatever time they had left.
describe('a coalesced miss and the deadlines of its callers', () => {
  it('A (300 ms) starts a miss on a 1 s gateway, B (5 s) joins: A times out, B gets the answer', async () => {
    const c = cache();
    harness = await startHarnessWith(transport, deadline(), c);
    harness.sim.setLatency(1_000);
    const a = listServersRaw(harness.client, { timeoutMs: 300 });
    const b = listServersRaw(harness.client, { timeoutMs: 5_000 });
    const [ra, rb] = await Promise.allSettled([a, b]);
    expect(ra.status).toBe('rejected');
    expect((ra as PromiseRejectedResult).reason).toBeInstanceOf(TimeoutError);
    expect((ra as PromiseRejectedResult).reason).toMatchObject({ phase: 'deadline', timeoutMs: 300 });
    expect(rb.status).toBe('fulfilled');
    expect((rb as PromiseFulfilledResult<{ status: number; cache: string }>).value).toMatchObject({
      status: 200,
      cache: 'coalesced',
    });
    expect(harness.sim.counts.listServers).toBe(1);
    // The answer B waited for was stored: the next caller is a hit.
    expect((await listServersRaw(harness.client, { timeoutMs: 5_000 })).cache).toBe('hit');
  });

  it('bounds each waiter by its own deadline when the deadline layer sits inside the cache', async () => {
    harness = await startHarnessWith(transport, cache(), deadline());
    harness.sim.setLatency(1_000);
    const a = listServersRaw(harness.client, { timeoutMs: 300 });
    const b = listServersRaw(harness.client, { timeoutMs: 5_000 });
    const [ra, rb] = await Promise.allSettled([a, b]);
    expect((ra as PromiseRejectedResult).reason).toMatchObject({ name: 'TimeoutError', phase: 'deadline' });
    expect(rb.status).toBe('fulfilled');
    expect(harness.sim.counts.listServers).toBe(1);
  });

  it('aborts the shared request only when every waiter has left', async () => {
    harness = await startHarnessWith(transport, deadline(), cache());
    harness.sim.setLatency(1_000);
    const a = listServersRaw(harness.client, { timeoutMs: 200 });
    const controller = new AbortController();
    const b = listServersRaw(harness.client, { timeoutMs: 5_000, signal: controller.signal });
    await expect(a).rejects.toBeInstanceOf(TimeoutError);
    controller.abort();
    await expect(b).rejects.toBeInstanceOf(AbortError);
    // Nothing was stored: nobody wanted the answer any more, and the request was cut.
    harness.sim.setLatency(0);
    expect((await listServersRaw(harness.client)).cache).toBe('miss');
    expect(harness.sim.counts.listServers).toBe(2);
  });
});
