import type { InvokeResult, InvokeToolOptions } from '@mcpgw/core';
import { type GatewaySim, type GatewaySimOptions, startGatewaySim } from '@mcpgw/gateway-sim';
import { type OpaTestServer, type OpaTestServerOptions, startOpaTestServer } from '@mcpgw/opa-test-server';
import {
  type CreateGatewayClientOptions,
  createGatewayClient,
  type PresetGatewayClient,
  type PresetMcpClient,
} from '@mcpgw/preset';
import { type RedisServer, startRedisServer } from '@mcpgw/redis-test-server';
import { pino } from 'pino';
import { canary, jwtSecret } from './canary.js';
import { logHolds, parseLogSpec } from './log-spec.js';
import { mcpDoubleRuns } from './mcp-double-runs.js';
import { parseMetricSpec, specHolds } from './metric-spec.js';
import { doubleRuns } from './no-double-runs.js';
import type { TelemetryCapture } from './telemetry-capture.js';

/** How far past its own timeout a call may settle before the suite calls it a hang (a bound, not a speed check). */
export const DEADLINE_MARGIN_MS = 5_000;
export const DEFAULT_CALL_TIMEOUT_MS = 10_000;

export type CallOutcome<T> =
  | { ok: true; value: T; elapsedMs: number }
  | { ok: false; error: unknown; elapsedMs: number };

/** One row of the chaos matrix: what is broken, what the caller gets, and the metric and log line that show it. */
export interface ChaosScenario {
  /** The test name; also the matrix row's `test` cell. */
  readonly name: string;
  readonly fault: string;
  readonly expected: string;
  /** `name{label="value"}` with an optional `>= N` / `= N`; checked against the client's exposition. */
  readonly metric: string;
  /** `"msg" field=value`; checked against the client's pino lines. */
  readonly log: string;
  /** Set while the row fails because of a bug elsewhere: the test is registered with `test.fails` until it is fixed. */
  readonly knownBug?: string;
  run(ctx: ChaosContext): Promise<void>;
}

let clientCounter = 0;

/**
 * What a scenario runs in: a gateway simulator holding the canary API key, clients through the preset with every
 * line, metric, span and error captured, and the helpers that hold each call to its deadline.
 */
export class ChaosContext {
  readonly capture: TelemetryCapture;
  readonly sims: GatewaySim[] = [];
  readonly #clients: Array<PresetGatewayClient | PresetMcpClient> = [];
  readonly #opas: OpaTestServer[] = [];
  readonly #redis: RedisServer[] = [];
  readonly #cleanups: Array<() => Promise<void> | void> = [];
  readonly #snapshots: string[] = [];
  #sim: GatewaySim | undefined;

  constructor(capture: TelemetryCapture) {
    this.capture = capture;
  }

  get sim(): GatewaySim {
    if (this.#sim === undefined) throw new Error('call ctx.start() first');
    return this.#sim;
  }

  async start(options: GatewaySimOptions = {}): Promise<GatewaySim> {
    this.#sim = await this.startSim(options);
    return this.#sim;
  }

  /** Another simulator (tracked: its invoke log is checked and it is closed at the end). */
  async startSim(options: GatewaySimOptions = {}): Promise<GatewaySim> {
    const sim = await startGatewaySim({ apiKey: canary.apiKey, ...options });
    this.sims.push(sim);
    return sim;
  }

  async opa(options: OpaTestServerOptions = {}): Promise<OpaTestServer> {
    const server = await startOpaTestServer(options);
    this.#opas.push(server);
    return server;
  }

  /** OPA options of the preset that verify the canary user token. */
  opaOptions(url: string, extra: Record<string, unknown> = {}): NonNullable<CreateGatewayClientOptions['opa']> {
    return { url, timeoutMs: 1_000, jwt: { secret: jwtSecret }, decisionCache: false, ...extra };
  }

  async redis(port?: number): Promise<RedisServer> {
    const server = await startRedisServer(port);
    this.#redis.push(server);
    return server;
  }

  onCleanup(fn: () => Promise<void> | void): void {
    this.#cleanups.push(fn);
  }

  /** A preset client on the current simulator with the canary API key and everything captured. */
  client(overrides: Partial<CreateGatewayClientOptions> & { protocol?: 'rest' } = {}): PresetGatewayClient {
    const client = createGatewayClient({
      baseUrl: this.#sim?.url ?? 'http://127.0.0.1:9',
      ...this.#captured(),
      ...overrides,
      protocol: 'rest',
    });
    this.#clients.push(client);
    return client;
  }

  /** A preset `protocol: 'mcp'` client on the current simulator's `/mcp`, captured like `client()`. */
  mcpClient(overrides: Partial<CreateGatewayClientOptions> = {}): PresetMcpClient {
    const client = createGatewayClient({
      baseUrl: this.#sim === undefined ? 'http://127.0.0.1:9/mcp' : `${this.#sim.url}/mcp`,
      ...this.#captured(),
      ...overrides,
      protocol: 'mcp',
    });
    this.#clients.push(client);
    return client;
  }

  /** The options every chaos client shares: the canary API key, everything captured, short retries. */
  #captured() {
    return {
      apiKey: canary.apiKey,
      name: `chaos-${++clientCounter}`,
      logger: pino({ level: 'debug' }, this.capture.sink),
      logging: { level: 'debug' as const },
      tracing: { tracerProvider: this.capture.tracerProvider },
      timeouts: { attemptMs: 2_000, totalMs: DEFAULT_CALL_TIMEOUT_MS, connectMs: 1_000 },
      retry: { baseDelayMs: 10, maxDelayMs: 200 },
    };
  }

