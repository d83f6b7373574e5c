import type { CliClient } from '../cli-client.js';
import type { Command, CommandContext } from '../command.js';
import { exitCodes } from '../exit-codes.js';
import { type ClosedLoopResult, type LoadCall, runClosedLoop } from '../load/closed-loop.js';
import { type LatencySummary, summariseLatency } from '../load/latency-summary.js';
import { checkTargets, type TargetResult } from '../load/load-targets.js';
import { mcpCallMix } from '../load/mcp-call-mix.js';
import { type SimulatorProcess, startSimulatorProcess } from '../load/simulator-process.js';
import { durationFlag, integerFlag, stringFlag } from '../numeric-flag.js';
import { UsageError } from '../usage-error.js';
import { parseParameters } from './invoke-parameters.js';

interface Invoke {
  server: string;
  tool: string;
  parameters: Record<string, unknown>;
  user: string | undefined;
}

function invokeFlag(ctx: CommandContext): Invoke | undefined {
  const value = stringFlag(ctx.values['allow-invoke']);
  if (value === undefined) {
    if (ctx.values.params !== undefined) throw new UsageError('--params needs --allow-invoke SERVER/TOOL');
    return undefined;
  }
  if (ctx.protocol === 'mcp') {
    // MCP names no server: the endpoint is one. A name with a slash is a REST habit, refused rather than guessed.
    if (value.includes('/')) throw new UsageError('--allow-invoke under MCP is TOOL (the endpoint is one server)');
    const user = ctx.io.env.MCPGW_USER_TOKEN || undefined;
    return { server: '', tool: value, parameters: parseParameters(stringFlag(ctx.values.params)), user };
  }
  const [server, tool, ...rest] = value.split('/');
  if (!server || !tool || rest.length > 0) throw new UsageError('--allow-invoke must be SERVER/TOOL');
  const user = ctx.io.env.MCPGW_USER_TOKEN || undefined;
  return { server, tool, parameters: parseParameters(stringFlag(ctx.values.params)), user };
}

function percentFlag(value: string | boolean | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!(n >= 0 && n <= 100)) throw new UsageError(`--${flag} must be a percentage from 0 to 100`);
  return n;
}

/** Reads, in turn: a page of servers, the tools of a known server, one known server; and the invoke if allowed. */
function callMix(client: CliClient, names: readonly string[], invoke: Invoke | undefined): (i: number) => LoadCall {
  const name = (i: number) => names[i % names.length] as string;
  const calls: ((i: number) => LoadCall)[] = [
    () => ({ operation: 'listServers', run: () => client.listServers({ limit: 20 }) }),
  ];
  if (names.length > 0) {
    calls.push(
      (i) => ({ operation: 'listTools', run: () => client.listTools({ server: name(i), limit: 20 }) }),
      (i) => ({ operation: 'getServer', run: () => client.getServer(name(i)) }),
    );
  }
  if (invoke !== undefined) calls.push(() => ({ operation: 'invokeTool', run: () => client.invokeTool(invoke) }));
  return (i) => (calls[i % calls.length] as (i: number) => LoadCall)(Math.floor(i / calls.length));
}

const ms = (v: number | undefined) => (v === undefined ? 'n/a' : `${v.toFixed(1)} ms`);
const count = (v: number) => v.toLocaleString('en-US');

function printReport(
  ctx: CommandContext,
  about: { url: string; protocol: string; simulator: boolean; invokes: boolean },
  run: ClosedLoopResult,
  latency: Partial<LatencySummary>,
  targets: readonly TargetResult[],
): void {
  const seconds = run.elapsedMs / 1000;
  const perSecond = seconds > 0 ? run.calls / seconds : 0;
  if (ctx.json) {
    ctx.printJson({ ...about, ...run, latenciesMs: undefined, callsPerSec: Math.round(perSecond), latency, targets });
    return;
  }
  const errors = Object.entries(run.errors)
    .map(([code, n]) => `${code} ${count(n)}`)
    .join(', ');
  ctx.print(
    [
      `calls       ${count(run.calls)} in ${seconds.toFixed(1)} s (${count(Math.round(perSecond))}/s), ${count(run.failed)} failed${errors ? `: ${errors}` : ''}`,
      `latency     p50 ${ms(latency.p50)}, p90 ${ms(latency.p90)}, p99 ${ms(latency.p99)}, max ${ms(latency.max)}`,
      `operations  ${Object.entries(run.operations)
        .map(([op, n]) => `${op} ${count(n)}`)
        .join(', ')}`,
      ...targets.map((t) => `${t.met ? '✓' : '✗'} ${t.target}: ${t.measured}`),
      '',
    ].join('\n'),
  );
}

