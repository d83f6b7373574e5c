import {
  type AttemptEvent,
  type BreakerStateEvent,
  buildRequest,
  ConfigError,
  channels,
  compose,
  type OperationEvent,
  ServerError,
  TimeoutError,
} from '@mcpgw/core';
import { samplesOf } from '@mcpgw/test-support/samples';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { type MetricsObserver, mcpMetricNames, metricNames, metrics } from '../src/index.js';
import { BoundedLabel, outcomeOf, retryReasonOf, statusClassOf } from '../src/labels.js';

const open: MetricsObserver[] = [];
function layer(options: Parameters<typeof metrics>[0] = {}): MetricsObserver {
  const m = metrics(options);
  open.push(m);
  return m;
}
afterEach(() => {
  for (const m of open.splice(0)) m.close();
});

function operation(client: string, name = 'listServers'): OperationEvent {
  const request = buildRequest({ origin: 'http://gw:1', path: '/', operation: name, client });
  return { client, operation: name, requestId: request.requestId, request, startTime: 0 };
}

function attempt(client: string, fields: Partial<AttemptEvent>): AttemptEvent {
  const request = buildRequest({ origin: 'http://gw:1', path: '/', client });
  return {
    client,
    operation: 'listServers',
    requestId: request.requestId,
    request,
    attempt: 1,
    method: 'GET',
    origin: 'http://gw:1',
    url: 'http://gw:1/',
    headers: {},
    startTime: 0,
    ...fields,
  };
}

describe('labels', () => {
  it('maps outcomes onto a bounded set', () => {
    expect(outcomeOf(undefined)).toBe('success');
    expect(outcomeOf(new ServerError(503))).toBe('mcpgw_server_error');
    expect(outcomeOf(new TimeoutError('attempt', 10))).toBe('mcpgw_timeout');
    expect(outcomeOf(new Error('boom'))).toBe('unknown');
    const odd = new ServerError(500);
    (odd as { code: string }).code = 'USER_CODE';
    expect(outcomeOf(odd)).toBe('other');
  });

  it("counts the MCP dialect's codes as themselves, and other well-formed codes up to a bound", () => {
    const coded = (code: string) => Object.assign(new ServerError(500), { code });
    expect(outcomeOf(coded('MCPGW_JSONRPC'))).toBe('mcpgw_jsonrpc');
    expect(outcomeOf(coded('MCPGW_MCP_STREAM_LOST'))).toBe('mcpgw_mcp_stream_lost');
    expect(outcomeOf(coded('MCPGW_MCP_SESSION_LOST'))).toBe('mcpgw_mcp_session_lost');
    const many = Array.from({ length: 40 }, (_, i) => outcomeOf(coded(`MCPGW_PLUGIN_${i}`)));
    expect(many.slice(0, 32)).toEqual(Array.from({ length: 32 }, (_, i) => `mcpgw_plugin_${i}`));
    expect(new Set(many.slice(32))).toEqual(new Set(['other']));
    expect(outcomeOf(coded('MCPGW_PLUGIN_0'))).toBe('mcpgw_plugin_0');
    expect(outcomeOf(coded('MCPGW_JSONRPC'))).toBe('mcpgw_jsonrpc');
    expect(outcomeOf(coded('mcpgw_lower'))).toBe('other');
  });

  it('gives status classes, and none without a status', () => {
    expect(statusClassOf(204)).toBe('2xx');
    expect(statusClassOf(429)).toBe('4xx');
    expect(statusClassOf(undefined)).toBe('none');
    expect(statusClassOf(42)).toBe('none');
  });

  it('bounds retry reasons', () => {
    expect(retryReasonOf('MCPGW_CONNECT')).toBe('mcpgw_connect');
    expect(retryReasonOf('status:503')).toBe('status_503');
    expect(retryReasonOf('status:9999')).toBe('other');
    expect(retryReasonOf('anything the user wrote')).toBe('other');
  });

  it('passes the first values of a label and folds the rest into other', () => {
    const label = new BoundedLabel(2);
    expect([label.value('a'), label.value('b'), label.value('c'), label.value('a')]).toEqual(['a', 'b', 'other', 'a']);
  });
});

