import { createHmac } from 'node:crypto';
import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import { type OpaTestServer, startOpaTestServer } from '@mcpgw/opa-test-server';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { demoDecide } from '../src/commands/demo-policy.js';
import { cliPackage, runMcpgw } from './run-mcpgw.js';

let sim: GatewaySim;
let base: string[];
const apiKey = 'cli-test-key';

beforeAll(async () => {
  sim = await startGatewaySim({ port: 0, servers: 23, toolsPerServer: 3, apiKey });
  base = ['--base-url', sim.url];
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.reset();
});

const env = () => ({ MCPGW_API_KEY: apiKey });

describe('servers list', () => {
  test('prints a table of one page and where the next one starts', async () => {
    const r = await runMcpgw(['servers', 'list', '--limit', '5', ...base], env());
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+SENSITIVITY\s+HEALTH\s+TOOLS\s+URL$/);
    expect(lines.slice(1, 6).map((l) => l.split(/\s+/)[0])).toEqual(
      expect.arrayContaining(['postgres-mcp', 'github-mcp']),
    );
    expect(lines.at(-1)).toBe('5 of 23 servers; next page: --offset 5 (or --all)');
    expect(r.stderr).toBe('');
  });

  test('--json gives the page as data, parsed back', async () => {
    const r = await runMcpgw(['servers', 'list', '--limit', '4', '--offset', '20', '--json', ...base], env());
    expect(r.code).toBe(0);
    const page = JSON.parse(r.stdout) as { items: { server_name: string }[]; total: number; nextOffset?: number };
    expect(page.items).toHaveLength(3);
    expect(page.total).toBe(23);
    expect(page.nextOffset).toBeUndefined();
  });

  test('--all walks every page (the limit is the page size)', async () => {
    const r = await runMcpgw(['servers', 'list', '--all', '--limit', '7', '--json', ...base], env());
    expect(r.code).toBe(0);
    const all = JSON.parse(r.stdout) as { items: { server_name: string }[]; total: number };
    expect(all.total).toBe(23);
    expect(new Set(all.items.map((s) => s.server_name)).size).toBe(23);
    expect(sim.counts.listServers).toBe(4);
  });

  test('--all in a table, with progress on stderr when asked for', async () => {
    const r = await runMcpgw(['servers', 'list', '--all', '--limit', '10', '--progress', ...base], env());
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('23 servers');
    expect(r.stderr).toMatch(/fetched \d+ servers/);
  });

  test('the API key from the flag works too, and a wrong one is denied with exit 6', async () => {
    expect((await runMcpgw(['servers', 'list', '--api-key', apiKey, ...base])).code).toBe(0);
    const r = await runMcpgw(['servers', 'list', ...base], { MCPGW_API_KEY: 'wrong' });
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/^mcpgw: MCPGW_UNAUTHORIZED: /);
    expect(r.stderr).not.toContain('wrong');
  });

  test('bad flag values are usage errors (exit 2) and nothing is sent', async () => {
    for (const args of [['--limit', '0'], ['--limit', 'ten'], ['--offset', '-1'], ['--bogus'], ['extra-positional']]) {
      const r = await runMcpgw(['servers', 'list', ...args, ...base], env());
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^mcpgw: MCPGW_USAGE: /);
    }
    expect(sim.counts.total).toBe(0);
  });
});

describe('servers get', () => {
  test('shows one server as key/value lines, and as JSON', async () => {
    const r = await runMcpgw(['servers', 'get', 'postgres-mcp', ...base], env());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^name\s+postgres-mcp$/m);
    expect(r.stdout).toMatch(/^tools\s+3$/m);
    const j = await runMcpgw(['servers', 'get', 'github-mcp', '--json', ...base], env());
    expect(JSON.parse(j.stdout)).toMatchObject({ server_name: 'github-mcp', tools_count: 3 });
  });

  test('an unknown server exits 5 with one line on stderr, or a JSON error with --json', async () => {
    const r = await runMcpgw(['servers', 'get', 'no-such-server', ...base], env());
    expect(r.code).toBe(5);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^mcpgw: MCPGW_NOT_FOUND: .*\n$/);
    expect(r.stderr.split('\n')).toHaveLength(2);
    const j = await runMcpgw(['servers', 'get', 'no-such-server', '--json', ...base], env());
    expect(j.code).toBe(5);
    const body = JSON.parse(j.stderr) as { error: { code: string; status: number; operation: string } };
    expect(body.error).toMatchObject({ code: 'MCPGW_NOT_FOUND', status: 404, operation: 'getServer' });
  });

  test('a missing name is a usage error; a name that could change the path is an invalid request (8)', async () => {
    expect((await runMcpgw(['servers', 'get', ...base], env())).code).toBe(2);
    const r = await runMcpgw(['servers', 'get', '../admin', ...base], env());
    expect(r.code).toBe(8);
    expect(r.stderr).toMatch(/^mcpgw: MCPGW_INVALID_REQUEST: /);
    expect(sim.counts.total).toBe(0);
  });
});

