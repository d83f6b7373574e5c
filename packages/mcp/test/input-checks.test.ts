import { ConfigError, createTransport, InvalidRequestError } from '@mcpgw/core';
import { describe, expect, test } from 'vitest';
import { McpClient, UnsupportedOperationError } from '../src/index.js';
import { useSim } from './support.js';

const { state, client } = useSim();

describe('bad input is refused before anything is sent', () => {
  test.each([
    ['a tool name that is empty', (c: McpClient) => c.invokeTool({ tool: '' })],
    ['a tool name with a control character', (c: McpClient) => c.invokeTool({ tool: 'a\nb' })],
    ['parameters that are not an object', (c: McpClient) => c.invokeTool({ tool: 'echo', parameters: [] as never })],
    ['a server (an MCP endpoint is one)', (c: McpClient) => c.invokeTool({ tool: 'echo', server: 'x' } as never)],
    ['an empty cursor', (c: McpClient) => c.listTools({ cursor: '' })],
    ['a cursor too long', (c: McpClient) => c.listTools({ cursor: 'x'.repeat(9_000) })],
    ['a resource without a uri', (c: McpClient) => c.readResource({} as never)],
    [
      'prompt arguments that are not strings',
      (c: McpClient) => c.getPrompt({ name: 'greeting', arguments: { n: 1 } as never }),
    ],
    ['a timeout that is not a number of ms', (c: McpClient) => c.ping({ timeoutMs: -1 })],
    ['a user token with a space', (c: McpClient) => c.ping({ user: 'not a token' })],
  ])('%s: InvalidRequestError', async (_what, call) => {
    const mcp = client({ protocolVersion: '2025-11-25' });
    await expect(call(mcp)).rejects.toBeInstanceOf(InvalidRequestError);
    expect(state.sim.mcp.counts['tools/call'] ?? 0).toBe(0);
    expect(state.sim.mcp.counts['tools/list'] ?? 0).toBe(0);
  });

  test('REST-only operations: UnsupportedOperationError, nothing sent', () => {
    const mcp = client();
    expect(() => mcp.listServers()).toThrow(UnsupportedOperationError);
    expect(() => mcp.getServer()).toThrow(UnsupportedOperationError);
    expect(state.sim.mcp.counts.total ?? 0).toBe(0);
  });

  test('bad options are one ConfigError listing each problem', () => {
    const error = (() => {
      try {
        new McpClient({
          baseUrl: 'http://127.0.0.1:1/mcp',
          handler: createTransport(),
          protocolVersion: '1999-01-01' as never,
          clientInfo: { name: '' } as never,
          maxInputRounds: -1,
        });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.issues.map((i) => i.path)).toEqual(['protocolVersion', 'clientInfo', 'maxInputRounds']);
  });
});
