import {
  type AttemptEvent,
  AuthorizationDeniedError,
  AuthorizationUnavailableError,
  type AuthzEvent,
  ConfigError,
  channels,
  compose,
  createTransport,
  GatewayClient,
  InvalidRequestError,
  type Transport,
} from '@mcpgw/core';
import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import { type OpaTestServer, startOpaTestServer } from '@mcpgw/opa-test-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AuthorizeMiddleware, type AuthorizeOptions, authorize } from '../src/index.js';

let sim: GatewaySim;
let opa: OpaTestServer;
const open: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  sim = await startGatewaySim({ port: 0, requireUserToken: false });
  opa = await startOpaTestServer({ port: 0, mode: 'scripted' });
});
afterAll(async () => {
  await sim.close();
  await opa.close();
});
afterEach(async () => {
  for (const item of open.splice(0)) await item.close();
  sim.reset();
  opa.reset();
  opa.setDecide(() => ({ allow: true }));
});

function clientWith(options: Partial<AuthorizeOptions> = {}): { client: GatewayClient; authz: AuthorizeMiddleware } {
  const authz = authorize({ url: opa.url, timeoutMs: 2_000, ...options });
  const transport: Transport = createTransport();
  open.push(authz, transport);
  const client = new GatewayClient({ baseUrl: sim.url, handler: compose(authz)(transport) });
  return { client, authz };
}

