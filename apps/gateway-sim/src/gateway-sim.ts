import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Socket } from 'node:net';
import { answerAdmin } from './admin-api.js';
import { BoundedLog } from './bounded-log.js';
import { CapacityGate, type LoadStats } from './capacity-gate.js';
import { Catalog, type PaginationKnobs } from './catalog.js';
import { isNormalStep, playStep } from './fault-player.js';
import { answerNormally, type GatewayCall, type GatewayMatch, type GatewaySettings } from './gateway.js';
import { drawLatency } from './latency-draw.js';
import { answerMcpAdmin } from './mcp/mcp-admin-api.js';
import { McpEndpoint } from './mcp/mcp-endpoint.js';
import type { McpSim } from './mcp/mcp-sim.js';
import {
  type Capacity,
  type GatewaySimOptions,
  type Latency,
  type ResolvedOptions,
  resolveOptions,
  validateCapacity,
  validateLatency,
  validatePagination,
  validateServerCount,
} from './options.js';
import { baseHeaders, writeResponse } from './response-writer.js';
import { matchRoute } from './route-table.js';
import { isSimRoute, type ScriptStep, type SimRoute, simRoutes, validateSteps } from './script-step.js';
import { type Random, seededRandom } from './seeded-random.js';
import { errorResponse } from './sim-response.js';
import { type InvocationRecord, ToolInvoker } from './tool-invoker.js';

export type RouteCounts = Record<SimRoute, number> & { total: number };

export interface LoggedRequest {
  /** The gateway route, or `other` for a path the gateway does not serve. */
  route: SimRoute | 'other';
  method: string;
  /** The request target exactly as it appeared on the request line. */
  rawUrl: string;
  /** Lower-case names, as received. */
  headers: IncomingHttpHeaders;
  body: string | undefined;
  at: number;
}

