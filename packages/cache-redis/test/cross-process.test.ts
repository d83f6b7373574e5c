import { randomUUID } from 'node:crypto';
import { cache } from '@mcpgw/cache';
import { compose, createTransport, GatewayClient, type Transport } from '@mcpgw/core';
import { restDialect } from '@mcpgw/core/kit';
import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { type RedisStore, redisStore } from '../src/index.js';
import { type Peer, startPeer } from './peer-process.js';

const redisUrl = inject('redisUrl');

let sim: GatewaySim;
let transport: Transport;
let store: RedisStore;
let layer: ReturnType<typeof cache>;
let client: GatewayClient;
let peer: Peer | undefined;
let namespace: string;

async function setUp(l1: boolean) {
  namespace = `xp-${randomUUID().slice(0, 8)}`;
  store = redisStore({ url: redisUrl, namespace, l1: l1 ? { maxEntries: 100, ttlMs: 60_000 } : false });
  layer = cache({ store });
  transport = createTransport();
  client = new GatewayClient({ baseUrl: sim.url, apiKey: 'shared-key', handler: compose(layer)(transport) });
  expect(await store.ready()).toBe(true);
  peer = startPeer([redisUrl, sim.url, namespace, l1 ? 'l1' : 'no-l1']);
  expect(await peer.send('ready')).toMatchObject({ ready: true });
}

const listServers = () => client.execute(client.request(restDialect.listServers(0, 5)));

beforeEach(async () => {
  sim = await startGatewaySim({ port: 0, servers: 8 });
});
afterEach(async () => {
  await peer?.close();
  peer = undefined;
  await layer.close();
  await transport.close();
  await sim.close();
});

describe('two Node processes sharing one Redis', () => {
  it('B hits what A filled; after A invalidates, B goes upstream', async () => {
    await setUp(false);
    const filled = await listServers();
    expect(filled.cache).toBe('miss');
    expect(sim.counts.listServers).toBe(1);

    const fromB = await peer!.send<{ cache: string; body: unknown }>('listServers');
    expect(fromB.cache).toBe('hit');
    expect(fromB.body).toEqual(filled.body);
    expect(sim.counts.listServers).toBe(1);

    await layer.invalidate({ operation: 'listServers' });
    expect((await peer!.send<{ cache: string }>('listServers')).cache).toBe('miss');
    expect(sim.counts.listServers).toBe(2);

    await layer.invalidate();
    expect((await peer!.send<{ cache: string }>('listServers')).cache).toBe('miss');
    expect(sim.counts.listServers).toBe(3);
    // The peer exits on its own once its cache is closed: close() released every socket and timer.
    expect(await peer!.close()).toEqual({ killed: false });
  });

  it('with L1 on, B’s L1 sees A’s invalidation within 100 ms', async () => {
    await setUp(true);
    await listServers();
    expect((await peer!.send<{ cache: string }>('listServers')).cache).toBe('hit');
    expect(await peer!.send('l1Has')).toMatchObject({ has: true });
    // Served from B's L1: still no second upstream request.
    expect((await peer!.send<{ cache: string }>('listServers')).cache).toBe('hit');
    expect(sim.counts.listServers).toBe(1);

    const watching = peer!.send<{ goneAt: number }>('watchL1');
    const invalidatedAt = Date.now();
    await layer.invalidate({ operation: 'listServers' });
    const { goneAt } = await watching;
    expect(goneAt - invalidatedAt).toBeLessThan(100);
    expect((await peer!.send<{ cache: string }>('listServers')).cache).toBe('miss');
    expect(sim.counts.listServers).toBe(2);
  });
});