  /** The canary invoke: a non-idempotent call carrying the canary user token and parameter value. */
  invoke(
    client: PresetGatewayClient,
    extra: Partial<InvokeToolOptions> = {},
  ): (timeoutMs: number) => Promise<InvokeResult> {
    return (timeoutMs) =>
      client.invokeTool({
        server: 'postgres-mcp',
        tool: 'execute_query',
        parameters: { query: canary.parameterValue, password: canary.parameterValue },
        user: canary.userToken,
        timeoutMs,
        ...extra,
      });
  }

  /**
   * Runs one call with a `timeoutMs` and holds it to that bound plus `DEADLINE_MARGIN_MS`: a call still pending
   * then fails the scenario as a hang. Errors are recorded for the canary scan.
   */
  async call<T>(
    run: (timeoutMs: number) => Promise<T>,
    timeoutMs: number = DEFAULT_CALL_TIMEOUT_MS,
  ): Promise<CallOutcome<T>> {
    const start = performance.now();
    let watchdog: NodeJS.Timeout | undefined;
    const hang = new Promise<never>((_, reject) => {
      watchdog = setTimeout(
        () => reject(new Error(`a call outlived its deadline: still pending ${timeoutMs + DEADLINE_MARGIN_MS} ms`)),
        timeoutMs + DEADLINE_MARGIN_MS,
      );
    });
    try {
      const value = await Promise.race([run(timeoutMs), hang]);
      return { ok: true, value, elapsedMs: performance.now() - start };
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('a call outlived its deadline')) throw error;
      this.capture.errors.push(error);
      return { ok: false, error, elapsedMs: performance.now() - start };
    } finally {
      clearTimeout(watchdog);
    }
  }

  /** The error of a call that must fail. */
  async failure(run: (timeoutMs: number) => Promise<unknown>, timeoutMs?: number): Promise<unknown> {
    const outcome = await this.call(run, timeoutMs);
    if (outcome.ok) throw new Error('the call was expected to fail but succeeded');
    return outcome.error;
  }

  /** The value of a call that must succeed. */
  async success<T>(run: (timeoutMs: number) => Promise<T>, timeoutMs?: number): Promise<T> {
    const outcome = await this.call(run, timeoutMs);
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  /** Current exposition of every client (read before close: closing a client removes its metrics). */
  async expositions(): Promise<string[]> {
    const texts: string[] = [];
    for (const client of this.#clients) {
      const registry = client.metrics?.registry;
      if (registry !== undefined) texts.push(await registry.metrics());
    }
    return texts;
  }

  /** Keeps the clients' current expositions for the row's metric check (for a client closed before the end). */
  async snapshotMetrics(): Promise<void> {
    this.#snapshots.push(...(await this.expositions()));
  }

  /**
   * The checks every row shares, then the cleanup: the row's metric and log line are there, no invoke ran twice.
   * Everything is released even when a check fails.
   */
  async finish(scenario: Pick<ChaosScenario, 'metric' | 'log'>): Promise<void> {
    const problems: string[] = [];
    try {
      const expositions = [...this.#snapshots.splice(0), ...(await this.expositions())];
      this.capture.expositions.push(...expositions);
      if (!specHolds(expositions, parseMetricSpec(scenario.metric))) {
        problems.push(`metric not shown: ${scenario.metric}`);
      }
      if (!logHolds(this.capture.records(), parseLogSpec(scenario.log))) {
        problems.push(`log line not written: ${scenario.log}`);
      }
      problems.push(...doubleRuns(this.sims));
      problems.push(...mcpDoubleRuns(this.sims));
    } finally {
      await this.dispose();
    }
    if (problems.length > 0) throw new Error(problems.join('\n'));
  }

  async dispose(): Promise<void> {
    const clients = this.#clients.splice(0);
    await Promise.allSettled(clients.map((client) => client.close({ drainTimeoutMs: 1_000 })));
    for (const fn of this.#cleanups.splice(0).reverse()) await fn();
    await Promise.allSettled([
      ...this.sims.map((sim) => sim.close()),
      ...this.#opas.splice(0).map((opa) => opa.close()),
      ...this.#redis.splice(0).map((redis) => redis.kill()),
    ]);
  }
}
