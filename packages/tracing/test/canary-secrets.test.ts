import { isGatewayError } from '@mcpgw/core';
import { captureLogs } from '@mcpgw/test-support/capture-logs';
import { driveScenario, type Scenario } from '@mcpgw/test-support/drive-scenario';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logging } from '../../logging/src/index.js';
import { metrics } from '../../metrics/src/index.js';
import { tracing } from '../src/index.js';

const canaries = {
  apiKey: 'canary-api-key-7f3a9c',
  userToken: 'eyJhbGciOiJIUzI1NiJ9.canary-user-token-51d2.sig',
  parameterValue: 'SELECT canary_parameter_value_93be',
};

/**
 * One run through all three observability layers with a canary API key, user token and parameter value, and
 * every output of that run scanned for them.
 */
describe('canary secrets', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const captured = captureLogs();
  let scenario: Scenario;
  const opened: { close(): void }[] = [];
  let exposition: string;

  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    let registry: ReturnType<typeof metrics>['registry'] | undefined;
    scenario = await driveScenario({
      clientName: 'canary',
      ...canaries,
      observe: ({ transport, cache }) => {
        const m = metrics({ pools: () => transport.stats(), cacheStats: () => cache.stats() });
        registry = m.registry;
        opened.push(m, logging({ logger: captured.logger }));
      },
      layers: () => {
        const t = tracing({ tracerProvider: provider, propagator: new W3CTraceContextPropagator() });
        opened.push(t);
        return [t];
      },
    });
    exposition = (await registry?.metrics()) ?? '';
  });
  afterAll(async () => {
    for (const layer of opened) layer.close();
    await scenario.close();
    context.disable();
  });

  it('were really sent to the gateway and OPA', () => {
    const sent = JSON.stringify(scenario.sim.requests);
    expect(sent).toContain(canaries.apiKey);
    expect(sent).toContain(canaries.userToken);
    expect(sent).toContain('canary_parameter_value_93be');
    expect(JSON.stringify(scenario.opa.inputs)).toContain('canary_parameter_value_93be');
  });

  it('appear in no log line', () => {
    const logs = captured.raw.join('');
    expect(captured.raw.length).toBeGreaterThan(10);
    for (const secret of Object.values(canaries)) expect(logs).not.toContain(secret);
    expect(logs).not.toContain('canary_parameter_value');
  });

  it('appear in no span name, attribute, status or event', () => {
    const spans = exporter.getFinishedSpans();
    expect(spans.length).toBeGreaterThan(10);
    const text = JSON.stringify(
      spans.map((s) => ({
        name: s.name,
        attributes: s.attributes,
        status: s.status,
        events: s.events,
        links: s.links,
      })),
    );
    for (const secret of Object.values(canaries)) expect(text).not.toContain(secret);
    expect(text).not.toContain('canary_parameter_value');
  });

  it('appear in no metric sample', () => {
    expect(exposition).toContain('mcpgw_requests_total');
    for (const secret of Object.values(canaries)) expect(exposition).not.toContain(secret);
    expect(exposition).not.toContain('canary_parameter_value');
  });

  it('appear in no error message, toJSON() or cause', () => {
    expect(scenario.errors).toHaveLength(4);
    for (const error of scenario.errors) {
      expect(isGatewayError(error)).toBe(true);
      const text = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack ?? ''}`;
      for (const secret of Object.values(canaries)) expect(text).not.toContain(secret);
      expect(text).not.toContain('canary_parameter_value');
    }
  });
});
