import { Writable } from 'node:stream';
import { AuthorizationDeniedError, QueueFullError, TimeoutError } from '@mcpgw/core';
import { startGatewaySim } from '@mcpgw/gateway-sim';
import { startOpaTestServer } from '@mcpgw/opa-test-server';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { pino } from 'pino';
import { describe, expect, onTestFinished, test } from 'vitest';
import { createGatewayClient, standardObservers, standardOrder } from '../src/index.js';

describe('the standard onion', () => {
  test('every layer, outermost first, in the documented order; metrics and logging attached as observers', async () => {
    await using client = createGatewayClient({
      baseUrl: 'http://127.0.0.1:9',
      name: 'order-all',
      opa: { url: 'http://127.0.0.1:9' },
      auth: { client: { clientId: 'svc', clientSecret: 'svc-secret' } },
      hedge: true,
      logger: pino({ level: 'silent' }),
    });
    expect(client.layers).toEqual([...standardOrder]);
    expect(standardOrder.join(' → ')).toBe(
      'tracing → lifecycle → deadline → authorize → cache → concurrencyLimit → retry → hedge → auth → breaker → transport',
    );
    expect(client.observers).toEqual([...standardObservers]);
    expect(standardObservers).toEqual(['metrics', 'logging']);
  });

  test('authorize sits before the network: a deny sends nothing to the gateway', async () => {
    await using sim = await startGatewaySim({ requireUserToken: false });
    const opa = await startOpaTestServer({
      decide: (input) => ({ allow: (input as { user: { id: string } }).user.id !== 'mallory', reason: 'policy' }),
    });
    onTestFinished(() => opa.close());
    await using client = createGatewayClient({
      baseUrl: sim.url,
      name: 'opa-deny',
      logger: false,
      opa: { url: opa.url },
    });
    const invoke = (id: string) =>
      client.invokeTool({ server: 'postgres-mcp', tool: 'list_tables', parameters: {}, user: { id, roles: ['dev'] } });
    await expect(invoke('mallory')).rejects.toBeInstanceOf(AuthorizationDeniedError);
    expect(sim.counts.invoke).toBe(0);
    await expect(invoke('alice')).resolves.toMatchObject({ status: 'success' });
    expect(sim.counts.invoke).toBe(1);
    expect(client.stats().authz).toMatchObject({ allowed: 1, denied: 1 });
  });

  test('the deadline sits outside authorize: a slow OPA is bounded by the call timeout', async () => {
    await using sim = await startGatewaySim({ requireUserToken: false });
    const opa = await startOpaTestServer({ latencyMs: 5_000 });
    onTestFinished(() => opa.close());
    await using client = createGatewayClient({
      baseUrl: sim.url,
      name: 'opa-deadline',
      logger: false,
      opa: { url: opa.url, timeoutMs: 30_000 },
    });
    const error = await client
      .invokeTool({ server: 'postgres-mcp', tool: 'list_tables', user: { id: 'alice' }, timeoutMs: 100 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).phase).toBe('deadline');
    expect(sim.counts.invoke).toBe(0);
  });

  test('the attempt timeout sits inside retry: a hanging attempt is retried', async () => {
    await using sim = await startGatewaySim();
    sim.script('listServers', [{ fault: 'hang' }]);
    await using client = createGatewayClient({
      baseUrl: sim.url,
      name: 'attempt-retry',
      logger: false,
      timeouts: { attemptMs: 200 },
      retry: { baseDelayMs: 1 },
    });
    const page = await client.listServers({ limit: 3 });
    expect(page.items).toHaveLength(3);
    expect(sim.counts.listServers).toBe(2);
  });

  test('the cache sits outside the bulkhead: a hit needs no slot; invalidate drops a server', async () => {
    await using sim = await startGatewaySim();
    await using client = createGatewayClient({
      baseUrl: sim.url,
      name: 'cache-bulkhead',
      logger: false,
      retry: false,
      limits: { maxConcurrent: 1, maxQueue: 0 },
      timeouts: { attemptMs: 60_000, totalMs: 60_000 },
    });
    await client.getServer('postgres-mcp');
    sim.script('listServers', [{ fault: 'hang' }]);
    const controller = new AbortController();
    const blocker = client.listServers({ signal: controller.signal }).catch(() => undefined);
    while (client.stats().queue.inFlight < 1) await new Promise((resolve) => setTimeout(resolve, 5));
    await expect(client.getServer('github-mcp')).rejects.toBeInstanceOf(QueueFullError);
    await expect(client.getServer('postgres-mcp')).resolves.toMatchObject({ server_name: 'postgres-mcp' });
    expect(sim.counts.getServer).toBe(1);
    controller.abort();
    await blocker;
    // The caller's abort settles the call at once; the slot is given back when the aborted attempt unwinds.
    while (client.stats().queue.inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await client.invalidate({ server: 'postgres-mcp' });
    await client.getServer('postgres-mcp');
    expect(sim.counts.getServer).toBe(2);
    await client.invalidate();
    expect(client.stats().cache?.entries).toBe(0);
  });

  test('metrics: on by default with a registry of its own, only for this client', async () => {
    await using sim = await startGatewaySim();
    await using client = createGatewayClient({ baseUrl: sim.url, name: 'metrics-own', logger: false });
    await using other = createGatewayClient({ baseUrl: sim.url, name: 'metrics-other', logger: false });
    await client.listServers();
    await other.listServers();
    await other.listServers({ limit: 2 });
    await client.health();
    const text = await client.metrics!.registry.metrics();
    expect(text).toMatch(/mcpgw_requests_total\{[^}]*operation="listServers"[^}]*\} 1\n/);
    expect(text).not.toMatch(/operation="health"/);
  });

  test('tracing: an operation span and an attempt span, with traceparent sent', async () => {
    await using sim = await startGatewaySim();
    const exporter = new InMemorySpanExporter();
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    await using client = createGatewayClient({
      baseUrl: sim.url,
      name: 'traced',
      logger: false,
      tracing: { tracerProvider, propagator: new W3CTraceContextPropagator() },
    });
    await client.getServer('postgres-mcp');
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name).sort()).toEqual(['GET', 'mcpgw getServer']);
    const traceparent = sim.requests.at(-1)?.headers.traceparent;
    const attempt = spans.find((s) => s.name === 'GET');
    expect(traceparent).toContain(attempt?.spanContext().spanId);
  });

  test('logging: failures are logged with the request id and never the API key', async () => {
    await using sim = await startGatewaySim({ apiKey: 'secret-key' });
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    await using client = createGatewayClient({
      baseUrl: sim.url,
      apiKey: 'secret-key',
      name: 'logged',
      logger: pino({ level: 'info' }, sink),
      retry: false,
    });
    sim.script('getServer', [{ status: 500 }]);
    const error = await client.getServer('postgres-mcp').catch((e: unknown) => e as { requestId: string });
    const failed = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'operation failed');
    expect(failed).toMatchObject({ requestId: error.requestId, operation: 'getServer', client: 'logged' });
    expect(lines.join('')).not.toContain('secret-key');
  });

  test('the default logger is pino at warn; stats() reports every part', async () => {
    await using sim = await startGatewaySim();
    await using client = createGatewayClient({ baseUrl: sim.url, name: 'defaults' });
    await client.listServers();
    expect(client.name).toBe('defaults');
    expect(client.stats()).toEqual({
      cache: expect.objectContaining({ misses: 1 }),
      breakers: { [new URL(sim.url).origin]: expect.objectContaining({ state: 'closed' }) },
      pool: [expect.objectContaining({ origin: new URL(sim.url).origin })],
      retryBudget: expect.objectContaining({ requests: 1 }),
      inFlight: 0,
      queue: { inFlight: 0, queued: 0 },
      authz: undefined,
    });
  });

  test('the typed operations all go through the onion', async () => {
    await using sim = await startGatewaySim({ servers: 12 });
    await using client = createGatewayClient({
      baseUrl: sim.url,
      name: 'operations',
      logger: false,
      pagination: { pageSize: 5 },
    });
    expect(await client.listAllServers()).toHaveLength(12);
    let count = 0;
    for await (const _ of client.servers({ pageSize: 4 })) count++;
    expect(count).toBe(12);
    expect((await client.listTools({ server: 'postgres-mcp' })).items.length).toBeGreaterThan(0);
    expect((await client.listAllTools({ server: 'github-mcp' })).length).toBeGreaterThan(0);
    let tools = 0;
    for await (const _ of client.tools({ server: 'github-mcp' })) tools++;
    expect(tools).toBeGreaterThan(0);
    const request = client.gateway.request({
      operation: 'health',
      method: 'GET',
      path: '/health',
      query: undefined,
      body: undefined,
      idempotent: true,
      cacheable: false,
      authorize: false,
      attributes: {},
    });
    expect((await client.execute(request)).body).toEqual({ status: 'healthy' });
  });
});