describe('metrics()', () => {
  it('rejects a bad prefix, bad buckets and a bad label limit with one ConfigError', () => {
    let thrown: unknown;
    try {
      metrics({ prefix: 'bad-prefix', buckets: [1, 0.5], maxLabelValues: 0 });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).issues.map((i) => i.path)).toEqual([
      'metrics.prefix',
      'metrics.buckets',
      'metrics.maxLabelValues',
    ]);
  });

  it('has a registry of its own by default, every metric on it', async () => {
    const m = layer();
    expect(m.registry).toBeInstanceOf(Registry);
    const names = m.registry.getMetricsAsArray().map((metric) => metric.name);
    expect(names.sort()).toEqual(
      [...Object.values(metricNames).map((n) => `mcpgw_${n}`), ...Object.values(mcpMetricNames)].sort(),
    );
  });

  it('is an observer: a pipeline written when it was a layer still builds, without it, and it still counts', async () => {
    const m = layer({ client: 'composed' });
    const inner = async () => ({ status: 200, headers: {}, body: 1, attempts: 1, cache: undefined });
    expect(compose(m as never)(inner)).toBe(inner);
    const event = operation('composed');
    channels.requestStart.publish(event);
    event.durationMs = 3;
    channels.requestEnd.publish(event);
    expect((await samplesOf(m.registry)).mcpgw_requests_total).toEqual({
      '{operation="listServers",outcome="success"}': 1,
    });
  });

  it('counts only its own client when asked to', async () => {
    const m = layer({ client: 'mine' });
    for (const client of ['mine', 'theirs']) {
      const event = operation(client);
      channels.requestStart.publish(event);
      event.durationMs = 12;
      channels.requestEnd.publish(event);
    }
    const samples = await samplesOf(m.registry);
    expect(samples.mcpgw_requests_total).toEqual({ '{operation="listServers",outcome="success"}': 1 });
    expect(samples.mcpgw_request_duration_seconds_sum).toEqual({ '{operation="listServers"}': 0.012 });
  });

  it('tracks operations in flight and never goes negative for operations started before it subscribed', async () => {
    const before = operation('c');
    channels.requestStart.publish(before);
    const m = layer();
    const during = operation('c');
    channels.requestStart.publish(during);
    expect((await samplesOf(m.registry)).mcpgw_requests_in_flight).toEqual({ '{operation="listServers"}': 1 });
    channels.requestEnd.publish(before);
    channels.requestEnd.publish(during);
    expect((await samplesOf(m.registry)).mcpgw_requests_in_flight).toEqual({ '{operation="listServers"}': 0 });
  });

  it('labels attempts without a status as none and times gateway attempts', async () => {
    const m = layer();
    channels.attemptEnd.publish(attempt('c', { error: new TimeoutError('headers', 5), durationMs: 5 }));
    const samples = await samplesOf(m.registry);
    expect(samples.mcpgw_attempts_total).toEqual({
      '{operation="listServers",status_class="none",upstream="http://gw:1"}': 1,
    });
    expect(samples.mcpgw_attempt_duration_seconds_count).toEqual({ '{operation="listServers"}': 1 });
  });

  it('folds unbounded operations and upstreams into other', async () => {
    const m = layer({ maxLabelValues: 1 });
    channels.attemptEnd.publish(attempt('c', { operation: 'a', origin: 'http://one' }));
    channels.attemptEnd.publish(attempt('c', { operation: 'b', origin: 'http://two' }));
    expect((await samplesOf(m.registry)).mcpgw_attempts_total).toEqual({
      '{operation="a",status_class="none",upstream="http://one"}': 1,
      '{operation="other",status_class="none",upstream="other"}': 1,
    });
  });

  it('follows breaker states through open, half-open and closed', async () => {
    const m = layer();
    const move = (from: BreakerStateEvent['from'], to: BreakerStateEvent['to']) =>
      channels.breakerState.publish({ client: 'c', upstream: 'http://gw:1', from, to, nextAttemptAt: undefined });
    move('closed', 'open');
    expect((await samplesOf(m.registry)).mcpgw_breaker_state).toEqual({ '{upstream="http://gw:1"}': 2 });
    move('open', 'half-open');
    expect((await samplesOf(m.registry)).mcpgw_breaker_state).toEqual({ '{upstream="http://gw:1"}': 1 });
    move('half-open', 'closed');
    const samples = await samplesOf(m.registry);
    expect(samples.mcpgw_breaker_state).toEqual({ '{upstream="http://gw:1"}': 0 });
    expect(samples.mcpgw_breaker_transitions_total).toEqual({
      '{to="open",upstream="http://gw:1"}': 1,
      '{to="half-open",upstream="http://gw:1"}': 1,
      '{to="closed",upstream="http://gw:1"}': 1,
    });
  });

  it('counts cache store errors and availability, queue rejections, and fail-open decisions', async () => {
    const m = layer();
    channels.cacheStore.publish({ store: 'redis', state: 'unavailable' });
    channels.cacheStore.publish({ store: 'redis', state: 'error', error: new Error('x') });
    const call = { client: 'c', operation: 'invokeTool', requestId: 'r' };
    channels.queue.publish({ ...call, state: 'queued', inFlight: 1, queued: 1 });
    channels.queue.publish({ ...call, state: 'rejected', inFlight: 1, queued: 1 });
    channels.queue.publish({ ...call, state: 'timeout', inFlight: 1, queued: 0 });
    channels.authz.publish({ ...call, decision: 'fail-open', cached: false, durationMs: 3 });
    channels.authz.publish({ ...call, decision: 'allow', cached: true, durationMs: 0 });
    let samples = await samplesOf(m.registry);
    expect(samples.mcpgw_cache_store_available).toEqual({ '{store="redis"}': 0 });
    expect(samples.mcpgw_cache_store_errors_total).toEqual({ '{store="redis"}': 1 });
    expect(samples.mcpgw_queue_rejections_total).toEqual({
      '{operation="invokeTool",reason="full"}': 1,
      '{operation="invokeTool",reason="timeout"}': 1,
    });
    expect(samples.mcpgw_authz_decisions_total).toEqual({
      '{cached="false",decision="fail-open"}': 1,
      '{cached="true",decision="allow"}': 1,
    });
    channels.cacheStore.publish({ store: 'redis', state: 'available' });
    samples = await samplesOf(m.registry);
    expect(samples.mcpgw_cache_store_available).toEqual({ '{store="redis"}': 1 });
  });

  it('reads evictions at scrape time as a counter', async () => {
    let evictions = 3;
    const m = layer({ cacheStats: () => ({ entries: 2, bytes: 10, evictions }) });
    expect((await samplesOf(m.registry)).mcpgw_cache_evictions_total).toEqual({ '': 3 });
    evictions = 7;
    expect((await samplesOf(m.registry)).mcpgw_cache_evictions_total).toEqual({ '': 7 });
  });

  it('unsubscribes and unregisters on close, so a new instance can take the same registry', async () => {
    const registry = new Registry();
    const first = metrics({ registry, prefix: 'app_' });
    first.close();
    first.close();
    // Only the MCP session histogram stays: a client's close() ends its session and its metrics layer at once.
    expect(registry.getMetricsAsArray().map((m) => m.name)).toEqual(['app_mcp_client_session_duration_seconds']);
    expect(channels.requestEnd.hasSubscribers).toBe(false);
    const second = layer({ registry, prefix: 'app_' });
    const event = operation('c');
    channels.requestStart.publish(event);
    channels.requestEnd.publish(event);
    expect((await samplesOf(second.registry)).app_requests_total).toEqual({
      '{operation="listServers",outcome="success"}': 1,
    });
  });
});
