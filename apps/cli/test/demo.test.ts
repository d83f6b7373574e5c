import { expect, test } from 'vitest';
import { runMcpgw } from './run-mcpgw.js';

test('mcpgw demo tells the whole story against an embedded simulator and OPA, then exits 0', async () => {
  const r = await runMcpgw(['demo']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const out = r.stdout;
  expect(out).toMatch(/gateway simulator\s+http:\/\/127\.0\.0\.1:\d+/);
  expect(out).toMatch(/^✓ listed servers: 5 of 12 .*cache: miss/m);
  expect(out).toMatch(/^\s+postgres-mcp\s+high\s+healthy\s+4$/m);
  expect(out).toMatch(/^✓ listed them again: cache hit .*the gateway saw no request/m);
  expect(out).toMatch(/^✓ tools of postgres-mcp: .*execute_query/m);
  expect(out).toMatch(/^✓ invoke postgres-mcp\/list_tables: allowed/m);
  expect(out).toContain('the policy let through {"schema":"public"}');
  expect(out).toMatch(/^✗ invoke postgres-mcp\/execute_query: denied by the policy: "analysts may not run/m);
  expect(out).toContain('nothing reached the gateway');
  expect(out).toMatch(/^✓ listed servers anyway: 5 served from the cache \(cache: stale/m);
  expect(out).toMatch(/^\s+cache\s+1 hits, 2 misses, 1 stale/m);
  expect(out).toMatch(/^\s+authorization\s+1 allowed, 1 denied/m);
  expect(out).toMatch(/^✓ client closed/m);
  // The same preset over MCP, at the simulator's /mcp endpoint.
  expect(out).toMatch(/^5\. the same preset over MCP \(Streamable HTTP at http:\/\/127\.0\.0\.1:\d+\/mcp\)$/m);
  expect(out).toMatch(/^✓ tools\/list: \d+ tools on the first page, more by cursor, protocol 2026-07-28/m);
  expect(out).toMatch(/^✓ listed them again: cache hit .*the server saw no request/m);
  expect(out).toContain('✓ tools/call echo: allowed (read-only by its annotations), answered "hello over MCP"');
  expect(out).toContain('✗ tools/call fail: isError true: a result, not an outage (breaker failures: 0)');
  expect(out).toContain('✗ tools/call delete_record: denied by the policy: "analysts may not run destructive tools"');
  expect(out).toContain('nothing reached the server');
  expect(out).toMatch(/^✓ MCP client closed/m);
});

test('the demo ignores the MCPGW_* environment of the shell it runs in', async () => {
  const r = await runMcpgw(['demo', '--json'], {
    MCPGW_BASE_URL: 'http://127.0.0.1:1',
    MCPGW_RETRY: 'nonsense',
    MCPGW_PROTOCOL: 'nonsense',
  });
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('✓ listed them again: cache hit');
  expect(r.stdout).toContain('✓ tools/call echo: allowed');
});
