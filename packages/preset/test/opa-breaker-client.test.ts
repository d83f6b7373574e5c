import diagnostics from 'node:diagnostics_channel';
import { Writable } from 'node:stream';
import { AuthorizationUnavailableError, type BreakerStateEvent } from '@mcpgw/core';
import { startGatewaySim } from '@mcpgw/gateway-sim';
import { startOpaTestServer } from '@mcpgw/opa-test-server';
import { pino } from 'pino';
import { expect, test } from 'vitest';
import { createGatewayClient } from '../src/index.js';

test("OPA's circuit events carry the client's name: a client named billing sees its OPA circuit open in its metrics and logs", async () => {
  await using sim = await startGatewaySim();
  const opa = await startOpaTestServer();
  const opaOrigin = new URL(opa.url).origin;
  const events: BreakerStateEvent[] = [];
  const onState = (m: unknown) => events.push(m as BreakerStateEvent);
  diagnostics.subscribe('mcpgw:breaker:state', onState);
  try {
    const opaOptions = { url: opa.url, breaker: { failureThreshold: 2, openMs: 60_000 } };
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    await using billing = createGatewayClient({
      baseUrl: sim.url,
      name: 'billing',
      logger: pino({ level: 'info' }, sink),
      opa: opaOptions,
    });
    await using other = createGatewayClient({ baseUrl: sim.url, name: 'other', logger: false });
    opa.script([{ status: 500 }, { status: 500 }]);
    const invoke = () =>
      billing.invokeTool({ server: 'postgres-mcp', tool: 'list_tables', parameters: {}, user: { id: 'alice' } }).then(
        () => undefined,
        (error: unknown) => error,
      );
    for (let i = 0; i < 2; i++) expect(await invoke()).toMatchObject({ reason: 'http-status' });
    const fast = await invoke();
    expect(fast).toBeInstanceOf(AuthorizationUnavailableError);
    expect((fast as AuthorizationUnavailableError).reason).toBe('circuit-open');
    expect(opa.calls).toBe(2);
    expect(sim.counts.total).toBe(0);

    const ours = events.filter((e) => e.upstream === opaOrigin);
    expect(ours.map((e) => [e.client, e.from, e.to])).toEqual([['billing', 'closed', 'open']]);
    const text = await billing.metrics?.registry.metrics();
    expect(text).toContain(`mcpgw_breaker_state{upstream="${opaOrigin}"} 2`);
    expect(text).toContain(`mcpgw_breaker_transitions_total{upstream="${opaOrigin}",to="open"} 1`);
    const opened = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'circuit opened');
    expect(opened).toMatchObject({ client: 'billing', upstream: opaOrigin, from: 'closed', to: 'open' });
    // Another client's metrics count only its own events.
    expect(await other.metrics?.registry.metrics()).not.toContain(opaOrigin);
  } finally {
    diagnostics.unsubscribe('mcpgw:breaker:state', onState);
    await opa.close();
  }
});
