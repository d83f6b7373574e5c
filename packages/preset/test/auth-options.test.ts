import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '@mcpgw/core';
import { Agent, type Dispatcher } from 'undici';
import { describe, expect, onTestFinished, test } from 'vitest';
import { configFromEnv, createGatewayClient } from '../src/index.js';

describe('auth (MCP authorization)', () => {
  test('MCPGW_AUTH_* variables build the auth options; the secret is never echoed in an issue', () => {
    const options = configFromEnv({
      MCPGW_BASE_URL: 'https://gw.example.com/mcp',
      MCPGW_AUTH_GRANT: 'client_credentials',
      MCPGW_AUTH_CLIENT_ID: 'reporting',
      MCPGW_AUTH_CLIENT_SECRET: 'env-client-secret-value',
      MCPGW_AUTH_ISSUER: 'https://login.example.com',
      MCPGW_AUTH_TIMEOUT_MS: '5000',
    });
    expect(options.auth).toEqual({
      grant: 'client_credentials',
      client: { clientId: 'reporting', clientSecret: 'env-client-secret-value', issuer: 'https://login.example.com' },
      timeoutMs: 5000,
    });
    const error = (() => {
      try {
        configFromEnv({
          MCPGW_BASE_URL: 'https://gw/mcp',
          MCPGW_AUTH_TIMEOUT_MS: 'soon',
          MCPGW_AUTH_CLIENT_SECRET: 'x',
        });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((i) => i.path)).toContain('MCPGW_AUTH_TIMEOUT_MS');
  });

  test('the auth layer sits below retry, and its own checks run when the client is built', async () => {
    await using client = createGatewayClient({
      baseUrl: 'http://127.0.0.1:9/mcp',
      protocol: 'mcp',
      logger: false,
      auth: { client: { clientId: 'svc', clientSecret: 'svc-secret' } },
    });
    expect(client.layers.indexOf('auth')).toBe(client.layers.indexOf('retry') + 1);
    expect(() =>
      createGatewayClient({
        baseUrl: 'http://127.0.0.1:9/mcp',
        protocol: 'mcp',
        logger: false,
        auth: { timeoutMs: 0 },
      }),
    ).toThrow(ConfigError);
  });

  test("the OAuth exchanges go through the client's dispatcher (a proxy, say) too", async () => {
    // An endpoint that wants a token and publishes nothing: discovery falls back to the 2025-03-26 defaults.
    const server = createServer((req, res) => {
      res.writeHead(req.url === '/mcp' ? 401 : 404, { 'content-type': 'application/json' });
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const seen: string[] = [];
    const agent = new Agent();
    onTestFinished(() => agent.close());
    const dispatcher = agent.compose(
      (dispatch: Dispatcher['dispatch']) =>
        (options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler) => {
          seen.push(options.path);
          return dispatch(options, handler);
        },
    );
    await using client = createGatewayClient({
      baseUrl: `${base}/mcp`,
      protocol: 'mcp',
      mcp: { protocolVersion: '2026-07-28' },
      logger: false,
      retry: false,
      dispatcher,
      auth: { client: { clientId: 'svc', clientSecret: 'svc-secret' } },
    });
    await expect(client.listTools()).rejects.toMatchObject({ code: 'MCPGW_AUTH_TOKEN' });
    expect(seen).toContain('/.well-known/oauth-protected-resource/mcp');
    expect(seen).toContain('/token');
  });
});
