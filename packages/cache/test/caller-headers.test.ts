import { buildRequest, compose, createTransport, GatewayClient, type Transport } from '@mcpgw/core';
import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import { afterEach, describe, expect, it } from 'vitest';
import { answerNeutralHeaders, cache, cacheKey, memoryStore } from '../src/index.js';
import { serverPage } from './harness.js';

let sim: GatewaySim | undefined;
let transport: Transport | undefined;
afterEach(async () => {
  await transport?.destroy();
  await sim?.close();
  sim = transport = undefined;
});

/** Two processes' worth of clients, same API key, one shared store; each client sets headers of its own. */
async function twoClients(aliceHeaders: Record<string, string>, bobHeaders: Record<string, string>) {
  sim = await startGatewaySim({ port: 0, requireUserToken: false });
  transport = createTransport();
  const store = memoryStore();
  const client = (headers: Record<string, string>) =>
    new GatewayClient({
      baseUrl: sim!.url,
      apiKey: 'shared-key',
      headers,
      handler: compose(cache({ store }))(transport!),
    });
  return { alice: client(aliceHeaders), bob: client(bobHeaders) };
}

// The key covered the API key, Authorization and the principal only: two users told apart by a cookie (or a token
// header of their own) and sharing a store were served each other's answers.
describe('headers a caller sets and the shared cache key', () => {
  for (const [what, alice, bob] of [
    ['a cookie', { cookie: 'session=alice-session-secret' }, { cookie: 'session=bob-session-secret' }],
    ['a custom token header', { 'x-auth-token': 'alice-token-secret' }, { 'x-auth-token': 'bob-token-secret' }],
  ] as const) {
    it(`keeps two users apart by ${what}: each sees only its own answer`, async () => {
      const { alice: a, bob: b } = await twoClients(alice, bob);
      sim!.script('listServers', [
        { status: 200, body: serverPage(['alice-only']) },
        { status: 200, body: serverPage(['bob-only']) },
      ]);
      const ids = async (c: GatewayClient) => (await c.listServers({ limit: 5 })).items.map((s) => s.server_id);
      expect(await ids(a)).toEqual(['alice-only']);
      expect(await ids(b)).toEqual(['bob-only']);
      expect(await ids(a)).toEqual(['alice-only']);
      expect(await ids(b)).toEqual(['bob-only']);
      expect(sim!.counts.listServers).toBe(2);
    });
  }

  it('still shares answers between callers whose headers are the same', async () => {
    const { alice: a, bob: b } = await twoClients({ cookie: 'tenant=blue' }, { cookie: 'tenant=blue' });
    await a.listServers({ limit: 5 });
    await b.listServers({ limit: 5 });
    expect(sim!.counts.listServers).toBe(1);
  });
});

describe('cacheKey and headers', () => {
  const base = { origin: 'http://gw.test', path: '/api/v1/servers', operation: 'listServers', cacheable: true };

  it('holds a digest of every non-neutral header, never its value, whatever the order', () => {
    const one = cacheKey(buildRequest({ ...base, headers: { cookie: 'sid=s3cr3t-cookie', 'x-tenant': 'blue' } }));
    const two = cacheKey(buildRequest({ ...base, headers: { 'x-tenant': 'blue', cookie: 'sid=s3cr3t-cookie' } }));
    expect(one).toBe(two);
    expect(one).not.toContain('s3cr3t');
    expect(one).not.toBe(cacheKey(buildRequest({ ...base, headers: { cookie: 'sid=other' } })));
    expect(one).not.toBe(cacheKey(buildRequest(base)));
  });

  it('reads a headers object that can still change every time', () => {
    const headers: Record<string, string> = { cookie: 'sid=first' };
    const first = cacheKey(buildRequest({ ...base, headers }));
    headers.cookie = 'sid=second';
    expect(cacheKey(buildRequest({ ...base, headers }))).not.toBe(first);
  });

  it('ignores the headers named answer-neutral', () => {
    const headers = Object.fromEntries([...answerNeutralHeaders].map((name) => [name, `value-of-${name}`]));
    expect(cacheKey(buildRequest({ ...base, headers }))).toBe(cacheKey(buildRequest(base)));
  });
});
