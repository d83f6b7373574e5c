import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { runMcpgw } from './run-mcpgw.js';

interface LoadReport {
  url: string;
  simulator: boolean;
  calls: number;
  failed: number;
  operations: Record<string, number>;
  latency: { p50?: number; p99?: number };
  targets: { target: string; met: boolean }[];
}

/**
 * A run that ends by its call count, not by the clock, with a p99 target no loaded machine misses: these tests
 * check what is loaded and reported, not how fast (the missed-target test below checks the targets).
 */
const countBound = (calls: number) => ['--max-calls', String(calls), '--duration', '60s', '--max-p99-ms', '60000'];

let sim: GatewaySim;
beforeAll(async () => {
  sim = await startGatewaySim({ port: 0, servers: 30, requireUserToken: false });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.reset();
  sim.setLatency(0);
});

describe('load --base-url', () => {
  test('loads that gateway with reads only, every call reaching it, and exits 0 when the targets are met', async () => {
    const r = await runMcpgw(['load', '--base-url', sim.url, ...countBound(300), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as LoadReport;
    expect(report).toMatchObject({ url: sim.url, simulator: false, failed: 0 });
    expect(report.calls).toBe(300);
    expect(Object.keys(report.operations).sort()).toEqual(['getServer', 'listServers', 'listTools']);
    expect(sim.counts.invoke).toBe(0);
    // No cache in front: the gateway saw the first check plus every call of the run.
    expect(sim.counts.total).toBe(report.calls + 1);
    expect(report.targets.every((t) => t.met)).toBe(true);
  });

  test('invokes only the tool --allow-invoke names', async () => {
    const r = await runMcpgw([
      'load',
      '--base-url',
      sim.url,
      ...countBound(200),
      '--allow-invoke',
      'postgres-mcp/list_tables',
      '--params',
      '{"schema":"public"}',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as LoadReport;
    expect(report.calls).toBe(200);
    expect(report.operations.invokeTool).toBe(50);
    expect(sim.executions('postgres-mcp', 'list_tables')).toBe(50);
    expect(sim.invocations.every((i) => i.tool === 'list_tables')).toBe(true);
  });

  test('a missed target exits 9 and says which', async () => {
    sim.setLatency(5);
    const r = await runMcpgw([
      'load',
      '--base-url',
      sim.url,
      '--max-calls',
      '120',
      '--duration',
      '60s',
      '--max-p99-ms',
      '1',
    ]);
    expect(r.code, r.stderr).toBe(9);
    expect(r.stdout).toMatch(/^✗ p99 latency ≤ 1 ms: \d+\.\d ms$/m);
    expect(r.stdout).toMatch(/^✓ failed calls ≤ 1 %: 0\.00 %/m);
  });

  test('too few calls to measure a p99: the target counts as missed, and no figure is made up', async () => {
    const r = await runMcpgw(['load', '--base-url', sim.url, '--max-calls', '20']);
    expect(r.code).toBe(9);
    expect(r.stdout).toMatch(/^✗ p99 latency ≤ 1000 ms: not measurable from 20 calls \(100 needed\)$/m);
    expect(r.stdout).toMatch(/p99 n\/a/);
  });

  test('a wrong path fails before any load, with the base URL hint', async () => {
    const r = await runMcpgw(['load', '--base-url', `${sim.url}/nope`, '--quick']);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain("no such endpoint: is the base URL's path right?");
    expect(sim.counts.total).toBe(1);
  });
});

test('load without a base URL runs against a simulator in its own process', async () => {
  const r = await runMcpgw(['load', ...countBound(150)]);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/^load: http:\/\/127\.0\.0\.1:\d+ \(embedded gateway simulator\), reads only/m);
  expect(r.stdout).toMatch(/^calls\s+[\d,]+ in [\d.]+ s/m);
  expect(sim.counts.total).toBe(0);
});

test('bad load flags are usage errors, and nothing is sent', async () => {
  for (const args of [
    ['--duration', 'forever'],
    ['--concurrency', '0'],
    ['--max-calls', '-5'],
    ['--allow-invoke', 'no-slash'],
    ['--params', '{}'],
    ['--max-error-percent', '120'],
  ]) {
    const r = await runMcpgw(['load', '--base-url', sim.url, ...args]);
    expect(r.code, args.join(' ')).toBe(2);
    expect(r.stderr).toMatch(/^mcpgw: MCPGW_USAGE: /);
  }
  expect(sim.counts.total).toBe(0);
});

describe('load --protocol mcp', () => {
  test('reads by default: tools/list pages and ping, every call reaching the MCP endpoint, no tool run', async () => {
    const r = await runMcpgw(['load', '--protocol', 'mcp', '--base-url', sim.mcp.url, ...countBound(120), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as LoadReport & { protocol: string };
    expect(report).toMatchObject({ url: sim.mcp.url, protocol: 'mcp', simulator: false, failed: 0, calls: 120 });
    expect(report.operations).toEqual({ 'tools/list': 40, 'tools/list (cursor)': 40, ping: 40 });
    // No cache in front: the first check and both pages of every round reached the server.
    expect(sim.mcp.counts['tools/list']).toBe(81);
    expect(sim.mcp.counts.ping).toBe(40);
    expect(sim.mcp.calls).toEqual([]);
    expect(sim.counts.total).toBe(0);
  });

  test('--allow-invoke TOOL runs that tool with --params; SERVER/TOOL is refused under MCP', async () => {
    const args = ['load', '--protocol', 'mcp', '--base-url', sim.mcp.url, ...countBound(120)];
    const r = await runMcpgw([...args, '--allow-invoke', 'echo', '--params', '{"message":"load"}', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as LoadReport;
    expect(report.operations['tools/call']).toBe(30);
    expect(sim.mcp.executions('echo')).toBe(30);
    expect(
      sim.mcp.calls.every((c) => c.tool === 'echo' && (c.arguments as { message?: unknown }).message === 'load'),
    ).toBe(true);
    const refused = await runMcpgw([...args, '--allow-invoke', 'postgres-mcp/echo']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--allow-invoke under MCP is TOOL');
  });

  test('without a base URL: the /mcp endpoint of a simulator in its own process', async () => {
    const r = await runMcpgw(['load', '--protocol', 'mcp', ...countBound(150)]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^load: http:\/\/127\.0\.0\.1:\d+\/mcp over MCP \(embedded gateway simulator\), reads only/m,
    );
    expect(r.stdout).toMatch(/^operations\s+tools\/list 50, tools\/list \(cursor\) 50, ping 50$/m);
    expect(sim.mcp.counts.total ?? 0).toBe(0);
  });
});
