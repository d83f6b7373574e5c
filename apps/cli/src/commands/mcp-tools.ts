import type { McpToolInfo as McpTool } from '../cli-client.js';
import type { CommandContext } from '../command.js';
import { stringFlag } from '../numeric-flag.js';
import { type Column, formatTable } from '../output/table.js';
import { UsageError } from '../usage-error.js';
import { collectWithProgress, printAll } from './list-output.js';

const hintNames = [
  ['readOnlyHint', 'read-only'],
  ['idempotentHint', 'idempotent'],
  ['destructiveHint', 'destructive'],
  ['openWorldHint', 'open-world'],
] as const;

/** The annotations the server set to true: hints, never a promise (trustToolAnnotations decides what they mean). */
function hintsOf(tool: McpTool): string {
  const annotations = (tool.annotations ?? {}) as Record<string, unknown>;
  return hintNames
    .filter(([key]) => annotations[key] === true)
    .map(([, label]) => label)
    .join(', ');
}

/** The inputSchema's properties, required ones bare, optional ones with `?`, as the REST table shows them. */
function parametersOf(tool: McpTool): string {
  const schema = (tool.inputSchema ?? {}) as { properties?: unknown; required?: unknown };
  const properties =
    schema.properties !== null && typeof schema.properties === 'object' ? Object.keys(schema.properties) : [];
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  return properties.map((p) => (required.has(p) ? p : `${p}?`)).join(', ');
}

const mcpToolColumns: readonly Column<McpTool>[] = [
  { header: 'TOOL', value: (t) => t.name },
  { header: 'HINTS', value: hintsOf },
  { header: 'PARAMETERS', value: parametersOf },
  { header: 'DESCRIPTION', value: (t) => t.description },
];

/** `tools list --protocol mcp`: one page of `tools/list` (and its next cursor), or every page with `--all`. */
export async function listMcpTools(ctx: CommandContext): Promise<number> {
  for (const flag of ['server', 'limit', 'offset'] as const) {
    if (ctx.values[flag] !== undefined) {
      throw new UsageError(
        `--${flag} is for the gateway REST API; an MCP endpoint is one server and pages by cursor (--cursor, --all)`,
      );
    }
  }
  if (ctx.values.all === true) {
    const items = await collectWithProgress(ctx, ctx.mcpClient().tools(), 'tools');
    printAll(ctx, items, mcpToolColumns, 'tools');
    return 0;
  }
  const cursor = stringFlag(ctx.values.cursor);
  const page = await ctx.mcpClient().listTools(cursor === undefined ? {} : { cursor });
  if (ctx.json) {
    ctx.printJson({ items: page.items, nextCursor: page.nextCursor });
    return 0;
  }
  if (page.items.length > 0) ctx.print(formatTable(page.items, mcpToolColumns));
  const next = page.nextCursor === undefined ? '' : `; next page: --cursor ${page.nextCursor} (or --all)`;
  ctx.print(`${page.items.length} tools${next}\n`);
  return 0;
}
