import { errorMessage, type RpcRequest, type RpcResponse, resultMessage, rpcErrors } from './json-rpc.js';
import type { ListKind, McpCatalog } from './mcp-catalog.js';
import type { Reply } from './reply.js';
import { ToolInterruption } from './tool-interruption.js';
import { type CallToolResult, runTool, type ToolContext } from './tool-runner.js';

export type Era = 'legacy' | 'stateless';
/** How a tools/call ended; `not-run`: a scripted fault answered instead. */
export type CallOutcome =
  | 'completed'
  | 'input-required'
  | 'cancelled'
  | 'missing-capability'
  | 'unknown-tool'
  | 'not-run';

/** What a method needs from the era serving it. */
export interface MethodContext {
  era: Era;
  catalog: McpCatalog;
  pageSize: number;
  reply: Reply;
  signal: AbortSignal;
  delay(ms: number, signal: AbortSignal): Promise<void>;
  /** The era's way of asking the client (a server request on the stream, or an MRTR input request). */
  ask(key: string, method: string, params: Record<string, unknown>): Promise<unknown>;
  recordCall(tool: string, outcome: CallOutcome): void;
  /** A listing answers its first page with the cursor it was asked for (or `sim-loop`) as `nextCursor`: a loop. */
  repeatCursor?: boolean;
}

/** An answer and the HTTP status a JSON answer gets (2026-07-28 sends some errors with 400 or 404). */
export interface Answer {
  status: number;
  message: RpcResponse;
  /** The tool's MRTR interruption, for the stateless era to turn into `input_required`. */
  inputRequests?: Record<string, unknown>;
}

/** A tools/call's arguments as sent (an empty object when absent or not an object). */
export function argumentsOf(request: RpcRequest): Record<string, unknown> {
  const args = request.params?.arguments;
  return typeof args === 'object' && args !== null && !Array.isArray(args) ? (args as Record<string, unknown>) : {};
}

const listKinds: Record<string, [ListKind, string]> = {
  'tools/list': ['tools', 'tools'],
  'resources/list': ['resources', 'resources'],
  'resources/templates/list': ['resourceTemplates', 'resourceTemplates'],
  'prompts/list': ['prompts', 'prompts'],
};

/** Serves the methods both eras share; `undefined` means the request was cancelled and gets no answer. */
export async function serveMethod(request: RpcRequest, ctx: MethodContext): Promise<Answer | undefined> {
  const params = request.params ?? {};
  const ok = (result: unknown): Answer => ({ status: 200, message: resultMessage(request.id, result) });
  const fail = (code: number, message: string, data?: unknown, status = 200): Answer => ({
    status,
    message: errorMessage(request.id, code, message, data),
  });
  const listing = listKinds[request.method];
  if (listing !== undefined) {
    const [kind, field] = listing;
    if (ctx.repeatCursor) {
      const first = ctx.catalog.page(kind, undefined, ctx.pageSize)!;
      return ok({ [field]: first.items, nextCursor: typeof params.cursor === 'string' ? params.cursor : 'sim-loop' });
    }
    const page = ctx.catalog.page(kind, params.cursor, ctx.pageSize);
    if (page === undefined) return fail(rpcErrors.invalidParams, 'Invalid params: unknown cursor');
    return ok(
      page.nextCursor === undefined ? { [field]: page.items } : { [field]: page.items, nextCursor: page.nextCursor },
    );
  }
  switch (request.method) {
    case 'ping':
      return ok({});
    case 'tools/call':
      return callTool(request, ctx);
    case 'resources/read': {
      const contents = typeof params.uri === 'string' ? ctx.catalog.read(params.uri) : undefined;
      if (contents !== undefined) return ok({ contents: [contents] });
      // 2025-11-25 and earlier use -32002; 2026-07-28 replaced it with -32602.
      const code = ctx.era === 'legacy' ? rpcErrors.resourceNotFound : rpcErrors.invalidParams;
      return fail(code, 'Resource not found', { uri: params.uri });
    }
    case 'prompts/get':
      return getPrompt(request, ctx, ok, fail);
    case 'logging/setLevel':
      return ctx.era === 'legacy' ? ok({}) : fail(rpcErrors.methodNotFound, 'Method not found', undefined, 404);
    default:
      return fail(
        rpcErrors.methodNotFound,
        `Method not found: ${request.method}`,
        undefined,
        ctx.era === 'legacy' ? 200 : 404,
      );
  }
}