export interface GatewaySim {
  readonly url: string;
  readonly port: number;
  /** Replaces the route's pending steps; each request to the route consumes one, then behaviour is normal. */
  script(route: SimRoute, steps: readonly ScriptStep[]): void;
  /** Steps of a route not yet consumed. */
  pendingSteps(route: SimRoute): number;
  setLatency(latency: Latency): void;
  /** Bounds the REST routes' concurrency (`undefined`: unbounded); applies to requests from now on. */
  setCapacity(capacity: Capacity | undefined): void;
  /** What the capacity gate sees now; `peakActive` and `shed` count since the last reset. */
  readonly load: LoadStats;
  setPagination(pagination: Partial<PaginationKnobs>): void;
  /** Re-seeds the data with `count` servers (0 for an empty gateway). */
  setServers(count: number): void;
  /** Requests that reached the gateway (admin calls excluded), per route and in total. A snapshot. */
  readonly counts: RouteCounts;
  readonly requests: LoggedRequest[];
  readonly invocations: InvocationRecord[];
  /** The MCP endpoint at `/mcp`: its scripts, knobs and observations (not counted in `counts`). */
  readonly mcp: McpSim;
  /** How many times that tool actually ran. */
  executions(server: string, tool: string): number;
  /** Clears scripts, counters, logs and the idempotency store; keeps data and knobs. */
  reset(): void;
  /** Stops listening and destroys every open socket, hanging ones included. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

// Typical gateway keep-alive; clients with a pool idle timeout above it must cope with the server closing first.
const keepAliveTimeoutMs = 5_000;
const headersTimeoutMs = 10_000;
const requestTimeoutMs = 30_000;

export async function startGatewaySim(options: GatewaySimOptions = {}): Promise<GatewaySim> {
  const sim = new GatewaySimServer(resolveOptions(options));
  await sim.listen();
  return sim;
}

class GatewaySimServer implements GatewaySim {
  readonly #options: ResolvedOptions;
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #scripts = new Map<SimRoute, ScriptStep[]>();
  readonly #requests: BoundedLog<LoggedRequest>;
  readonly #invoker: ToolInvoker;
  readonly #settings: GatewaySettings;
  readonly #latencyRandom: Random;
  readonly #mcp: McpEndpoint;
  readonly #gate: CapacityGate;
  #counts: RouteCounts = zeroCounts();
  #latency: Latency;
  #port = 0;
  #closing: Promise<void> | undefined;

  constructor(options: ResolvedOptions) {
    this.#options = options;
    this.#latency = options.latency;
    this.#latencyRandom = seededRandom(options.seed ^ 0x1a7e9c);
    this.#gate = new CapacityGate(options.capacity);
    this.#requests = new BoundedLog(options.maxRequestLog);
    this.#invoker = new ToolInvoker(options.seed, options.maxRequestLog, options.maxIdempotencyKeys);
    this.#settings = {
      catalog: new Catalog(options.seed, options.servers, options.toolsPerServer),
      pagination: { ...options.pagination },
      apiKey: options.apiKey,
      requireUserToken: options.requireUserToken,
    };
    this.#mcp = new McpEndpoint(options.mcp, options.maxRequestLog, () => this.url, options.apiKey);
    this.#server = createServer({ keepAlive: true }, (req, res) => this.#onRequest(req, res));
    this.#server.keepAliveTimeout = keepAliveTimeoutMs;
    this.#server.headersTimeout = headersTimeoutMs;
    this.#server.requestTimeout = requestTimeoutMs;
    this.#server.on('connection', (socket: Socket) => {
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
    });
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(this.#options.port, this.#options.host, () => {
        this.#server.off('error', reject);
        const address = this.#server.address();
        this.#port = typeof address === 'object' && address !== null ? address.port : this.#options.port;
        resolve();
      });
    });
  }

  get port(): number {
    return this.#port;
  }

  get url(): string {
    const host = this.#options.host.includes(':') ? `[${this.#options.host}]` : this.#options.host;
    return `http://${host}:${this.#port}`;
  }

  get counts(): RouteCounts {
    return { ...this.#counts };
  }

  get requests(): LoggedRequest[] {
    return this.#requests.toArray();
  }

  get invocations(): InvocationRecord[] {
    return this.#invoker.invocations;
  }

  get mcp(): McpSim {
    return this.#mcp;
  }

  script(route: SimRoute, steps: readonly ScriptStep[]): void {
    if (!isSimRoute(route)) throw new TypeError(`unknown route ${String(route)}; use one of ${simRoutes.join(', ')}`);
    this.#scripts.set(route, validateSteps(steps));
  }

  pendingSteps(route: SimRoute): number {
    return this.#scripts.get(route)?.length ?? 0;
  }

  setLatency(latency: Latency): void {
    this.#latency = validateLatency(latency);
  }

  setCapacity(capacity: Capacity | undefined): void {
    this.#gate.capacity = validateCapacity(capacity);
  }

  get load(): LoadStats {
    return this.#gate.stats;
  }

  setPagination(pagination: Partial<PaginationKnobs>): void {
    Object.assign(this.#settings.pagination, validatePagination(pagination));
  }

  setServers(count: number): void {
    validateServerCount(count);
    this.#settings.catalog = new Catalog(this.#options.seed, count, this.#options.toolsPerServer);
  }

  executions(server: string, tool: string): number {
    return this.#invoker.executions(server, tool);
  }

  reset(): void {
    this.#scripts.clear();
    this.#counts = zeroCounts();
    this.#requests.clear();
    this.#invoker.reset();
    this.#mcp.reset();
    this.#gate.resetStats();
  }

  close(): Promise<void> {
    this.#closing ??= new Promise<void>((resolve) => {
      for (const timer of this.#timers) clearTimeout(timer);
      this.#timers.clear();
      this.#mcp.close();
      this.#server.close(() => resolve());
      for (const socket of this.#sockets) socket.destroy();
      this.#server.closeAllConnections();
    });
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #onRequest(req: IncomingMessage, res: ServerResponse): void {
    // A reply to a peer that vanished must never crash the process.
    res.on('error', () => {});
    const rawUrl = req.url ?? '/';
    const match = matchRoute(rawUrl);
    if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) {
      this.#dispatch(req, res, match, rawUrl, undefined, false);
      return;
    }
    const limit = this.#options.maxRequestBodyBytes;
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => {
      const body = size === 0 ? undefined : Buffer.concat(chunks).toString('utf8');
      this.#dispatch(req, res, match, rawUrl, body, size > limit);
    });
    req.on('error', () => {});
  }

  #dispatch(
    req: IncomingMessage,
    res: ServerResponse,
    match: ReturnType<typeof matchRoute>,
    rawUrl: string,
    body: string | undefined,
    tooLarge: boolean,
  ): void {
    const base = baseHeaders(req.headers['x-request-id']);
    const method = req.method ?? 'GET';
    if (match.route === 'admin' && match.action.startsWith('mcp/')) {
      writeResponse(res, answerMcpAdmin(this.#mcp, match.action.slice(4), method, match.query, body), base);
      return;
    }
    if (match.route === 'admin') {
      writeResponse(res, answerAdmin(this, match.action, method, match.query, body), base);
      return;
    }
    if (isMcpPath(rawUrl)) {
      if (tooLarge) writeResponse(res, errorResponse(413, 'request body too large'), base);
      else this.#mcp.handle(req, res, body, mcpBaseHeaders(base));
      return;
    }
    const route = match.route;
    this.#counts.total++;
    if (route !== 'other') this.#counts[route]++;
    this.#requests.push({ route, method, rawUrl, headers: req.headers, body, at: Date.now() });
    if (tooLarge) {
      writeResponse(res, errorResponse(413, 'request body too large'), base);
      return;
    }
    const step = route === 'other' ? undefined : this.#scripts.get(route)?.shift();
    const call: GatewayCall = { match: match as GatewayMatch, method, headers: req.headers, body };
    const admitted = this.#gate.admit(
      () => this.#answer(req, res, call, step, base),
      () => req.socket.destroyed,
    );
    if (!admitted) writeResponse(res, errorResponse(503, 'gateway overloaded'), base);
  }

  #answer(
    req: IncomingMessage,
    res: ServerResponse,
    call: GatewayCall,
    step: ScriptStep | undefined,
    base: Record<string, string>,
  ): Promise<void> | undefined {
    const latencyMs = drawLatency(this.#latency, this.#latencyRandom);
    if (latencyMs === 0 && step === undefined) {
      writeResponse(res, answerNormally(call, this.#settings, this.#invoker, true), base);
      return undefined;
    }
    return this.#answerLater(req, res, call, step, latencyMs, base);
  }

  async #answerLater(
    req: IncomingMessage,
    res: ServerResponse,
    call: GatewayCall,
    step: ScriptStep | undefined,
    latencyMs: number,
    base: Record<string, string>,
  ): Promise<void> {
    if (latencyMs > 0) await this.#delay(latencyMs);
    if (step === undefined) {
      writeResponse(res, answerNormally(call, this.#settings, this.#invoker, true), base);
      return;
    }
    const route = call.match.route as SimRoute;
    if (route === 'invoke' && !isNormalStep(step)) this.#invoker.recordUnexecuted(call.headers, call.body);
    try {
      await playStep(step, {
        req,
        res,
        route,
        base,
        normal: () => answerNormally(call, this.#settings, this.#invoker, true),
        preview: () => answerNormally(call, this.#settings, this.#invoker, false),
        delay: (ms) => this.#delay(ms),
      });
    } catch {
      res.destroy();
    }
  }

  #delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      this.#timers.add(timer);
    });
  }
}

function isMcpPath(rawUrl: string): boolean {
  return rawUrl === '/mcp' || rawUrl.startsWith('/mcp?');
}

/** The MCP endpoint sets its own content types; it keeps only the echoed request id. */
function mcpBaseHeaders(base: Record<string, string>): Record<string, string> {
  const { 'content-type': _, ...rest } = base;
  return rest;
}

function zeroCounts(): RouteCounts {
  return { listServers: 0, getServer: 0, listTools: 0, invoke: 0, health: 0, total: 0 };
}