describe('tools list', () => {
  test('the tools of one server, as a table and as JSON', async () => {
    const r = await runMcpgw(['tools', 'list', '--server', 'postgres-mcp', ...base], env());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^SERVER\s+TOOL\s+SENSITIVITY\s+PARAMETERS\s+DESCRIPTION$/m);
    expect(r.stdout).toMatch(/^postgres-mcp\s+execute_query\s+high\s+query/m);
    const j = await runMcpgw(['tools', 'list', '--server', 'postgres-mcp', '--json', ...base], env());
    const page = JSON.parse(j.stdout) as { items: { tool_name: string; server_name: string }[] };
    expect(page.items.map((t) => t.tool_name)).toEqual(expect.arrayContaining(['execute_query', 'list_tables']));
    expect(page.items.every((t) => t.server_name === 'postgres-mcp')).toBe(true);
  });

  test('--all lists the tools of every server', async () => {
    const r = await runMcpgw(['tools', 'list', '--all', '--limit', '20', '--json', ...base], env());
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { total: number }).total).toBe(23 * 3);
  });

  test('the tools of an unknown server: exit 5', async () => {
    const r = await runMcpgw(['tools', 'list', '--server', 'nope-mcp', ...base], env());
    expect(r.code).toBe(5);
  });
});

describe('invoke', () => {
  test('runs a tool once with the parameters and the user token, and prints the result as JSON', async () => {
    const r = await runMcpgw(
      [
        'invoke',
        'postgres-mcp',
        'list_tables',
        '--params',
        '{"schema":"public"}',
        '--user',
        'user-jwt',
        '--json',
        ...base,
      ],
      env(),
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'success', result: { tool: 'list_tables' } });
    expect(sim.executions('postgres-mcp', 'list_tables')).toBe(1);
    const logged = sim.requests.find((q) => q.route === 'invoke');
    expect(logged?.headers.authorization).toBe('Bearer user-jwt');
    expect(JSON.parse(logged?.body ?? '{}')).toMatchObject({ parameters: { schema: 'public' } });
  });

  test('the user token from MCPGW_USER_TOKEN, and the idempotency key on the wire', async () => {
    const r = await runMcpgw(['invoke', 'postgres-mcp', 'list_tables', '--idempotency-key', 'k-42', ...base], {
      ...env(),
      MCPGW_USER_TOKEN: 'env-jwt',
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'success' });
    const logged = sim.requests.find((q) => q.route === 'invoke');
    expect(logged?.headers.authorization).toBe('Bearer env-jwt');
    expect(logged?.headers['idempotency-key']).toBe('k-42');
  });

  test('parameters that are not a JSON object are a usage error, and the text is not echoed', async () => {
    for (const params of ['{"password": "hunter2"', '[1,2]', '42']) {
      const r = await runMcpgw(['invoke', 'postgres-mcp', 'list_tables', '--params', params, ...base], env());
      expect(r.code).toBe(2);
      expect(r.stderr).not.toContain('hunter2');
    }
    expect((await runMcpgw(['invoke', 'postgres-mcp', ...base], env())).code).toBe(2);
    expect(sim.counts.total).toBe(0);
  });

  test('a gateway that keeps failing: exit 4', async () => {
    sim.script('invoke', [{ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 }, { status: 503 }]);
    const r = await runMcpgw(['invoke', 'postgres-mcp', 'list_tables', '--user', 'u', ...base], env());
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^mcpgw: MCPGW_SERVER_ERROR: /);
  });
});

