import { createHash } from 'node:crypto';
import type { McpTool } from './mcp-tool-definitions.js';

export interface CallToolResult {
  content: { type: 'text'; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

/** What a running tool may do besides computing: wait, report progress, log, and ask the client. */
export interface ToolContext {
  signal: AbortSignal;
  /** Waits, or rejects with a `cancelled` interruption when the call is cancelled. */
  delay(ms: number): Promise<void>;
  progress(progress: number, total?: number): Promise<void>;
  log(level: 'debug' | 'info' | 'warning' | 'error', data: unknown): Promise<void>;
  /** Asks the client (elicitation/create, sampling/createMessage, roots/list) and resolves to its result. */
  ask(key: string, method: string, params: Record<string, unknown>): Promise<unknown>;
}

const capabilityOf: Record<string, string> = {
  'elicitation/create': 'elicitation',
  'sampling/createMessage': 'sampling',
  'roots/list': 'roots',
};

export function capabilityFor(method: string): string {
  return capabilityOf[method] ?? method;
}

/** Runs a tool of the catalog; argument problems are tool errors (`isError`), as 2025-11-25 asks. */
export async function runTool(tool: McpTool, args: Record<string, unknown>, ctx: ToolContext): Promise<CallToolResult> {
  switch (tool.name) {
    case 'echo':
      if (typeof args.message !== 'string') return toolError('echo needs a string `message`');
      return { content: [text(args.message)], structuredContent: { message: args.message } };
    case 'add': {
      if (typeof args.a !== 'number' || typeof args.b !== 'number') return toolError('add needs numbers `a` and `b`');
      const sum = args.a + args.b;
      return { content: [text(String(sum))], structuredContent: { sum } };
    }
    case 'slow':
      return runSlow(args, ctx);
    case 'fail':
      return toolError(typeof args.reason === 'string' ? `failed: ${args.reason}` : 'failed as asked');
    case 'delete_record':
      if (typeof args.id !== 'string') return toolError('delete_record needs a string `id`');
      return { content: [text('deleted')], structuredContent: { deleted: true } };
    case 'regional_query':
      if (typeof args.region !== 'string' || typeof args.query !== 'string') {
        return toolError('regional_query needs strings `region` and `query`');
      }
      return { content: [text(`rows: ${digest(args)}`)] };
    case 'ask_elicitation': {
      const message = typeof args.message === 'string' ? args.message : 'Please provide your name';
      const answer = (await ctx.ask('name', 'elicitation/create', {
        mode: 'form',
        message,
        requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
      })) as Record<string, unknown>;
      return { content: [text(`elicitation ${String(answer?.action)}`)], structuredContent: { answer } };
    }
    case 'ask_sampling': {
      const prompt = typeof args.prompt === 'string' ? args.prompt : 'Say hello';
      const answer = (await ctx.ask('completion', 'sampling/createMessage', {
        messages: [{ role: 'user', content: { type: 'text', text: prompt } }],
        maxTokens: 100,
      })) as { content?: { text?: unknown } };
      return { content: [text(`sampled: ${String(answer?.content?.text)}`)], structuredContent: { answer } };
    }
    case 'ask_roots': {
      const answer = (await ctx.ask('roots', 'roots/list', {})) as { roots?: { uri?: unknown }[] };
      const uris = Array.isArray(answer?.roots) ? answer.roots.map((root) => String(root?.uri)) : [];
      return { content: [text(`roots: ${uris.join(' ')}`)], structuredContent: { roots: uris } };
    }
    default:
      return { content: [text(digest({ tool: tool.name, input: args.input ?? null }))] };
  }
}

async function runSlow(args: Record<string, unknown>, ctx: ToolContext): Promise<CallToolResult> {
  const steps = args.steps ?? 5;
  const stepMs = args.stepMs ?? 50;
  if (!isIntegerIn(steps, 1, 1000) || !isIntegerIn(stepMs, 0, 60_000)) {
    return toolError('slow needs integer `steps` 1..1000 and `stepMs` 0..60000');
  }
  await ctx.log('info', { event: 'slow started', steps });
  for (let done = 1; done <= steps; done++) {
    await ctx.delay(stepMs);
    await ctx.progress(done, steps);
  }
  return { content: [text(`done after ${steps} steps`)], structuredContent: { steps } };
}

function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
}

function text(value: string): { type: 'text'; text: string } {
  return { type: 'text', text: value };
}

function toolError(message: string): CallToolResult {
  return { content: [text(message)], isError: true };
}

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}
