import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type OAuthFront, startOAuthFront } from './oauth-front.js';
import { runMcpgw } from './run-mcpgw.js';

// The CLI's client-credentials flow: MCPGW_AUTH_* set, an MCP endpoint behind OAuth (gateway-sim's, fronted).
let sim: GatewaySim;
let front: OAuthFront;
const secret = 'cli-client-secret-value';

beforeAll(async () => {
  sim = await startGatewaySim({ port: 0, servers: 1, mcp: { tools: 2 } });
  front = await startOAuthFront(sim.mcp.url, { id: 'cli', secret });
});
afterAll(async () => {
  await front.close();
  await sim.close();
});

describe('MCPGW_AUTH_* on the command line', () => {
  test('tools list gets a token with client credentials (resource= the endpoint) and lists the tools', async () => {
    const r = await runMcpgw(['tools', 'list', '--json', '--protocol', 'mcp', '--base-url', front.endpoint], {
      MCPGW_AUTH_CLIENT_ID: 'cli',
      MCPGW_AUTH_CLIENT_SECRET: secret,
      MCPGW_AUTH_ISSUER: front.url,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { items: unknown[] }).items.length).toBeGreaterThan(0);
    expect(front.tokenRequests).toContainEqual({ grantType: 'client_credentials', resource: front.endpoint });
    for (const token of front.issued) expect(r.stdout + r.stderr).not.toContain(token);
  });

  test('health pings the endpoint with the token: healthy', async () => {
    const r = await runMcpgw(['health', '--json', '--protocol', 'mcp', '--base-url', front.endpoint], {
      MCPGW_AUTH_CLIENT_ID: 'cli',
      MCPGW_AUTH_CLIENT_SECRET: secret,
      MCPGW_AUTH_ISSUER: front.url,
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { status: string }).status).toBe('healthy');
  });

  test('a wrong secret fails with MCPGW_AUTH_TOKEN and invalid_client, and the secret is not printed', async () => {
    const r = await runMcpgw(['tools', 'list', '--protocol', 'mcp', '--base-url', front.endpoint], {
      MCPGW_AUTH_CLIENT_ID: 'cli',
      MCPGW_AUTH_CLIENT_SECRET: 'not-the-secret-value',
    });
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/MCPGW_AUTH_TOKEN/);
    expect(r.stderr).toMatch(/invalid_client/);
    expect(r.stderr).not.toContain('not-the-secret-value');
  });
});