describe('invoke with OPA', () => {
  const jwtSecret = 'cli-test-secret-that-is-long-enough-for-hs256';
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  function signJwt(claims: Record<string, unknown>): string {
    const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ ...claims, exp: Math.floor(Date.now() / 1000) + 600 })}`;
    return `${body}.${createHmac('sha256', jwtSecret).update(body).digest('base64url')}`;
  }
  const analystToken = signJwt({ sub: 'ana', roles: ['analyst'] });
  let opa: OpaTestServer;
  beforeAll(async () => {
    opa = await startOpaTestServer({ port: 0, mode: 'scripted', decide: demoDecide });
  });
  afterAll(async () => {
    await opa.close();
  });
  const opaEnv = () => ({ ...env(), MCPGW_JWT_SECRET: jwtSecret, MCPGW_USER_TOKEN: analystToken });

  test('the policy allows: the tool runs with the parameters the policy let through', async () => {
    const r = await runMcpgw(
      [
        'invoke',
        'postgres-mcp',
        'list_tables',
        '--params',
        '{"schema":"s1","extra":true}',
        '--opa-url',
        opa.url,
        ...base,
      ],
      opaEnv(),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(sim.invocations.at(-1)?.parameters).toEqual({ schema: 's1' });
    expect((opa.inputs.at(-1) as { user: { id: string } }).user.id).toBe('ana');
  });

  test('the policy says no: exit 6 with the reason, and nothing reaches the gateway', async () => {
    const r = await runMcpgw(['invoke', 'postgres-mcp', 'execute_query', '--opa-url', opa.url, ...base], opaEnv());
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/^mcpgw: MCPGW_AUTHZ_DENIED: .*analysts may not run arbitrary SQL/);
    expect(r.stderr).not.toContain(analystToken);
    expect(sim.counts.invoke).toBe(0);
  });

  test('OPA unreachable: refused (fail closed) with exit 7', async () => {
    const r = await runMcpgw(
      ['invoke', 'postgres-mcp', 'list_tables', '--opa-url', 'http://127.0.0.1:1', ...base],
      opaEnv(),
    );
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(/^mcpgw: MCPGW_AUTHZ_UNAVAILABLE: /);
    expect(sim.counts.invoke).toBe(0);
  });
});

describe('health and failures', () => {
  test('health prints the status and exits 0 when healthy', async () => {
    const r = await runMcpgw(['health', ...base], env());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^status\s+healthy$/m);
    const j = await runMcpgw(['health', '--json', ...base], env());
    expect(j.code).toBe(0);
    expect((JSON.parse(j.stdout) as { status: string }).status).toBe('healthy');
  });

  test('a gateway nobody listens on: exit 4 with a connect error', async () => {
    const r = await runMcpgw(['servers', 'list', '--base-url', 'http://127.0.0.1:1', '--timeout-ms', '5000']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^mcpgw: MCPGW_(CONNECT|TIMEOUT|CIRCUIT_OPEN): /);
  });

  test('no gateway URL at all, or a bad one: a config error, exit 3', async () => {
    const r = await runMcpgw(['servers', 'list']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^mcpgw: MCPGW_CONFIG: .*MCPGW_BASE_URL/);
    const j = await runMcpgw(['servers', 'list', '--json'], { MCPGW_BASE_URL: 'ftp://nope' });
    expect(j.code).toBe(3);
    expect((JSON.parse(j.stderr) as { error: { code: string } }).error.code).toBe('MCPGW_CONFIG');
  });

  test('--timeout-ms must be a positive integer', async () => {
    const r = await runMcpgw(['health', '--timeout-ms', 'soon', ...base], env());
    expect(r.code).toBe(2);
  });
});

describe('usage', () => {
  test('help lists every command; a command --help lists its options', async () => {
    const r = await runMcpgw(['help']);
    expect(r.code).toBe(0);
    for (const c of [
      'servers list',
      'servers get NAME',
      'tools list',
      'invoke SERVER TOOL',
      'health',
      'demo',
      'serve',
      'load',
    ]) {
      expect(r.stdout).toContain(`mcpgw ${c}`);
    }
    const h = await runMcpgw(['invoke', '--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('--idempotency-key');
  });

  test('mcpgw with no arguments prints the help on stderr and exits 2; --version prints the version', async () => {
    const r = await runMcpgw([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^usage: mcpgw <command>/);
    const v = await runMcpgw(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout).toBe(`${cliPackage.version}\n`);
  });

  test('a negative number is reported as out of range, not as an ambiguous option', async () => {
    const r = await runMcpgw(['servers', 'list', '--limit', '-1', ...base], env());
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('mcpgw: MCPGW_USAGE: --limit must be an integer from 1 to 1000\n');
    expect(sim.counts.total).toBe(0);
  });

  test('a base URL whose path is wrong: "no such endpoint", not a hint about server names', async () => {
    for (const args of [
      ['servers', 'list'],
      ['tools', 'list'],
    ]) {
      const r = await runMcpgw([...args, '--base-url', `${sim.url}/wrong/prefix`], env());
      expect(r.code, args.join(' ')).toBe(5);
      expect(r.stderr).toContain("no such endpoint: is the base URL's path right?");
      expect(r.stderr).not.toContain('server and tool names');
    }
    const j = await runMcpgw(['servers', 'list', '--json', '--base-url', `${sim.url}/wrong`], env());
    const body = JSON.parse(j.stderr) as { error: { code: string; status: number; message: string } };
    expect(body.error).toMatchObject({ code: 'MCPGW_NOT_FOUND', status: 404 });
    expect(body.error.message).toContain('no such endpoint');
  });

  test('an unknown command exits 2', async () => {
    const r = await runMcpgw(['nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mcpgw: MCPGW_USAGE: unknown command/);
    const j = await runMcpgw(['servers', 'frobnicate', '--json']);
    expect(j.code).toBe(2);
    expect((JSON.parse(j.stderr) as { error: { code: string } }).error.code).toBe('MCPGW_USAGE');
  });
});
