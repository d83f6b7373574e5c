import { Pool } from 'undici';
import { type PresetObservability, presetClient } from './preset-client.js';
import type { LoadScenario, ScenarioContext, Target } from './scenarios.js';

// What the preset negotiates with the simulator (`protocolVersion: 'auto'` picks the newest both speak).
const VERSION = '2026-07-28';
const META = {
  'io.modelcontextprotocol/protocolVersion': VERSION,
  'io.modelcontextprotocol/clientCapabilities': {},
  'io.modelcontextprotocol/clientInfo': { name: 'bench-raw', version: '0.0.0' },
};

type Answers = 'json' | 'sse';

interface McpCall {
  method: 'tools/list' | 'tools/call';
  /** `Mcp-Name` (2026-07-28) and `params.name` of a `tools/call`. */
  name?: string;
  params: Record<string, unknown>;
}

const echo = (i: number): McpCall => ({
  method: 'tools/call',
  name: 'echo',
  params: { name: 'echo', arguments: { message: `bench ${i % 100}` } },
});
const firstPage = (): McpCall => ({ method: 'tools/list', params: {} });

/** The simulator answers every MCP request as one JSON body or as an event stream; set before each scenario. */
async function answerAs(context: ScenarioContext, answers: Answers): Promise<void> {
  if (context.admin === undefined) throw new Error('the MCP scenarios need the simulator admin API');
  await context.admin('mcp/answers', { answers });
}

/** The JSON-RPC answer of id `id` in an event stream: the data lines of each event, joined, parsed. */
function answerInStream(text: string, id: number): unknown {
  for (const event of text.split(/\r?\n\r?\n/)) {
    const data = event
      .split(/\r?\n/)
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(line.startsWith('data: ') ? 6 : 5))
      .join('\n');
    if (data === '') continue;
    const message = JSON.parse(data) as { id?: unknown };
    if (message.id === id) return message;
  }
  throw new Error('the event stream ended without the answer');
}

/**
 * The baseline: undici's Pool posting the JSON-RPC message the preset sends (2026-07-28, stateless: `_meta` and the
 * `Mcp-*` headers), reading the answer as the content type says and failing on a JSON-RPC error.
 */
function rawTarget(context: ScenarioContext, call: (i: number) => McpCall): Target {
  const endpoint = new URL('/mcp', context.url);
  const pool = new Pool(endpoint.origin, { connections: context.connections });
  return {
    async call(i) {
      const { method, name, params } = call(i);
      const response = await pool.request({
        method: 'POST',
        path: endpoint.pathname,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-protocol-version': VERSION,
          'mcp-method': method,
          ...(name === undefined ? {} : { 'mcp-name': name }),
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: i, method, params: { ...params, _meta: META } }),
      });
      const text = await response.body.text();
      if (response.statusCode !== 200) throw new Error(`status ${response.statusCode}`);
      const stream = String(response.headers['content-type'] ?? '').startsWith('text/event-stream');
      const message = (stream ? answerInStream(text, i) : JSON.parse(text)) as { error?: unknown };
      if (message.error !== undefined) throw new Error(`JSON-RPC error ${JSON.stringify(message.error)}`);
      return message;
    },
    close: () => pool.close(),
  };
}

interface McpPreset {
  listTools(): Promise<unknown>;
  invokeTool(options: { tool: string; parameters: Record<string, unknown> }): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * createGatewayClient({ protocol: 'mcp' }) with its production defaults (retry, breaker, cache, metrics, ...). The
 * listing runs with the cache off: its miss path coalesces concurrent identical requests into one, which would
 * compare one request of ours with many of raw undici's.
 */
function presetTarget(
  context: ScenarioContext,
  operation: 'list' | 'call',
  observability: PresetObservability = 'sdk',
): Target {
  const { client, close } = presetClient(
    context.packages,
    new URL('/mcp', context.url).href,
    { protocol: 'mcp', pool: { connections: context.connections }, ...(operation === 'list' ? { cache: false } : {}) },
    observability,
  );
  const mcp = client as unknown as McpPreset;
  return {
    call: (i) =>
      operation === 'list'
        ? mcp.listTools()
        : mcp.invokeTool({ tool: 'echo', parameters: { message: `bench ${i % 100}` } }),
    close,
  };
}

function pairOf(operation: 'list' | 'call', answers: Answers) {
  const raw = `raw-undici-mcp-${operation}-${answers}`;
  const call = operation === 'list' ? firstPage : echo;
  const what = operation === 'list' ? 'tools/list (first page of 100 tools)' : 'tools/call echo';
  return [
    {
      name: raw,
      description: `undici Pool posting the same JSON-RPC ${what}, ${answers === 'json' ? 'JSON' : 'SSE'} answers`,
      needs: [],
      openLoop: false,
      async build(context) {
        await answerAs(context, answers);
        return rawTarget(context, call);
      },
    },
    {
      name: `mcp-preset-${operation}-${answers}`,
      description: `createGatewayClient({ protocol: 'mcp' }) ${what}${operation === 'list' ? ' (cache off)' : ''}, ${answers === 'json' ? 'JSON' : 'SSE'} answers; paired with ${raw}`,
      needs: ['preset'],
      openLoop: false,
      pairWith: raw,
      async build(context) {
        await answerAs(context, answers);
        return presetTarget(context, operation);
      },
    },
  ] satisfies LoadScenario[];
}

/**
 * MCP over Streamable HTTP beside the REST scenarios: the preset's `tools/list` and `tools/call`, each paired with
 * raw undici posting the same JSON-RPC, with JSON and with SSE answers. The in-process costs of the dialect are
 * packages/mcp/bench's micro-benchmark; these measure it over loopback against the simulator in its own process.
 */
export const mcpLoadScenarios: readonly LoadScenario[] = [
  ...pairOf('list', 'json'),
  ...pairOf('call', 'json'),
  ...pairOf('call', 'sse'),
  {
    name: 'mcp-preset-call-json-defaults',
    description:
      "createGatewayClient({ protocol: 'mcp' }) tools/call echo, JSON answers, as an app without an OpenTelemetry SDK runs it (no-op tracer, logs at warn); paired with raw-undici-mcp-call-json",
    needs: ['preset'],
    openLoop: false,
    pairWith: 'raw-undici-mcp-call-json',
    async build(context) {
      await answerAs(context, 'json');
      return presetTarget(context, 'call', 'defaults');
    },
  },
];
