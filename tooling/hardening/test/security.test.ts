import {
  AuthorizationDeniedError,
  AuthorizationUnavailableError,
  ConfigError,
  GatewayClient,
  type GatewayResponse,
  HttpError,
  InvalidRequestError,
  ResponseTooLargeError,
  ServerError,
  TimeoutError,
} from '@mcpgw/core';
import { configFromEnv } from '@mcpgw/preset';
import { describe, expect, onTestFinished, test } from 'vitest';
import { canary, jwtSecret } from '../src/canary.js';
import { ChaosContext } from '../src/chaos-context.js';
import { hs256Token } from '../src/hs256-token.js';
import { TelemetryCapture } from '../src/telemetry-capture.js';

// One test per flaw found in the seed's client; each would fail again if the flaw came back.

function context(): ChaosContext {
  const ctx = new ChaosContext(new TelemetryCapture());
  onTestFinished(() => ctx.dispose());
  return ctx;
}

const token = (sub: string) => hs256Token({ sub, roles: ['dev'], exp: 4_102_444_800 }, jwtSecret);

describe('security regressions', () => {
  test('path injection via server name', async () => {
    const ctx = context();
    const sim = await ctx.start();
    const strict = ctx.client({ cache: false, retry: false });
    for (const name of ['../admin', 'a/b?x=1', '..', 'x#frag', '%2e%2e%2fadmin', 'a\\b']) {
      await expect(strict.getServer(name, { timeoutMs: 5_000 })).rejects.toBeInstanceOf(InvalidRequestError);
    }
    expect(sim.counts.total).toBe(0);
    // Lenient names are still sent as one encoded segment: nothing reaches another path or query.
    const raw = new GatewayClient({
      baseUrl: `${sim.url}/base`,
      apiKey: canary.apiKey,
      strictNames: false,
      handler: (request) => strict.execute(request),
    });
    for (const name of ['../admin', 'a/b?x=1', '..']) await raw.getServer(name).catch(() => undefined);
    expect(sim.requests.map((r) => r.rawUrl)).toEqual([
      '/base/api/v1/servers/..%2Fadmin',
      '/base/api/v1/servers/a%2Fb%3Fx%3D1',
      '/base/api/v1/servers/%2E%2E',
    ]);
  });

  test('the raw JWT sent to OPA', async () => {
    const ctx = context();
    await ctx.start();
    const opa = await ctx.opa();
    const client = ctx.client({ opa: ctx.opaOptions(opa.url) });
    await ctx.success(ctx.invoke(client));
    const sent = JSON.stringify(opa.inputs);
    expect(sent).toContain('"id":"canary-user"');
    expect(sent).not.toContain(canary.userToken);
    expect(sent).not.toContain(canary.userTokenSignature);
  });

  test('a user id shared by every user', async () => {
    const ctx = context();
    const sim = await ctx.start();
    const opa = await ctx.opa();
    const client = ctx.client({ opa: ctx.opaOptions(opa.url) });
    await ctx.success(ctx.invoke(client, { user: token('alice') }));
    await ctx.success(ctx.invoke(client, { user: token('bob') }));
    const ids = opa.inputs.map((input) => (input as { user: { id: string } }).user.id);
    expect(ids).toEqual(['alice', 'bob']);
    // No user is denied, and a user with an empty id is bad input: both before OPA and the gateway.
    const before = opa.calls;
    await expect(ctx.invoke(client, { user: undefined })(5_000)).rejects.toBeInstanceOf(AuthorizationDeniedError);
    await expect(ctx.invoke(client, { user: { id: '' } })(5_000)).rejects.toBeInstanceOf(InvalidRequestError);
    expect(opa.calls).toBe(before);
    expect(sim.counts.invoke).toBe(2);
  });

  test('decisions shared across users', async () => {
    const ctx = context();
    const sim = await ctx.start();
    const opa = await ctx.opa({
      decide: (input) => ({ allow: (input as { user: { id: string } }).user.id === 'alice', reason: 'only alice' }),
    });
    // The decision cache is on (its default): an allow for alice must never answer for bob.
    const client = ctx.client({ opa: ctx.opaOptions(opa.url, { decisionCache: { ttlMs: 60_000 } }) });
    await ctx.success(ctx.invoke(client, { user: token('alice') }));
    await expect(ctx.invoke(client, { user: token('bob') })(5_000)).rejects.toBeInstanceOf(AuthorizationDeniedError);
    await ctx.success(ctx.invoke(client, { user: token('alice') }));
    await expect(ctx.invoke(client, { user: token('bob') })(5_000)).rejects.toBeInstanceOf(AuthorizationDeniedError);
    expect(sim.counts.invoke).toBe(2);
    expect(client.stats().authz?.cache?.hits).toBeGreaterThanOrEqual(1);
  });

  test('empty filtered_parameters sending the unfiltered parameters', async () => {
    const ctx = context();
    const sim = await ctx.start();
    const opa = await ctx.opa({ decide: () => ({ allow: true, filtered_parameters: {} }) });
    const client = ctx.client({ opa: ctx.opaOptions(opa.url) });
    await ctx.success(ctx.invoke(client));
    expect(sim.invocations.map((i) => i.parameters)).toEqual([{}]);
    expect(sim.requests.at(-1)?.body).not.toContain(canary.parameterValue);
  });

  test('invokes retried after reaching the gateway', async () => {
    const ctx = context();
    const sim = await ctx.start();
    const client = ctx.client({ timeouts: { attemptMs: 300, totalMs: 10_000, connectMs: 1_000 } });
    sim.script('invoke', [{ status: 503 }]);
    await expect(ctx.invoke(client)(5_000)).rejects.toBeInstanceOf(ServerError);
    sim.script('invoke', [{ fault: 'slow-headers', delayMs: 1_000 }]);
    await expect(ctx.invoke(client)(5_000)).rejects.toBeInstanceOf(TimeoutError);
    sim.script('invoke', [{ status: 502 }]);
    await expect(ctx.invoke(client)(5_000)).rejects.toBeInstanceOf(ServerError);
    expect(sim.counts.invoke).toBe(3);
    // With an Idempotency-Key the same failures are retried, and the tool still runs once.
    sim.script('invoke', [{ status: 503 }, { fault: 'reset' }]);
    await ctx.success(ctx.invoke(client, { idempotencyKey: 'sec-1' }));
    expect(sim.invocations.filter((i) => i.idempotencyKey === 'sec-1' && i.executed)).toHaveLength(1);
  });

  test('the API key kept on a cross-origin redirect', async () => {
    const ctx = context();
    const sim = await ctx.start();
    const other = await ctx.startSim({ apiKey: 'another-key' });
    const client = ctx.client({ retry: false, cache: false });
    for (const status of [301, 302, 307, 308]) {
      sim.script('getServer', [{ status, headers: { location: `${other.url}/api/v1/servers/postgres-mcp` } }]);
      const error = await ctx.failure((timeoutMs) => client.getServer('postgres-mcp', { timeoutMs }));
      expect(error).toBeInstanceOf(HttpError);
      expect((error as HttpError).status).toBe(status);
    }
    expect(other.counts.total).toBe(0);
  });

  test('endless pagination', async () => {
    let calls = 0;
    const endless = new GatewayClient({
      baseUrl: 'http://gw.test',
      pagination: { pageSize: 2, maxPages: 50 },
      handler: async (request): Promise<GatewayResponse> => {
        calls++;
        const offset = Number(request.query?.offset ?? 0);
        const item = (i: number) => ({
          server_id: `s${i}`,
          server_name: `s${i}`,
          server_url: 'http://x.test',
          health_status: 'healthy',
          tools_count: 0,
        });
        const body = { servers: [item(offset), item(offset + 1)], next_offset: offset + 2 };
        return { status: 200, headers: {}, body, attempts: 1, cache: undefined };
      },
    });
    await expect(endless.listAllServers()).rejects.toBeInstanceOf(ResponseTooLargeError);
    expect(calls).toBeLessThanOrEqual(51);
    // A gateway that sends the same page again is stopped too (over the wire: the simulator ignoring offset).
    const ctx = context();
    const sim = await ctx.start({ servers: 10 });
    const client = ctx.client({ cache: false, pagination: { pageSize: 2, maxPages: 1_000 } });
    const stuck = {
      servers: [
        { server_id: 'x', server_name: 'x', server_url: 'http://x.test', health_status: 'h', tools_count: 0 },
        { server_id: 'y', server_name: 'y', server_url: 'http://x.test', health_status: 'h', tools_count: 0 },
      ],
      next_offset: 2,
    };
    sim.script(
      'listServers',
      Array.from({ length: 20 }, () => ({ status: 200, body: stuck })),
    );
    const error = await ctx.failure((timeoutMs) => client.listAllServers({ timeoutMs }));
    expect(error).toBeInstanceOf(Error);
    expect((error as { code: string }).code).toMatch(/^MCPGW_RESPONSE_(FORMAT|TOO_LARGE)$/);
    expect(sim.counts.listServers).toBeLessThanOrEqual(10);
  });

  test('unbounded response sizes', async () => {
    const ctx = context();
    const sim = await ctx.start();
    // The production default: 10 MiB.
    const client = ctx.client({ retry: false, cache: false });
    sim.script('listServers', [{ fault: 'huge-body', bytes: 12 * 1024 * 1024, chunked: true }]);
    const error = await ctx.failure((timeoutMs) => client.listServers({ timeoutMs }));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    sim.script('listServers', [{ fault: 'huge-body', bytes: 12 * 1024 * 1024 }]);
    expect(await ctx.failure((timeoutMs) => client.listServers({ timeoutMs }))).toBeInstanceOf(ResponseTooLargeError);
    // And a listing is bounded in items as well as bytes.
    const bounded = ctx.client({ cache: false, pagination: { pageSize: 10, maxItems: 15 } });
    await expect(bounded.listAllServers({ timeoutMs: 10_000 })).rejects.toBeInstanceOf(ResponseTooLargeError);
  });

  test('lax boolean parsing of allow', async () => {
    const ctx = context();
    const sim = await ctx.start();
    const opa = await ctx.opa();
    const client = ctx.client({ opa: ctx.opaOptions(opa.url) });
    for (const result of [{ allow: 'true' }, { allow: 1 }, { allow: 'yes' }, { allow: [true] }, 'true', 1]) {
      opa.script([{ result }]);
      const error = await ctx.failure(ctx.invoke(client));
      expect(error).toBeInstanceOf(AuthorizationUnavailableError);
      expect((error as AuthorizationUnavailableError).reason).toBe('bad-response');
    }
    for (const result of [{ allow: false }, { allow: true, deny: ['no'] }, false]) {
      opa.script([{ result }]);
      expect(await ctx.failure(ctx.invoke(client))).toBeInstanceOf(AuthorizationDeniedError);
    }
    expect(sim.counts.invoke).toBe(0);
  });

  // Regression: the body used to be validated after execute() returned, outside the onion, so the cache stored a
  // wrong-shape answer (shared through Redis) for its TTL. Now the transport validates it through request.decode.
  test('a malformed answer poisoning the cache', async () => {
    const ctx = context();
    const sim = await ctx.start();
    const client = ctx.client();
    sim.script('getServer', [{ fault: 'wrong-schema' }]);
    await ctx.failure((timeoutMs) => client.getServer('postgres-mcp', { timeoutMs }));
    const server = await ctx.success((timeoutMs) => client.getServer('postgres-mcp', { timeoutMs }));
    expect(server.server_name).toBe('postgres-mcp');
  });

  // Issue 12: the whole value used to be quoted in the ConfigError, password and token included. The other issue 12
  // flaws are faults a peer or a caller causes: rows of the chaos matrix (see hardening-results.md).
  test("configFromEnv echoing a base URL's credentials", () => {
    const secrets = [canary.apiKey, canary.userToken, canary.parameterValue];
    const unparsable = [
      `htp://svc:${canary.apiKey}@gw.internal/mcp?token=${canary.userToken}#${canary.parameterValue}`,
      `svc:${canary.apiKey}@gw.internal`,
      `http://[bad host/?api_key=${canary.userToken}`,
    ];
    for (const raw of unparsable) {
      let error: unknown;
      try {
        configFromEnv({ MCPGW_BASE_URL: raw, MCPGW_OPA_URL: raw });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const issues = (error as ConfigError).issues;
      expect(issues.map((i) => i.path).sort()).toEqual(['MCPGW_BASE_URL', 'MCPGW_OPA_URL']);
      const text = `${(error as Error).message} ${(error as Error).stack} ${JSON.stringify(error)} ${JSON.stringify(issues)}`;
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });
});
