import type { ServerInfo } from '@mcpgw/core';
import type { Command } from '../command.js';
import { integerFlag } from '../numeric-flag.js';
import { type Column, formatRecord } from '../output/table.js';
import { collectWithProgress, printAll, printPage } from './list-output.js';
import { requireRest } from './rest-only.js';

const noListing =
  'MCP has no server listing, the endpoint at the base URL is one server; see its tools with mcpgw tools list';

const serverColumns: readonly Column<ServerInfo>[] = [
  { header: 'NAME', value: (s) => s.server_name },
  { header: 'SENSITIVITY', value: (s) => s.sensitivity_level },
  { header: 'HEALTH', value: (s) => s.health_status },
  { header: 'TOOLS', value: (s) => s.tools_count, right: true },
  { header: 'URL', value: (s) => s.server_url },
];

export const serversList: Command = {
  name: 'servers list',
  args: '',
  arity: [0, 0],
  summary: 'list servers: one page, or every page with --all',
  options: { all: { type: 'boolean' }, limit: { type: 'string' }, offset: { type: 'string' } },
  help: [
    '--all                every page (with --limit as the page size)',
    '--limit N            servers per page, 1..1000 (default 100)',
    '--offset N           where the page starts (default 0)',
  ],
  async run(ctx) {
    requireRest(ctx, 'servers list', noListing);
    const limit = integerFlag(ctx.values.limit, 'limit', 1, 1000);
    const offset = integerFlag(ctx.values.offset, 'offset', 0, Number.MAX_SAFE_INTEGER);
    if (ctx.values.all === true) {
      const items = await collectWithProgress(ctx, ctx.client().servers({ pageSize: limit }), 'servers');
      printAll(ctx, items, serverColumns, 'servers');
    } else {
      printPage(ctx, await ctx.client().listServers({ offset, limit }), serverColumns, 'servers');
    }
    return 0;
  },
};

export const serversGet: Command = {
  name: 'servers get',
  args: 'NAME',
  arity: [1, 1],
  summary: 'show one server',
  options: {},
  help: [],
  async run(ctx) {
    requireRest(ctx, 'servers get', noListing);
    const server = await ctx.client().getServer(ctx.positionals[0] as string);
    if (ctx.json) {
      ctx.printJson(server);
      return 0;
    }
    ctx.print(
      formatRecord([
        ['name', server.server_name],
        ['id', server.server_id],
        ['url', server.server_url],
        ['sensitivity', server.sensitivity_level],
        ['health', server.health_status],
        ['tools', server.tools_count],
        ['teams', server.authorized_teams.length === 0 ? '-' : server.authorized_teams.join(', ')],
        ['restrictions', server.access_restrictions],
        ['created', server.created_at],
        ['updated', server.updated_at],
      ]),
    );
    return 0;
  },
};
