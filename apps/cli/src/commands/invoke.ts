import type { Command } from '../command.js';
import { stringFlag } from '../numeric-flag.js';
import { UsageError } from '../usage-error.js';
import { parseParameters } from './invoke-parameters.js';
import { invokeMcpTool } from './mcp-invoke.js';

export const invoke: Command = {
  name: 'invoke',
  args: 'SERVER TOOL',
  // One positional under MCP (TOOL), two under REST; each side checks its own.
  arity: [1, 2],
  summary: 'run a tool (authorized by OPA first when an OPA URL is configured); MCP: invoke TOOL',
  options: {
    params: { type: 'string' },
    user: { type: 'string' },
    'idempotency-key': { type: 'string' },
  },
  help: [
    '--params JSON        the tool parameters (MCP: its arguments), a JSON object (default {})',
    '--user TOKEN         the user JWT, sent as a Bearer token (MCPGW_USER_TOKEN)',
    '--idempotency-key K  makes the call safe to retry after it may have reached the gateway (REST only)',
  ],
  async run(ctx) {
    if (ctx.protocol === 'mcp') return invokeMcpTool(ctx);
    if (ctx.positionals.length !== 2) throw new UsageError('usage: mcpgw invoke SERVER TOOL [options]');
    const [server, tool] = ctx.positionals as [string, string];
    const parameters = parseParameters(stringFlag(ctx.values.params));
    const user = stringFlag(ctx.values.user) ?? (ctx.io.env.MCPGW_USER_TOKEN || undefined);
    const idempotencyKey = stringFlag(ctx.values['idempotency-key']);
    const result = await ctx.client().invokeTool({ server, tool, parameters, user, idempotencyKey });
    if (ctx.json) ctx.printJson(result);
    else ctx.print(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  },
};
