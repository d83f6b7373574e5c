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
});

test('the demo ignores the MCPGW_* environment of the shell it runs in', async () => {
  const r = await runMcpgw(['demo', '--json'], { MCPGW_BASE_URL: 'http://127.0.0.1:1', MCPGW_RETRY: 'nonsense' });
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('✓ listed them again: cache hit');
});
