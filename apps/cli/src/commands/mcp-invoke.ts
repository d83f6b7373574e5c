import type { McpCallResult } from '../cli-client.js';
import type { CommandContext } from '../command.js';
import { exitCodes } from '../exit-codes.js';
import { stringFlag } from '../numeric-flag.js';
import { UsageError } from '../usage-error.js';
import { parseParameters } from './invoke-parameters.js';

/** The result for a reader: text blocks as text, other blocks and structuredContent as JSON. */
function printResult(ctx: CommandContext, result: McpCallResult): void {
  for (const block of result.content) {
    const { type, text } = block as { type?: unknown; text?: unknown };
    ctx.print(type === 'text' && typeof text === 'string' ? `${text}\n` : `${JSON.stringify(block)}\n`);
  }
  if (result.structuredContent !== undefined) {
    ctx.print(`structuredContent ${JSON.stringify(result.structuredContent)}\n`);
  }
  if (result.isError === true) ctx.print('isError true: the tool reported an error\n');
}

/**
 * `invoke TOOL --protocol mcp`: one `tools/call` with `--params` as its arguments. The CallToolResult is printed
 * either way; a result with `isError: true` exits 10, since the call worked but the tool did not.
 */
export async function invokeMcpTool(ctx: CommandContext): Promise<number> {
  if (ctx.positionals.length !== 1) {
    throw new UsageError('usage: mcpgw invoke TOOL --protocol mcp [--params JSON] [options] (MCP names no server)');
  }
  if (ctx.values['idempotency-key'] !== undefined) {
    throw new UsageError(
      '--idempotency-key is for the gateway REST API; under MCP a tools/call is re-sent only when it never reached the server or the tool is trusted read-only or idempotent',
    );
  }
  const tool = ctx.positionals[0] as string;
  const parameters = parseParameters(stringFlag(ctx.values.params));
  const user = stringFlag(ctx.values.user) ?? (ctx.io.env.MCPGW_USER_TOKEN || undefined);
  const result = await ctx.mcpClient().invokeTool({ tool, parameters, ...(user === undefined ? {} : { user }) });
  if (ctx.json) ctx.printJson(result);
  else printResult(ctx, result);
  return result.isError === true ? exitCodes.toolError : exitCodes.ok;
}