const analyst = { id: 'u-analyst', roles: ['analyst'], teams: ['data'] };
const admin = { id: 'u-admin', roles: ['admin'], teams: ['platform'] };
const invoke = {
  server: 'postgres-mcp',
  tool: 'execute_query',
  parameters: { query: 'SELECT 1', password: 'hunter2' },
};

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('authorize against gateway-sim and the test OPA server', () => {
  it('allows: one invoke reaches the gateway with the filtered parameters', async () => {
    opa.setDecide(() => ({ allow: true, deny: [], reason: 'ok', filtered_parameters: { query: 'SELECT 1' } }));
    const { client } = clientWith();
    await client.invokeTool({ ...invoke, user: analyst });
    expect(sim.invocations).toHaveLength(1);
    expect(sim.invocations[0]?.parameters).toEqual({ query: 'SELECT 1' });
    expect(opa.calls).toBe(1);
  });

  it('applies filtered_parameters even when it is {}', async () => {
    opa.setDecide(() => ({ allow: true, filtered_parameters: {} }));
    const { client } = clientWith();
    await client.invokeTool({ ...invoke, user: analyst });
    expect(sim.invocations[0]?.parameters).toEqual({});
  });

  it('keeps the parameters when the policy returns no filtered_parameters (boolean result)', async () => {
    opa.setDecide(() => true);
    const { client } = clientWith();
    await client.invokeTool({ ...invoke, user: analyst });
    expect(sim.invocations[0]?.parameters).toEqual(invoke.parameters);
  });

  it('sends the input document of gateway-api.md to OPA', async () => {
    const { client } = clientWith({
      resolveServer: async (name) => ({ name, sensitivity_level: 'high', authorized_teams: ['data'] }),
      resolveTool: async (_server, tool) => ({ name: tool, sensitivity_level: 'critical' }),
    });
    await client.invokeTool({ ...invoke, user: { ...analyst, email: 'a@example.com' } });
    const input = opa.inputs[0] as Record<string, any>;
    expect(opa.paths[0]).toBe('mcp/gateway/decision');
    expect(input.action).toBe('gateway:tool:invoke');
    expect(input.user).toEqual({ id: 'u-analyst', roles: ['analyst'], teams: ['data'], email: 'a@example.com' });
    expect(input.server).toEqual({ name: 'postgres-mcp', sensitivity_level: 'high', authorized_teams: ['data'] });
    expect(input.tool).toEqual({ name: 'execute_query', sensitivity_level: 'critical', parameters: invoke.parameters });
    expect(input.server_name).toBe('postgres-mcp');
    expect(input.tool_name).toBe('execute_query');
    expect(input.parameters).toEqual(invoke.parameters);
    expect(Number.isInteger(input.context.timestamp)).toBe(true);
    expect(Math.abs(input.context.timestamp - Date.now() / 1000)).toBeLessThan(600);
    expect(typeof input.context.request_id).toBe('string');
  });

  it('denies: AuthorizationDeniedError with the reason, and the gateway saw nothing', async () => {
    opa.setDecide(() => ({ allow: false, deny: ['role may not use high sensitivity tools'], reason: 'x' }));
    const { client } = clientWith();
    const error = await rejection(client.invokeTool({ ...invoke, user: analyst }));
    expect(error).toBeInstanceOf(AuthorizationDeniedError);
    expect((error as AuthorizationDeniedError).reason).toBe('role may not use high sensitivity tools');
    expect(sim.counts.invoke).toBe(0);
    expect(sim.counts.total).toBe(0);
  });

  it('denies when allow is true but deny is not empty (deny is authoritative)', async () => {
    opa.setDecide(() => ({ allow: true, deny: ['team not authorized'] }));
    const { client } = clientWith();
    const error = await rejection(client.invokeTool({ ...invoke, user: analyst }));
    expect((error as AuthorizationDeniedError).reason).toBe('team not authorized');
    expect(sim.counts.total).toBe(0);
  });

  it('refuses a call with no user before asking OPA', async () => {
    const { client } = clientWith();
    const error = await rejection(client.invokeTool(invoke));
    expect(error).toBeInstanceOf(AuthorizationDeniedError);
    expect((error as AuthorizationDeniedError).reason).toBe('no user');
    expect(opa.calls).toBe(0);
    expect(sim.counts.total).toBe(0);
  });

  const unavailable: Array<[string, Parameters<OpaTestServer['script']>[0], string]> = [
    ['a 500 answer', [{ status: 500, body: { code: 'internal_error', message: 'boom' } }], 'http-status'],
    ['a 400 answer', [{ status: 400, body: { code: 'invalid_parameter', message: 'bad' } }], 'http-status'],
    ['an undefined policy ({})', [{ undefined: true }], 'undefined-policy'],
    ['allow: "true" (a string)', [{ result: { allow: 'true' } }], 'bad-response'],
    ['allow: 1', [{ result: { allow: 1 } }], 'bad-response'],
    ['a non-object, non-boolean result', [{ result: 'yes' }], 'bad-response'],
    ['invalid JSON', [{ status: 200, body: '{"result": tru' }], 'bad-response'],
    ['a connection reset', [{ fault: 'reset' }], 'unreachable'],
  ];
  for (const [name, steps, reason] of unavailable) {
    it(`refuses on ${name}: AuthorizationUnavailableError(${reason}), nothing sent`, async () => {
      opa.script(steps);
      const { client } = clientWith();
      const error = await rejection(client.invokeTool({ ...invoke, user: analyst }));
      expect(error).toBeInstanceOf(AuthorizationUnavailableError);
      expect((error as AuthorizationUnavailableError).reason).toBe(reason);
      expect(sim.counts.total).toBe(0);
    });
  }

  it('refuses when OPA is slower than its timeout', async () => {
    opa.script([{ fault: 'hang' }]);
    const { client } = clientWith({ timeoutMs: 200 });
    const error = await rejection(client.invokeTool({ ...invoke, user: analyst }));
    expect((error as AuthorizationUnavailableError).reason).toBe('timeout');
    expect(sim.counts.total).toBe(0);
  });

  it('refuses when OPA is down', async () => {
    const down = await startOpaTestServer({ port: 0 });
    await down.close();
    const { client, authz } = clientWith({ url: down.url });
    const error = await rejection(client.invokeTool({ ...invoke, user: analyst }));
    expect((error as AuthorizationUnavailableError).reason).toBe('unreachable');
    expect(sim.counts.total).toBe(0);
    expect((await authz.health()).status).toBe('unhealthy');
  });

  it('fails open only when asked, warning and counting every use', async () => {
    const warnings: string[] = [];
    opa.script([{ status: 503 }, { status: 503 }]);
    const { client, authz } = clientWith({ failOpen: true, onWarning: (m) => warnings.push(m) });
    await client.invokeTool({ ...invoke, user: analyst });
    await client.invokeTool({ ...invoke, user: analyst });
    expect(sim.counts.invoke).toBe(2);
    expect(warnings).toHaveLength(2);
    expect(authz.stats().failOpen).toBe(2);
  });

  it('never fails open on a deny', async () => {
    opa.setDecide(() => false);
    const { client } = clientWith({ failOpen: true, onWarning: () => {} });
    await expect(client.invokeTool({ ...invoke, user: analyst })).rejects.toBeInstanceOf(AuthorizationDeniedError);
    expect(sim.counts.total).toBe(0);
  });

  it('opens its breaker after consecutive OPA failures and then fails fast', async () => {
    opa.script([{ status: 500 }, { status: 500 }]);
    const { client, authz } = clientWith({ breaker: { failureThreshold: 2, openMs: 60_000 } });
    await rejection(client.invokeTool({ ...invoke, user: analyst }));
    await rejection(client.invokeTool({ ...invoke, user: analyst }));
    const error = await rejection(client.invokeTool({ ...invoke, user: analyst }));
    expect((error as AuthorizationUnavailableError).reason).toBe('circuit-open');
    expect(opa.calls).toBe(2);
    expect(authz.stats().breaker).toBe('open');
  });

  it('passes through requests that do not ask for authorization', async () => {
    const { client } = clientWith();
    await client.listServers();
    expect(opa.calls).toBe(0);
    expect(sim.counts.listServers).toBe(1);
  });

  it('rejects a malformed invoke body with InvalidRequestError before OPA', async () => {
    const { authz } = clientWith();
    const handler = authz(async () => {
      throw new Error('must not be reached');
    });
    const request = {
      client: 'mcpgw',
      operation: 'invokeTool',
      method: 'POST' as const,
      origin: sim.url,
      path: '/api/v1/invoke',
      query: undefined,
      headers: {},
      body: { server: 'postgres-mcp', tool: 'execute_query', parameters: [1] },
      idempotent: false,
      cacheable: false,
      authorize: true,
      principal: analyst,
      attributes: {},
      requestId: 'r1',
      signal: undefined,
      deadline: undefined,
      timeoutMs: undefined,
      attempt: 1,
    };
    await expect(handler(request)).rejects.toBeInstanceOf(InvalidRequestError);
    expect(opa.calls).toBe(0);
  });

  it('validates its options', () => {
    expect(() => authorize({ url: '' })).toThrow(ConfigError);
    expect(() => authorize({ url: opa.url, timeoutMs: -1 })).toThrow(ConfigError);
    expect(() => authorize({ url: 'ftp://x' })).toThrow(ConfigError);
    expect(() => authorize({ url: opa.url, decisionCache: { maxEntries: 0 } })).toThrow(ConfigError);
  });

  it('reports OPA health for readiness', async () => {
    const { authz } = clientWith();
    const health = await authz.health();
    expect(health.status).toBe('healthy');
    expect(health.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('publishes every decision on channels.authz and the OPA call on the attempt channels', async () => {
    const decisions: AuthzEvent[] = [];
    const attempts: AttemptEvent[] = [];
    const onAuthz = (m: unknown) => decisions.push(m as AuthzEvent);
    const onAttempt = (m: unknown) => attempts.push(m as AttemptEvent);
    channels.authz.subscribe(onAuthz);
    channels.attemptEnd.subscribe(onAttempt);
    try {
      const { client } = clientWith();
      await client.invokeTool({ ...invoke, user: analyst });
      await client.invokeTool({ ...invoke, user: analyst });
      opa.setDecide(() => false);
      await rejection(client.invokeTool({ ...invoke, parameters: { other: 1 }, user: analyst }));
    } finally {
      channels.authz.unsubscribe(onAuthz);
      channels.attemptEnd.unsubscribe(onAttempt);
    }
    expect(decisions.map((d) => [d.operation, d.decision, d.cached])).toEqual([
      ['invokeTool', 'allow', false],
      ['invokeTool', 'allow', true],
      ['invokeTool', 'deny', false],
    ]);
    const opaAttempts = attempts.filter((a) => a.operation === 'opa.decision');
    expect(opaAttempts).toHaveLength(2);
    expect(opaAttempts[0]?.status).toBe(200);
    expect(opaAttempts[0]?.url).toBe(`${opa.url}/v1/data/mcp/gateway/decision`);
    expect(opaAttempts[0]?.request.headers).toEqual({});
  });
});

describe('decision cache', () => {
  it('gives two users with different roles their own decisions for the same call', async () => {
    opa.setDecide((input) => {
      const roles = (input as { user: { roles: string[] } }).user.roles;
      return roles.includes('admin') ? { allow: true } : { allow: false, deny: ['not admin'] };
    });
    const { client } = clientWith({ decisionCache: { ttlMs: 60_000, maxEntries: 100 } });
    await client.invokeTool({ ...invoke, user: admin });
    const error = await rejection(client.invokeTool({ ...invoke, user: analyst }));
    expect((error as AuthorizationDeniedError).reason).toBe('not admin');
    await client.invokeTool({ ...invoke, user: admin });
    expect(opa.calls).toBe(2);
    expect(sim.counts.invoke).toBe(2);
  });

  it('asks OPA once for the same user twice within the TTL', async () => {
    const { client, authz } = clientWith({ decisionCache: { ttlMs: 60_000, maxEntries: 100 } });
    await client.invokeTool({ ...invoke, user: analyst });
    await client.invokeTool({ ...invoke, user: analyst });
    expect(opa.calls).toBe(1);
    expect(sim.counts.invoke).toBe(2);
    expect(authz.stats().cache?.hits).toBe(1);
  });

  it('asks again when a parameter changes', async () => {
    const { client } = clientWith();
    await client.invokeTool({ ...invoke, user: analyst });
    await client.invokeTool({ ...invoke, parameters: { query: 'SELECT 2' }, user: analyst });
    expect(opa.calls).toBe(2);
  });

  it('never caches when the policy says cache_ttl: 0', async () => {
    opa.setDecide(() => ({ allow: true, cache_ttl: 0 }));
    const { client } = clientWith();
    await client.invokeTool({ ...invoke, user: analyst });
    await client.invokeTool({ ...invoke, user: analyst });
    expect(opa.calls).toBe(2);
  });

  it('can be turned off', async () => {
    const { client, authz } = clientWith({ decisionCache: false });
    await client.invokeTool({ ...invoke, user: analyst });
    await client.invokeTool({ ...invoke, user: analyst });
    expect(opa.calls).toBe(2);
    expect(authz.stats().cache).toBeUndefined();
  });
});