async function callTool(request: RpcRequest, ctx: MethodContext): Promise<Answer | undefined> {
  const params = request.params ?? {};
  const tool = typeof params.name === 'string' ? ctx.catalog.tool(params.name) : undefined;
  if (tool === undefined) {
    ctx.recordCall(String(params.name), 'unknown-tool');
    return {
      status: 200,
      message: errorMessage(request.id, rpcErrors.invalidParams, `Unknown tool: ${String(params.name)}`),
    };
  }
  const args =
    typeof params.arguments === 'object' && params.arguments !== null
      ? (params.arguments as Record<string, unknown>)
      : {};
  const meta = (params._meta ?? {}) as Record<string, unknown>;
  const progressToken = meta.progressToken;
  const toolCtx: ToolContext = {
    signal: ctx.signal,
    delay: (ms) => ctx.delay(ms, ctx.signal),
    progress: async (progress, total) => {
      if (progressToken === undefined || ctx.signal.aborted) return;
      await ctx.reply.send({
        jsonrpc: '2.0',
        method: 'notifications/progress',
        params: { progressToken, progress, ...(total === undefined ? {} : { total }) },
      });
    },
    log: async (level, data) => {
      if (ctx.signal.aborted) return;
      await ctx.reply.send({ jsonrpc: '2.0', method: 'notifications/message', params: { level, logger: 'sim', data } });
    },
    ask: (key, method, askParams) => ctx.ask(key, method, askParams),
  };
  let result: CallToolResult;
  try {
    result = await runTool(tool, args, toolCtx);
  } catch (error) {
    if (!(error instanceof ToolInterruption)) throw error;
    if (error.kind === 'cancelled') {
      ctx.recordCall(tool.name, 'cancelled');
      return undefined;
    }
    if (error.kind === 'input-required') {
      ctx.recordCall(tool.name, 'input-required');
      return { status: 200, message: resultMessage(request.id, {}), inputRequests: error.detail };
    }
    if (error.kind === 'refused') {
      ctx.recordCall(tool.name, 'completed');
      const refusal = `the client refused ${String(error.detail.method)}: ${String((error.detail.error as { message?: unknown })?.message)}`;
      return {
        status: 200,
        message: resultMessage(request.id, { content: [{ type: 'text', text: refusal }], isError: true }),
      };
    }
    ctx.recordCall(tool.name, 'missing-capability');
    if (ctx.era === 'stateless') {
      return {
        status: 400,
        message: errorMessage(request.id, -32021, 'Missing required client capability', {
          requiredCapabilities: error.detail,
        }),
      };
    }
    const names = Object.keys(error.detail).join(', ');
    return {
      status: 200,
      message: resultMessage(request.id, {
        content: [{ type: 'text', text: `the client did not declare the ${names} capability` }],
        isError: true,
      }),
    };
  }
  if (ctx.signal.aborted) {
    ctx.recordCall(tool.name, 'cancelled');
    return undefined;
  }
  ctx.recordCall(tool.name, 'completed');
  return { status: 200, message: resultMessage(request.id, result) };
}

function getPrompt(
  request: RpcRequest,
  ctx: MethodContext,
  ok: (result: unknown) => Answer,
  fail: (code: number, message: string, data?: unknown) => Answer,
): Answer {
  const params = request.params ?? {};
  const prompt = typeof params.name === 'string' ? ctx.catalog.prompt(params.name) : undefined;
  if (prompt === undefined) return fail(rpcErrors.invalidParams, `Unknown prompt: ${String(params.name)}`);
  const args = (typeof params.arguments === 'object' && params.arguments !== null ? params.arguments : {}) as Record<
    string,
    unknown
  >;
  for (const argument of prompt.arguments) {
    if (argument.required && typeof args[argument.name] !== 'string') {
      return fail(rpcErrors.invalidParams, `Missing required argument: ${argument.name}`);
    }
  }
  const text =
    prompt.name === 'greeting'
      ? `Hello, ${String(args.name)}!`
      : prompt.name === 'summarize'
        ? `Summarize: ${String(args.text ?? '')}`
        : `Prompt ${prompt.name}`;
  return ok({ description: prompt.description, messages: [{ role: 'user', content: { type: 'text', text } }] });
}
