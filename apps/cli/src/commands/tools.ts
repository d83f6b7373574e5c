import type { ToolInfo } from '@mcpgw/core';
import type { Command } from '../command.js';
import { integerFlag, stringFlag } from '../numeric-flag.js';
import type { Column } from '../output/table.js';
import { UsageError } from '../usage-error.js';
import { collectWithProgress, printAll, printPage } from './list-output.js';
import { listMcpTools } from './mcp-tools.js';

const toolColumns: readonly Column<ToolInfo>[] = [
  { header: 'SERVER', value: (t) => t.server_name },
  { header: 'TOOL', value: (t) => t.tool_name },
  { header: 'SENSITIVITY', value: (t) => t.sensitivity_level },
  { header: 'PARAMETERS', value: (t) => t.parameters.map((p) => (p.required ? p.name : `${p.name}?`)).join(', ') },
  { header: 'DESCRIPTION', value: (t) => t.description },
];

export const toolsList: Command = {
  name: 'tools list',
  args: '',
  arity: [0, 0],
  summary: 'list tools, of one server or of all',
  options: {
    server: { type: 'string' },
    all: { type: 'boolean' },
    limit: { type: 'string' },
    offset: { type: 'string' },
    cursor: { type: 'string' },
  },
  help: [
    '--server NAME        only the tools of this server',
    '--all                every page (with --limit as the page size)',
    '--limit N            tools per page, 1..1000 (default 100)',
    '--offset N           where the page starts (default 0)',
    '--cursor C           MCP: the page after this cursor (printed under each page)',
  ],
  async run(ctx) {
    if (ctx.protocol === 'mcp') return listMcpTools(ctx);
    if (ctx.values.cursor !== undefined) {
      throw new UsageError('--cursor is for MCP (--protocol mcp); the gateway REST API pages by --offset');
    }
    const server = stringFlag(ctx.values.server);
    const limit = integerFlag(ctx.values.limit, 'limit', 1, 1000);
    const offset = integerFlag(ctx.values.offset, 'offset', 0, Number.MAX_SAFE_INTEGER);
    if (ctx.values.all === true) {
      const items = await collectWithProgress(ctx, ctx.client().tools({ server, pageSize: limit }), 'tools');
      printAll(ctx, items, toolColumns, 'tools');
    } else {
      printPage(ctx, await ctx.client().listTools({ server, offset, limit }), toolColumns, 'tools');
    }
    return 0;
  },
};
