import type { CliMcpClient } from '../cli-client.js';
import type { LoadCall } from './closed-loop.js';

export interface McpInvoke {
  tool: string;
  parameters: Record<string, unknown>;
  user: string | undefined;
}

/**
 * Under MCP, in turn: the first page of `tools/list`, the page after it (when there is one), a `ping`; and the
 * `tools/call` if allowed. The cursor comes from the server's own first page.
 */
export function mcpCallMix(
  client: CliMcpClient,
  nextCursor: string | undefined,
  invoke: McpInvoke | undefined,
): (i: number) => LoadCall {
  const calls: LoadCall[] = [{ operation: 'tools/list', run: () => client.listTools() }];
  if (nextCursor !== undefined) {
    calls.push({ operation: 'tools/list (cursor)', run: () => client.listTools({ cursor: nextCursor }) });
  }
  calls.push({ operation: 'ping', run: () => client.health() });
  if (invoke !== undefined) {
    const { tool, parameters, user } = invoke;
    calls.push({
      operation: 'tools/call',
      run: () => client.invokeTool({ tool, parameters, ...(user === undefined ? {} : { user }) }),
    });
  }
  return (i) => calls[i % calls.length] as LoadCall;
}
