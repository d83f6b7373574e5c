import { memoryStore } from '@mcpgw/cache';
import { type HttpError, ResponseFormatError, TimeoutError } from '@mcpgw/core';
import { describe, expect, onTestFinished, test } from 'vitest';
import { canary } from '../src/canary.js';
import { ChaosContext } from '../src/chaos-context.js';
import { scanForCanaries, TelemetryCapture } from '../src/telemetry-capture.js';

// Issue 12, the layers half (cache, retry, logging, tracing, preset): one regression test per defect, through the
// preset over real loopback HTTP, every line, metric, span and error captured. Each failed before its fix. The retry
// wait that let a script exit mid-call (item 6) needs a process of its own: packages/retry/test/exit.test.ts and
// packages/preset/test/exit.test.ts.

function context(): ChaosContext {
  const ctx = new ChaosContext(new TelemetryCapture());
  onTestFinished(() => ctx.dispose());
  return ctx;
}

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('issue 12, layers', () => {
  test('5. an answer nested 20,000 deep is a ResponseFormatError, counted as a failure and never cached', async () => {
    const ctx = context();
    const sim = await ctx.start();
    const client = ctx.client();
    const body =
      '{"server_id":"postgres-mcp","server_name":"postgres-mcp","server_url":"http://tools.internal/pg",' +
      `"health_status":"healthy","tools_count":3,"extra":${nested(20_000)}}`;
    sim.script('getServer', [{ status: 200, body }]);
    const error = await ctx.failure((timeoutMs) => client.getServer('postgres-mcp', { timeoutMs }));
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect(error).toMatchObject({ code: 'MCPGW_RESPONSE_FORMAT', operation: 'getServer' });
    const [exposition] = await ctx.expositions();
    expect(exposition).toMatch(/mcpgw_requests_total\{[^}]*operation="getServer"[^}]*outcome="mcpgw_response_format"/);
    expect(ctx.capture.records().some((r) => r.msg === 'operation failed' && r.code === 'MCPGW_RESPONSE_FORMAT')).toBe(
      true,
    );
    const server = await ctx.success((timeoutMs) => client.getServer('postgres-mcp', { timeoutMs }));
    expect(server.server_name).toBe('postgres-mcp');
    expect(sim.counts.getServer).toBe(2);
  });

  test("7. a coalesced wait is bounded by its own deadline, not the first caller's", async () => {
    const ctx = context();
    const sim = await ctx.start();
    const client = ctx.client();
    sim.setLatency(1_000);
    const [a, b] = await Promise.all([
      ctx.call((timeoutMs) => client.listServers({ timeoutMs }), 300),
      ctx.call((timeoutMs) => client.listServers({ timeoutMs }), 5_000),
    ]);
    expect(a.ok).toBe(false);
    expect(a.ok ? undefined : a.error).toBeInstanceOf(TimeoutError);
    expect(b.ok).toBe(true);
    expect(b.ok ? b.value.items.length : 0).toBeGreaterThan(0);
    expect(sim.counts.listServers).toBe(1);
  });

  test('4. a 401 echoing the API key and a 422 quoting a parameter reach no log line, metric, span or error', async () => {
    const ctx = context();
    const sim = await ctx.start();
    const client = ctx.client();
    sim.script('listServers', [{ status: 401, body: { error: { message: `invalid API key ${canary.apiKey}` } } }]);
    sim.script('invoke', [
      { status: 422, body: { detail: [{ msg: `query: '${canary.parameterValue}' is not valid SQL` }] } },
      { status: 401, body: { error: `token ${canary.userToken} expired` } },
    ]);
    const denied = await ctx.failure((timeoutMs) => client.listServers({ timeoutMs }));
    const refused = await ctx.failure(ctx.invoke(client));
    const expired = await ctx.failure(ctx.invoke(client));
    expect([denied, refused, expired].map((e) => (e as HttpError).status)).toEqual([401, 422, 401]);
    // The gateway really did quote them: what reached the caller is the scrubbed form.
    expect((refused as HttpError).message).toContain('[REDACTED]');
    ctx.capture.expositions.push(...(await ctx.expositions()));
    expect(ctx.capture.exporter.getFinishedSpans().length).toBeGreaterThanOrEqual(6);
    expect(ctx.capture.records().filter((r) => r.msg === 'operation failed')).toHaveLength(3);
    expect(scanForCanaries(ctx.capture, canary)).toEqual([]);
  });

  test('4. a 404 the caller handles is logged at info, marked callerError; a 401 stays at error', async () => {
    const ctx = context();
    const sim = await ctx.start();
    const client = ctx.client();
    await ctx.failure((timeoutMs) => client.getServer('no-such-server', { timeoutMs }));
    sim.script('listServers', [{ status: 401 }]);
    await ctx.failure((timeoutMs) => client.listServers({ timeoutMs }));
    const failed = ctx.capture.records().filter((r) => r.msg === 'operation failed');
    expect(failed.map((r) => [r.operation, r.status, r.level, r.callerError])).toEqual([
      ['getServer', 404, 30, true],
      ['listServers', 401, 50, undefined],
    ]);
  });

  test("a cookie or a token header of the caller's own keeps two users apart in a shared store", async () => {
    const ctx = context();
    const sim = await ctx.start();
    const store = memoryStore();
    const alice = ctx.client({ headers: { cookie: 'session=alice-Fq20' }, cache: { store } });
    const bob = ctx.client({ headers: { cookie: 'session=bob-Wn73' }, cache: { store } });
    const page = (id: string) => ({
      servers: [
        {
          server_id: id,
          server_name: id,
          server_url: `http://tools.internal/${id}`,
          health_status: 'healthy',
          tools_count: 1,
        },
      ],
      total: 1,
      next_offset: null,
    });
    sim.script('listServers', [
      { status: 200, body: page('alice-only') },
      { status: 200, body: page('bob-only') },
    ]);
    const ids = async (c: typeof alice) =>
      (await ctx.success((timeoutMs) => c.listServers({ timeoutMs }))).items.map((s) => s.server_id);
    expect(await ids(alice)).toEqual(['alice-only']);
    expect(await ids(bob)).toEqual(['bob-only']);
    expect(await ids(alice)).toEqual(['alice-only']);
    expect(sim.counts.listServers).toBe(2);
  });
});