export const load: Command = {
  name: 'load',
  args: '',
  arity: [0, 0],
  summary: 'load a gateway (--base-url) or an embedded simulator with reads; exit 9 when a target is missed',
  options: {
    quick: { type: 'boolean' },
    duration: { type: 'string' },
    concurrency: { type: 'string' },
    'max-calls': { type: 'string' },
    'allow-invoke': { type: 'string' },
    params: { type: 'string' },
    'max-error-percent': { type: 'string' },
    'max-p99-ms': { type: 'string' },
  },
  help: [
    '--quick                 3 seconds, 4 calls in flight (a smoke test)',
    '--duration 10s          how long calls are started (default 10s; at most 60m)',
    '--concurrency N         calls in flight (default 8)',
    '--max-calls N           stop after this many calls whatever the time (default 200000)',
    '--allow-invoke S/T      also invoke tool T of server S (only reads otherwise: a tool on a real gateway',
    '                        does real things; invokes are never retried without an idempotency key);',
    '                        under MCP --allow-invoke TOOL, and the reads are tools/list pages and ping',
    '--params JSON           parameters of that invoke (default {})',
    '--max-error-percent P   target: at most P % of calls fail (default 1)',
    '--max-p99-ms N          target: p99 latency at most N ms (default 1000; needs 100 calls to be measured)',
    'without --base-url (or MCPGW_BASE_URL), a gateway simulator is started in a process of its own',
  ],
  async run(ctx) {
    const quick = ctx.values.quick === true;
    const durationMs = durationFlag(ctx.values.duration, 'duration', 100, 3_600_000) ?? (quick ? 3_000 : 10_000);
    const concurrency = integerFlag(ctx.values.concurrency, 'concurrency', 1, 1_000) ?? (quick ? 4 : 8);
    const maxCalls = integerFlag(ctx.values['max-calls'], 'max-calls', 1, 1_000_000) ?? 200_000;
    const targets = {
      maxErrorPercent: percentFlag(ctx.values['max-error-percent'], 'max-error-percent') ?? 1,
      maxP99Ms: integerFlag(ctx.values['max-p99-ms'], 'max-p99-ms', 1, 600_000) ?? 1_000,
    };
    const invoke = invokeFlag(ctx);
    const given = stringFlag(ctx.values['base-url']) ?? (ctx.io.env.MCPGW_BASE_URL || undefined);
    const mcp = ctx.protocol === 'mcp';
    let sim: SimulatorProcess | undefined;
    try {
      if (given === undefined) sim = await startSimulatorProcess();
      const url = sim === undefined ? (given as string) : mcp ? `${sim.url}/mcp` : sim.url;
      // The cache would answer most reads itself: a load test must reach the gateway.
      const overrides = { ...(sim === undefined ? {} : { baseUrl: url }), cache: false as const };
      // One call first: a wrong URL, key or path fails here with its own message, before any load.
      let next: (i: number) => LoadCall;
      if (mcp) {
        const client = ctx.mcpClient(overrides);
        next = mcpCallMix(client, (await client.listTools()).nextCursor, invoke);
      } else {
        const client = ctx.client(overrides);
        next = callMix(
          client,
          (await client.listServers({ limit: 20 })).items.map((s) => s.server_name),
          invoke,
        );
      }
      const about = { url, protocol: ctx.protocol, simulator: sim !== undefined, invokes: invoke !== undefined };
      if (!ctx.json) {
        const target = mcp ? invoke?.tool : `${invoke?.server}/${invoke?.tool}`;
        const what = invoke === undefined ? 'reads only' : `reads and invokes of ${target}`;
        ctx.print(
          `load: ${url}${mcp ? ' over MCP' : ''}${sim === undefined ? '' : ' (embedded gateway simulator)'}, ${what}, ${concurrency} in flight, ${durationMs / 1000} s\n`,
        );
      }
      const run = await runClosedLoop({
        concurrency,
        durationMs,
        maxCalls,
        next,
        onCall: (done, failed) => ctx.progress.update(`load: ${count(done)} calls, ${count(failed)} failed`),
      });
      ctx.progress.done();
      const latency = summariseLatency(run.latenciesMs);
      const checked = checkTargets(run, latency, targets);
      printReport(ctx, about, run, latency, checked);
      return checked.every((t) => t.met) ? exitCodes.ok : exitCodes.targetMissed;
    } finally {
      await sim?.close();
    }
  },
};
