import { attemptTimeout, CircuitOpenError, compose, createTransport, GatewayClient, type Transport } from '@mcpgw/core';
import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type BreakerMiddleware, type BreakerOptions, breaker } from '../src/index.js';

let simA: GatewaySim;
let simB: GatewaySim;
const transports: Transport[] = [];
const breakers: BreakerMiddleware[] = [];

beforeAll(async () => {
  [simA, simB] = await Promise.all([startGatewaySim({ port: 0 }), startGatewaySim({ port: 0 })]);
});
afterEach(() => {
  simA.reset();
  simB.reset();
});
afterAll(async () => {
  for (const b of breakers) b.close();
  await Promise.all(transports.map((t) => t.close()));
  await Promise.all([simA.close(), simB.close()]);
});

function pipeline(options: BreakerOptions) {
  const transport = createTransport();
  transports.push(transport);
  const layer = breaker(options);
  breakers.push(layer);
  const handler = compose(layer, attemptTimeout({ timeoutMs: 10_000 }))(transport);
  return {
    layer,
    clientFor: (sim: GatewaySim) => new GatewayClient({ baseUrl: sim.url, handler }),
  };
}

const settle = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => e,
  );

describe('breaker against gateway-sim', () => {
  it('opens after the failures, fails fast while open, then one probe closes it', async () => {
    const { layer, clientFor } = pipeline({ volumeThreshold: 5, resetTimeoutMs: 300 });
    const client = clientFor(simA);
    simA.script(
      'listServers',
      Array.from({ length: 5 }, () => ({ status: 503 })),
    );
    for (let i = 0; i < 5; i++) expect(await settle(client.listServers())).toMatchObject({ status: 503 });
    expect(layer.stats()[simA.url]?.state).toBe('open');

    for (let i = 0; i < 10; i++) {
      const error = await settle(client.listServers());
      expect(error).toBeInstanceOf(CircuitOpenError);
      expect((error as CircuitOpenError).nextAttemptAt).toBeGreaterThan(Date.now() - 1_000);
    }
    expect(simA.counts.listServers).toBe(5);

    await vi.waitFor(() => expect(layer.stats()[simA.url]?.state).toBe('half-open'), { timeout: 5_000 });
    expect(await settle(client.listServers())).toBe('ok');
    expect(simA.counts.listServers).toBe(6);
    expect(layer.stats()[simA.url]?.state).toBe('closed');
  });

  it('never opens on 404s', async () => {
    const { layer, clientFor } = pipeline({ volumeThreshold: 3 });
    const client = clientFor(simA);
    for (let i = 0; i < 30; i++) {
      expect(await settle(client.getServer('no-such-server'))).toMatchObject({ status: 404 });
    }
    expect(simA.counts.getServer).toBe(30);
    expect(layer.stats()[simA.url]?.state).toBe('closed');
  });

  it("keeps two upstreams apart: one failing does not open the other's circuit", async () => {
    const { layer, clientFor } = pipeline({ volumeThreshold: 3 });
    const failing = clientFor(simA);
    const healthy = clientFor(simB);
    simA.script(
      'health',
      Array.from({ length: 10 }, () => ({ status: 502 })),
    );
    for (let i = 0; i < 10; i++) {
      await settle(failing.health());
      expect(await settle(healthy.health())).toBe('ok');
    }
    expect(layer.stats()[simA.url]?.state).toBe('open');
    expect(layer.stats()[simB.url]?.state).toBe('closed');
    expect(simB.counts.health).toBe(10);
  });
});
