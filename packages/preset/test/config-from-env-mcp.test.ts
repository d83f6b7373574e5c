import { ConfigError } from '@mcpgw/core';
import { describe, expect, test } from 'vitest';
import { configFromEnv, createGatewayClient } from '../src/index.js';

function issuesOf(env: Record<string, string>) {
  try {
    configFromEnv({ MCPGW_BASE_URL: 'http://127.0.0.1:9', ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

describe('configFromEnv: MCP variables', () => {
  test('MCPGW_MCP_CACHE_TOOL_RESULTS sets mcp.cacheToolResults, beside the trust it needs', async () => {
    const options = configFromEnv({
      MCPGW_BASE_URL: 'http://127.0.0.1:9/mcp',
      MCPGW_PROTOCOL: 'mcp',
      MCPGW_MCP_TRUST_TOOL_ANNOTATIONS: 'true',
      MCPGW_MCP_CACHE_TOOL_RESULTS: 'true',
    });
    expect(options.mcp).toEqual({ trustToolAnnotations: true, cacheToolResults: true });
    expect(configFromEnv({ MCPGW_BASE_URL: 'http://gw', MCPGW_MCP_CACHE_TOOL_RESULTS: 'false' }).mcp).toEqual({
      cacheToolResults: false,
    });
    await using client = createGatewayClient({ ...options, name: 'env-mcp-cache', logger: false });
    expect(client.layers).toContain('cache');
  });

  test('a bad MCPGW_MCP_CACHE_TOOL_RESULTS is a ConfigError naming it', () => {
    expect(issuesOf({ MCPGW_MCP_CACHE_TOOL_RESULTS: 'always' })).toEqual([
      { path: 'MCPGW_MCP_CACHE_TOOL_RESULTS', message: expect.stringMatching(/^expected true or false.*got "always"/) },
    ]);
  });

  test('MCPGW_MCP_CACHE_TOOL_RESULTS=true with the cache or the trust switched off would cache nothing: an issue', () => {
    expect(
      issuesOf({ MCPGW_MCP_CACHE_TOOL_RESULTS: 'true', MCPGW_CACHE: 'off', MCPGW_MCP_TRUST_TOOL_ANNOTATIONS: 'false' }),
    ).toEqual([
      { path: 'MCPGW_MCP_CACHE_TOOL_RESULTS', message: expect.stringMatching(/MCPGW_CACHE is off/) },
      {
        path: 'MCPGW_MCP_CACHE_TOOL_RESULTS',
        message: expect.stringMatching(/MCPGW_MCP_TRUST_TOOL_ANNOTATIONS is off/),
      },
    ]);
  });

  test('MCPGW_MCP_TRUST_TOOL_ANNOTATIONS takes true or false only: a predicate is code-only, anything else an issue', () => {
    expect(configFromEnv({ MCPGW_BASE_URL: 'http://gw', MCPGW_MCP_TRUST_TOOL_ANNOTATIONS: 'false' }).mcp).toEqual({
      trustToolAnnotations: false,
    });
    for (const raw of ['maybe', '({ origin }) => true', 'trusted-server.example.com']) {
      const issues = issuesOf({ MCPGW_MCP_TRUST_TOOL_ANNOTATIONS: raw });
      expect(issues).toEqual([{ path: 'MCPGW_MCP_TRUST_TOOL_ANNOTATIONS', message: expect.any(String) }]);
      expect(issues[0]?.message).toMatch(/^expected true or false .*predicate per server is given in code/);
      expect(issues[0]?.message).toContain(`got ${JSON.stringify(raw)}`);
    }
  });
});
