/** The named tools of the MCP endpoint: each exercises one part of the protocol (see README "MCP endpoint"). */
export interface McpToolAnnotations {
  title?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

export interface McpTool {
  name: string;
  title?: string;
  description: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  annotations?: McpToolAnnotations;
}

const object = (properties: Record<string, unknown>, required: string[] = []) => ({
  type: 'object',
  properties,
  ...(required.length > 0 ? { required } : {}),
});

export const namedTools: readonly McpTool[] = [
  {
    name: 'echo',
    description: 'Returns the message it was given.',
    inputSchema: object({ message: { type: 'string' } }, ['message']),
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  },
  {
    name: 'add',
    description: 'Adds two numbers.',
    inputSchema: object({ a: { type: 'number' }, b: { type: 'number' } }, ['a', 'b']),
    outputSchema: object({ sum: { type: 'number' } }, ['sum']),
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  },
  {
    name: 'slow',
    description: 'Works for `steps` steps of `stepMs` ms, reporting progress after each; cancellable.',
    inputSchema: object({
      steps: { type: 'integer', minimum: 1, maximum: 1000, default: 5 },
      stepMs: { type: 'integer', minimum: 0, maximum: 60000, default: 50 },
    }),
    annotations: { readOnlyHint: true, openWorldHint: false },
  },
  {
    name: 'fail',
    description: 'Always answers with isError: true (a tool failure, not a protocol error).',
    inputSchema: object({ reason: { type: 'string' } }),
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  },
  {
    name: 'delete_record',
    description: 'Pretends to delete a record: destructive and not idempotent.',
    inputSchema: object({ id: { type: 'string' } }, ['id']),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  },
  {
    name: 'regional_query',
    description: 'Takes parameters mirrored into Mcp-Param-* headers (2026-07-28 x-mcp-header).',
    inputSchema: object(
      {
        region: { type: 'string', 'x-mcp-header': 'Region' },
        limit: { type: 'integer', 'x-mcp-header': 'Limit' },
        dryRun: { type: 'boolean', 'x-mcp-header': 'DryRun' },
        query: { type: 'string' },
      },
      ['region', 'query'],
    ),
    annotations: { readOnlyHint: true, openWorldHint: false },
  },
  {
    name: 'bad_header_tool',
    description: 'Declares an invalid x-mcp-header name; a 2026-07-28 client must drop it from its listing.',
    inputSchema: object({ value: { type: 'string', 'x-mcp-header': 'Not Valid' } }),
  },
  {
    name: 'ask_elicitation',
    description: 'Asks the client elicitation/create and returns the answer.',
    inputSchema: object({ message: { type: 'string' } }),
  },
  {
    name: 'ask_sampling',
    description: 'Asks the client sampling/createMessage and returns the model text.',
    inputSchema: object({ prompt: { type: 'string' } }),
  },
  {
    name: 'ask_roots',
    description: 'Asks the client roots/list and returns the root URIs.',
    inputSchema: object({}),
  },
];

const generatedAnnotations: readonly McpToolAnnotations[] = [
  { readOnlyHint: true, openWorldHint: false },
  { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
];

/** The n-th generated tool (`tool-0001`, ...): a stable name, a string input, annotations in rotation (one in five none). */
export function generatedTool(index: number, width: number): McpTool {
  const name = `tool-${String(index + 1).padStart(width, '0')}`;
  const tool: McpTool = {
    name,
    description: `Generated tool ${index + 1}: hashes its input.`,
    inputSchema: object({ input: { type: 'string' } }),
  };
  if (index % 5 !== 4) tool.annotations = generatedAnnotations[index % generatedAnnotations.length]!;
  return tool;
}
