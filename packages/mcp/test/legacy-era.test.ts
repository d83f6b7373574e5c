import { describe, expect, test } from 'vitest';
import { useSim } from './support.js';

const { state, client } = useSim();

describe('2025-11-25 session era against gateway-sim', () => {
  test('initialize, notifications/initialized, then the session id and version on every request', async () => {
    const mcp = client({ protocolVersion: '2025-11-25' });
    const page = await mcp.listTools();
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.nextCursor).toBeTypeOf('string');
    const requests = state.sim.mcp.requests;
    expect(requests.map((r) => r.rpcMethod)).toEqual(['initialize', 'notifications/initialized', 'tools/list']);
    const sessionId = state.sim.mcp.sessionIds[0];
    expect(sessionId).toBeTypeOf('string');
    for (const r of requests.slice(1)) {
      expect(r.headers['mcp-session-id']).toBe(sessionId);
      expect(r.headers['mcp-protocol-version']).toBe('2025-11-25');
    }
    expect(mcp.protocolVersion).toBe('2025-11-25');
  });

  test('tools() walks every page by cursor (1,010 tools)', async () => {
    const mcp = client({ protocolVersion: '2025-11-25' });
    const names: string[] = [];
    for await (const tool of mcp.tools()) names.push(tool.name);
    expect(names.length).toBe(1010);
    expect(new Set(names).size).toBe(1010);
    expect(names.slice(0, 2)).toEqual(['echo', 'add']);
  });

  test('invokeTool returns the CallToolResult; isError: true is returned, not thrown', async () => {
    const mcp = client({ protocolVersion: '2025-11-25' });
    const added = await mcp.invokeTool({ tool: 'add', parameters: { a: 2, b: 3 } });
    expect(added.structuredContent).toEqual({ sum: 5 });
    const failed = await mcp.invokeTool({ tool: 'fail' });
    expect(failed.isError).toBe(true);
    expect(state.sim.mcp.executions('add')).toBe(1);
  });

  test('resources, readResource, prompts and getPrompt', async () => {
    const mcp = client({ protocolVersion: '2025-11-25' });
    const uris: string[] = [];
    for await (const r of mcp.resources()) uris.push(r.uri);
    expect(uris).toContain('sim://docs/readme');
    const read = await mcp.readResource({ uri: 'sim://docs/readme' });
    expect(read.contents[0]?.uri).toBe('sim://docs/readme');
    const prompts: string[] = [];
    for await (const p of mcp.prompts()) prompts.push(p.name);
    expect(prompts).toContain('greeting');
    const prompt = await mcp.getPrompt({ name: 'greeting', arguments: { name: 'Ada' } });
    expect(prompt.messages.length).toBeGreaterThan(0);
    await expect(mcp.ping()).resolves.toBeUndefined();
  });

  test('close() ends the session with DELETE', async () => {
    const mcp = client({ protocolVersion: '2025-11-25' });
    await mcp.ping();
    const sessionId = state.sim.mcp.sessionIds[0];
    await mcp.close();
    const last = state.sim.mcp.requests.at(-1);
    expect(last?.httpMethod).toBe('DELETE');
    expect(last?.headers['mcp-session-id']).toBe(sessionId);
    expect(state.sim.mcp.sessionIds).toEqual([]);
  });
});
