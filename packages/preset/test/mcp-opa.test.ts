import { AuthorizationDeniedError, AuthorizationUnavailableError } from '@mcpgw/core';
import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import { eraMemory } from '@mcpgw/mcp';
import { type OpaTestServer, startOpaTestServer } from '@mcpgw/opa-test-server';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createGatewayClient } from '../src/index.js';

// Read-only tools (by the listing's annotations) for everyone on a loopback server, anything for admins; `token`
// never reaches the tool.
const policy = `package mcp.gateway

import future.keywords.if
import future.keywords.in

default allow := false

allow if {
	input.action == "gateway:tool:invoke"
	input.tool.annotations.readOnlyHint == true
	startswith(input.server.origin, "http://127.0.0.1:")
	not input.parameters.message == "forbidden"
}

allow if {
	"admin" in input.user.roles
}

reason := "ok" if allow
else := "read-only tools only"

decision := {"allow": allow, "reason": reason, "filtered_parameters": {k: v | some k, v in input.parameters; k != "token"}}
`;

let sim: GatewaySim;
let opa: OpaTestServer;
beforeAll(async () => {
  sim = await startGatewaySim({ port: 0 });
  opa = await startOpaTestServer({ port: 0, mode: 'rego', policy });
}, 120_000);
afterEach(() => {
  sim.reset();
  eraMemory.clear();
});
afterAll(async () => {
  await Promise.all([sim.close(), opa.close()]);
});

function client(protocolVersion: '2025-11-25' | '2026-07-28', opaUrl = opa.url) {
  return createGatewayClient({
    baseUrl: sim.mcp.url,
    protocol: 'mcp',
    logger: false,
    metrics: false,
    opa: { url: opaUrl, timeoutMs: 10_000, decisionCache: false },
    mcp: { protocolVersion },
  });
}

const alice = { id: 'alice', roles: ['analyst'] };

describe('OPA authorizes tools/call before it is sent (real Rego)', () => {
  for (const era of ['2025-11-25', '2026-07-28'] as const) {
    test(`${era}: the input carries the arguments, the tool's annotations and the server's origin`, async () => {
      await using c = client(era);
      const result = await c.invokeTool({ tool: 'echo', parameters: { message: 'hi', token: 's3cr3t' }, user: alice });
      expect(result.isError).not.toBe(true);
      const input = opa.inputs.at(-1) as {
        tool: { name: string; annotations: Record<string, boolean>; parameters: unknown };
        server: { origin: string; info?: { name: string } };
        parameters: unknown;
      };
      expect(input.tool.name).toBe('echo');
      expect(input.tool.annotations).toMatchObject({ readOnlyHint: true, idempotentHint: true, openWorldHint: false });
      expect(input.parameters).toEqual({ message: 'hi', token: 's3cr3t' });
      expect(input.server.origin).toBe(new URL(sim.mcp.url).origin);
      if (era === '2025-11-25') expect(input.server.info?.name).toBeTypeOf('string');
      // The policy's filtered_parameters replace params.arguments inside the JSON-RPC envelope.
      const sent = sim.mcp.calls.at(-1);
      expect(sent?.arguments).toEqual({ message: 'hi' });
      expect(sim.mcp.executions('echo')).toBe(1);
    });

    test(`${era}: a deny sends nothing`, async () => {
      await using c = client(era);
      await expect(
        c.invokeTool({ tool: 'delete_record', parameters: { id: 'r1' }, user: alice }),
      ).rejects.toBeInstanceOf(AuthorizationDeniedError);
      await expect(
        c.invokeTool({ tool: 'echo', parameters: { message: 'forbidden' }, user: alice }),
      ).rejects.toBeInstanceOf(AuthorizationDeniedError);
      expect(sim.mcp.counts['tools/call'] ?? 0).toBe(0);
      await expect(
        c.invokeTool({ tool: 'delete_record', parameters: { id: 'r1' }, user: { id: 'root', roles: ['admin'] } }),
      ).resolves.toBeDefined();
      expect(sim.mcp.counts['tools/call']).toBe(1);
    });
  }

  test('the decision cache is keyed from the arguments, not the JSON-RPC envelope (ids differ per call)', async () => {
    await using c = createGatewayClient({
      baseUrl: sim.mcp.url,
      protocol: 'mcp',
      logger: false,
      metrics: false,
      opa: { url: opa.url, timeoutMs: 10_000 },
      mcp: { protocolVersion: '2026-07-28' },
    });
    const before = opa.calls;
    await c.invokeTool({ tool: 'echo', parameters: { message: 'same' }, user: alice });
    await c.invokeTool({ tool: 'echo', parameters: { message: 'same' }, user: alice });
    expect(opa.calls - before).toBe(1);
    await c.invokeTool({ tool: 'echo', parameters: { message: 'other' }, user: alice });
    expect(opa.calls - before).toBe(2);
    expect(sim.mcp.executions('echo')).toBe(3);
  });

  test('2026-07-28: a parameter the policy filters out travels in no Mcp-Param header either', async () => {
    const scripted = await startOpaTestServer({
      port: 0,
      decide: (input) => {
        const { region: _dropped, ...kept } = (input as { parameters: Record<string, unknown> }).parameters;
        return { allow: true, filtered_parameters: kept };
      },
    });
    try {
      await using c = client('2026-07-28', scripted.url);
      const result = await c.invokeTool({
        tool: 'regional_query',
        parameters: { region: 'eu-secret-region', limit: 5, dryRun: true, query: 'q' },
        user: alice,
      });
      // Headers and arguments agree (no -32020); the tool itself may complain that region is missing.
      expect(result.content).toBeDefined();
      const sent = sim.mcp.requests.filter((r) => r.rpcMethod === 'tools/call').at(-1);
      expect(sent?.headers['mcp-param-region']).toBeUndefined();
      expect(sent?.headers['mcp-param-limit']).toBe('5');
      expect(JSON.stringify(sent)).not.toContain('eu-secret-region');
      expect(sim.mcp.calls.at(-1)?.arguments).toEqual({ limit: 5, dryRun: true, query: 'q' });
    } finally {
      await scripted.close();
    }
  });

  test('fails closed: OPA unreachable, nothing sent', async () => {
    await using c = client('2026-07-28', 'http://127.0.0.1:9');
    await expect(c.invokeTool({ tool: 'echo', parameters: { message: 'x' }, user: alice })).rejects.toBeInstanceOf(
      AuthorizationUnavailableError,
    );
    expect(sim.mcp.counts['tools/call'] ?? 0).toBe(0);
  });
});
