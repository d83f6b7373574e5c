import { driveScenario, type Scenario } from '@mcpgw/test-support/drive-scenario';
import { samplesOf } from '@mcpgw/test-support/samples';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MetricsObserver, metrics } from '../src/index.js';

describe('metrics of a client driven against gateway-sim', () => {
  let scenario: Scenario;
  let layer: MetricsObserver;

  beforeAll(async () => {
    const registry = new Registry();
    scenario = await driveScenario({
      clientName: 'metrics-it',
      observe: ({ transport, cache }) => {
        layer = metrics({
          registry,
          client: 'metrics-it',
          pools: () => transport.stats(),
          cacheStats: () => cache.stats(),
        });
      },
    });
  });
  afterAll(async () => {
    layer.close();
    await scenario.close();
  });

  it('counts operations by operation and outcome', async () => {
    const samples = await samplesOf(layer.registry);
    expect(samples.mcpgw_requests_total).toEqual({
      '{operation="listServers",outcome="success"}': 3,
      '{operation="invokeTool",outcome="success"}': 1,
      '{operation="invokeTool",outcome="mcpgw_authz_denied"}': 1,
      '{operation="listTools",outcome="mcpgw_server_error"}': 1,
      '{operation="health",outcome="mcpgw_server_error"}': 1,
      '{operation="getServer",outcome="mcpgw_circuit_open"}': 1,
    });
    expect(samples.mcpgw_request_duration_seconds_count).toEqual({
      '{operation="listServers"}': 3,
      '{operation="invokeTool"}': 2,
      '{operation="listTools"}': 1,
      '{operation="health"}': 1,
      '{operation="getServer"}': 1,
    });
    expect(samples.mcpgw_requests_in_flight).toEqual({
      '{operation="listServers"}': 0,
      '{operation="invokeTool"}': 0,
      '{operation="listTools"}': 0,
      '{operation="health"}': 0,
      '{operation="getServer"}': 0,
    });
  });

  it('counts attempts by status class and upstream, OPA calls included', async () => {
    const samples = await samplesOf(layer.registry);
    const sim = scenario.sim.url;
    const opa = scenario.opa.url;
    expect(samples.mcpgw_attempts_total).toEqual({
      [`{operation="listServers",status_class="2xx",upstream="${sim}"}`]: 1,
      [`{operation="opa.decision",status_class="2xx",upstream="${opa}"}`]: 2,
      [`{operation="invokeTool",status_class="5xx",upstream="${sim}"}`]: 1,
      [`{operation="invokeTool",status_class="2xx",upstream="${sim}"}`]: 1,
      [`{operation="listTools",status_class="5xx",upstream="${sim}"}`]: 1,
      [`{operation="health",status_class="5xx",upstream="${sim}"}`]: 1,
    });
    expect(samples.mcpgw_authz_duration_seconds_count).toEqual({ '{status_class="2xx"}': 2 });
  });

  it('counts retries by reason and retries refused by the budget', async () => {
    const samples = await samplesOf(layer.registry);
    expect(samples.mcpgw_retries_total).toEqual({ '{operation="invokeTool",reason="status_503"}': 1 });
    expect(samples.mcpgw_retry_budget_exhausted_total).toEqual({
      '{operation="listTools"}': 1,
      '{operation="health"}': 1,
    });
  });

  it('shows the open breaker and its transition', async () => {
    const samples = await samplesOf(layer.registry);
    expect(samples.mcpgw_breaker_state).toEqual({ [`{upstream="${scenario.sim.url}"}`]: 2 });
    expect(samples.mcpgw_breaker_transitions_total).toEqual({ [`{to="open",upstream="${scenario.sim.url}"}`]: 1 });
  });

  it('counts cache lookups by result and reads the cache size at scrape time', async () => {
    const samples = await samplesOf(layer.registry);
    expect(samples.mcpgw_cache_lookups_total).toEqual({
      '{operation="listServers",result="miss"}': 1,
      '{operation="listServers",result="hit"}': 1,
      '{operation="listServers",result="stale"}': 1,
      '{operation="listTools",result="miss"}': 1,
      '{operation="getServer",result="miss"}': 1,
    });
    const stats = scenario.cache.stats();
    expect(samples.mcpgw_cache_entries).toEqual({ '': 1 });
    expect(samples.mcpgw_cache_bytes).toEqual({ '': stats.bytes });
    expect(samples.mcpgw_cache_evictions_total).toEqual({ '': 0 });
  });

  it('counts OPA decisions by result', async () => {
    const samples = await samplesOf(layer.registry);
    expect(samples.mcpgw_authz_decisions_total).toEqual({
      '{cached="false",decision="allow"}': 1,
      '{cached="false",decision="deny"}': 1,
    });
  });

  it('reads every pool figure at scrape time', async () => {
    const samples = await samplesOf(layer.registry);
    const pool = scenario.transport.stats().find((p) => p.origin === scenario.sim.url);
    expect(pool).toBeDefined();
    const origin = scenario.sim.url;
    expect(samples.mcpgw_pool_connections).toEqual({
      [`{origin="${origin}",state="connected"}`]: pool?.connected,
      [`{origin="${origin}",state="free"}`]: pool?.free,
      [`{origin="${origin}",state="pending"}`]: pool?.pending,
      [`{origin="${origin}",state="queued"}`]: pool?.queued,
      [`{origin="${origin}",state="running"}`]: pool?.running,
      [`{origin="${origin}",state="size"}`]: pool?.size,
    });
    expect(pool?.connected).toBeGreaterThan(0);
  });
});
