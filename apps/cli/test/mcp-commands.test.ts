import { createHmac } from 'node:crypto';
import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import { type OpaTestServer, startOpaTestServer } from '@mcpgw/opa-test-server';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { demoDecide } from '../src/commands/demo-policy.js';
import { runMcpgw } from './run-mcpgw.js';

// 10 named tools + 40 generated, 25 a page: two pages. A 2026-07-28 client drops bad_header_tool (an invalid
// x-mcp-header), so 49 tools reach the user.
let sim: GatewaySim;
let mcp: string[];
const apiKey = 'cli-mcp-key';
const env = (extra: Record<string, string> = {}) => ({ MCPGW_API_KEY: apiKey, ...extra });

beforeAll(async () => {
  sim = await startGatewaySim({ port: 0, servers: 3, apiKey, mcp: { tools: 40, pageSize: 25, requireApiKey: true } });
  mcp = ['--protocol', 'mcp', '--base-url', sim.mcp.url];
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.reset();
});

describe('tools list --protocol mcp', () => {
  test('one page as a table with the hints and parameters; --cursor gives the next page', async () => {
    const r = await runMcpgw(['tools', 'list', ...mcp], env());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TOOL\s+HINTS\s+PARAMETERS\s+DESCRIPTION$/);
    expect(lines[1]).toMatch(/^echo\s+read-only, idempotent\s+message\s+Returns the message/);
    expect(r.stdout).toMatch(/^delete_record\s+destructive\s+id\s/m);
    expect(r.stdout).toMatch(/^slow\s+read-only\s+steps\?, stepMs\?\s/m);
    const last = lines.at(-1) as string;
    const cursor = /^24 tools; next page: --cursor (\S+) \(or --all\)$/.exec(last)?.[1];
    expect(cursor, last).toBeDefined();

    const next = await runMcpgw(['tools', 'list', '--cursor', cursor as string, '--json', ...mcp], env());
    expect(next.code).toBe(0);
    const page = JSON.parse(next.stdout) as { items: { name: string }[]; nextCursor?: string };
    expect(page.items.map((t) => t.name)).toEqual(
      Array.from({ length: 25 }, (_, i) => `tool-${String(i + 16).padStart(4, '0')}`),
    );
    expect(page.nextCursor).toBeUndefined();
  });

  test('--all walks every page; MCPGW_PROTOCOL=mcp does what the flag does', async () => {
    const r = await runMcpgw(
      ['tools', 'list', '--all', '--json', '--base-url', sim.mcp.url],
      env({ MCPGW_PROTOCOL: 'mcp' }),
    );
    expect(r.code).toBe(0);
    const all = JSON.parse(r.stdout) as { items: { name: string }[]; total: number };
    expect(all.total).toBe(49);
    expect(new Set(all.items.map((t) => t.name)).size).toBe(49);
    expect(all.items.map((t) => t.name)).not.toContain('bad_header_tool');
    expect(sim.mcp.counts['tools/list']).toBe(2);
    expect(sim.counts.total).toBe(0);
  });

  test('REST-only flags are usage errors before anything is sent, and --cursor is one under REST', async () => {
    for (const flag of [
      ['--server', 'postgres-mcp'],
      ['--limit', '5'],
      ['--offset', '5'],
    ]) {
      const r = await runMcpgw(['tools', 'list', ...flag, ...mcp], env());
      expect(r.code, flag[0]).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^mcpgw: MCPGW_USAGE: ${flag[0]} is for the gateway REST API`));
    }
    const rest = await runMcpgw(['tools', 'list', '--cursor', 'abc', '--base-url', sim.url], env());
    expect(rest.code).toBe(2);
    expect(rest.stderr).toContain('--cursor is for MCP');
    expect(sim.mcp.counts.total).toBe(0);
    expect(sim.counts.total).toBe(0);
  });
});

describe('invoke --protocol mcp', () => {
  test('invoke TOOL sends --params as the arguments and prints the content and structuredContent', async () => {
    const r = await runMcpgw(['invoke', 'echo', '--params', '{"message":"hi from the cli"}', ...mcp], env());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('hi from the cli\nstructuredContent {"message":"hi from the cli"}\n');
    expect(sim.mcp.calls.map((c) => [c.tool, c.outcome, c.arguments])).toEqual([
      ['echo', 'completed', { message: 'hi from the cli' }],
    ]);

    const j = await runMcpgw(['invoke', 'add', '--params', '{"a":2,"b":40}', '--json', ...mcp], env());
    expect(j.code).toBe(0);
    const result = JSON.parse(j.stdout) as { content: { type: string; text: string }[]; structuredContent: unknown };
    expect(result.content[0]).toEqual({ type: 'text', text: '42' });
    expect(result.structuredContent).toEqual({ sum: 42 });
  });

  test('a result with isError: printed, exit 10 (the call worked, the tool did not)', async () => {
    const r = await runMcpgw(['invoke', 'fail', ...mcp], env());
    expect(r.code).toBe(10);
    expect(r.stdout).toMatch(/^isError true: the tool reported an error$/m);
    const j = await runMcpgw(['invoke', 'fail', '--json', ...mcp], env());
    expect(j.code).toBe(10);
    expect((JSON.parse(j.stdout) as { isError: boolean }).isError).toBe(true);
    expect(j.stderr).toBe('');
  });

  test('an unknown tool is the server refusing the request: MCPGW_JSONRPC, exit 8', async () => {
    const r = await runMcpgw(['invoke', 'no_such_tool', ...mcp], env());
    expect(r.code).toBe(8);
    expect(r.stderr).toMatch(/^mcpgw: MCPGW_JSONRPC: .*-32602/);
  });

  test('SERVER TOOL, --idempotency-key or bad --params under MCP: usage errors, nothing sent', async () => {
    const cases = [
      ['invoke', 'postgres-mcp', 'echo', ...mcp],
      ['invoke', 'echo', '--idempotency-key', 'k-1', ...mcp],
      ['invoke', 'echo', '--params', '[1,2]', ...mcp],
      ['invoke', 'echo', '--base-url', sim.url],
    ];
    for (const args of cases) {
      const r = await runMcpgw(args, env());
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^mcpgw: MCPGW_USAGE: /);
    }
    expect(sim.mcp.counts.total).toBe(0);
    expect(sim.counts.total).toBe(0);
  });

  test('a wrong API key: 401, exit 6; the key appears nowhere in the output', async () => {
    const r = await runMcpgw(['invoke', 'echo', '--params', '{"message":"x"}', ...mcp], {
      MCPGW_API_KEY: 'wrong-key-zz',
    });
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/^mcpgw: MCPGW_UNAUTHORIZED: /);
    expect(`${r.stdout}${r.stderr}`).not.toContain('wrong-key-zz');
    expect(sim.mcp.executions('echo')).toBe(0);
  });
});

describe('health, servers and the protocol setting under MCP', () => {
  test('health pings the MCP endpoint: exit 0 healthy; a base URL without /mcp says what 404 means', async () => {
    const r = await runMcpgw(['health', '--json', ...mcp], env());
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { status: string; checks: Record<string, { status: string }> };
    expect(report.status).toBe('healthy');
    expect(report.checks.gateway?.status).toBe('healthy');
    expect(sim.mcp.counts.ping).toBeGreaterThanOrEqual(1);
    expect(sim.counts.health).toBe(0);

    const wrong = await runMcpgw(['invoke', 'echo', '--protocol', 'mcp', '--base-url', sim.url], env());
    expect(wrong.code).toBe(5);
    expect(wrong.stderr).toContain('the MCP endpoint answered 404: is the base URL the endpoint itself');
  });

  test('health of an MCP endpoint nobody listens on: unhealthy, exit 4', async () => {
    const r = await runMcpgw(['health', '--protocol', 'mcp', '--base-url', 'http://127.0.0.1:1/mcp'], env());
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/^status\s+unhealthy$/m);
  });

  test('servers list and get: a usage error (MCP has no server listing), nothing sent', async () => {
    for (const args of [
      ['servers', 'list'],
      ['servers', 'get', 'postgres-mcp'],
    ]) {
      const r = await runMcpgw([...args, ...mcp], env());
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('needs the gateway REST API (--protocol rest): MCP has no server listing');
    }
    expect(sim.mcp.counts.total).toBe(0);
  });

  test('a bad --protocol is a usage error (2), a bad MCPGW_PROTOCOL a config error (3)', async () => {
    const flag = await runMcpgw(['tools', 'list', '--protocol', 'soap', '--base-url', sim.url], env());
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("--protocol must be 'rest' (the gateway REST API) or 'mcp'");
    const variable = await runMcpgw(['tools', 'list', '--base-url', sim.url], env({ MCPGW_PROTOCOL: 'soap' }));
    expect(variable.code).toBe(3);
    expect(variable.stderr).toMatch(/^mcpgw: MCPGW_CONFIG: .*MCPGW_PROTOCOL/);
    // The flag wins over the variable, as every flag does.
    const rest = await runMcpgw(
      ['tools', 'list', '--protocol', 'rest', '--base-url', sim.url],
      env({ MCPGW_PROTOCOL: 'mcp' }),
    );
    expect(rest.code).toBe(0);
    expect(rest.stdout).toMatch(/^SERVER\s+TOOL\s+SENSITIVITY/);
  });
});

describe('invoke --protocol mcp with OPA', () => {
  const jwtSecret = 'cli-mcp-secret-that-is-long-enough-for-hs256';
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'ana', roles: ['analyst'], exp: Math.floor(Date.now() / 1000) + 600 })}`;
  const analystToken = `${body}.${createHmac('sha256', jwtSecret).update(body).digest('base64url')}`;
  let opa: OpaTestServer;
  beforeAll(async () => {
    opa = await startOpaTestServer({ port: 0, mode: 'scripted', decide: demoDecide });
  });
  afterAll(async () => {
    await opa.close();
  });
  const opaEnv = () => env({ MCPGW_JWT_SECRET: jwtSecret, MCPGW_USER_TOKEN: analystToken });

  test('the policy sees the tool annotations: a read-only tool runs, a destructive one is denied with nothing sent', async () => {
    const allowed = await runMcpgw(
      ['invoke', 'echo', '--params', '{"message":"ok"}', '--opa-url', opa.url, ...mcp],
      opaEnv(),
    );
    expect(allowed.code, allowed.stderr).toBe(0);
    const input = opa.inputs.at(-1) as { user: { id: string }; tool_name: string; tool: { annotations: object } };
    expect(input.user.id).toBe('ana');
    expect(input.tool_name).toBe('echo');
    expect(input.tool.annotations).toMatchObject({ readOnlyHint: true });

    const denied = await runMcpgw(
      ['invoke', 'delete_record', '--params', '{"id":"r-1"}', '--opa-url', opa.url, ...mcp],
      opaEnv(),
    );
    expect(denied.code).toBe(6);
    expect(denied.stderr).toMatch(/^mcpgw: MCPGW_AUTHZ_DENIED: .*analysts may not run destructive tools/);
    expect(denied.stderr).not.toContain(analystToken);
    expect(sim.mcp.executions('delete_record')).toBe(0);
    expect(sim.mcp.calls.map((c) => c.tool)).toEqual(['echo']);
  });
});
