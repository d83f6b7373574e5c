import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { createRegoEvaluator, type RegoEvaluator } from './rego-evaluator.js';
import type { ScriptStep } from './script-step.js';

/** What to put under `result` for a decision; undefined means the document is undefined (OPA answers `{}`). */
export type Decide = (input: unknown, path: string) => unknown;

export interface OpaTestServerOptions {
  port?: number;
  host?: string;
  /** scripted: `decide` answers (fast). rego: the policy is evaluated by OPA 0.47's WebAssembly evaluator. */
  mode?: 'scripted' | 'rego';
  decide?: Decide;
  /** Rego source (rego mode). */
  policy?: string;
  /** Base documents for rego mode, under `data.<key>`. */
  data?: Readonly<Record<string, unknown>>;
  /** Added before every decision answer. */
  latencyMs?: number;
  /** How many inputs `inputs` keeps (oldest dropped). Default 1000. */
  maxLoggedInputs?: number;
}

export interface OpaTestServer {
  readonly url: string;
  readonly port: number;
  /** Replaces the pending per-request overrides; each decision request consumes one. */
  script(steps: readonly ScriptStep[]): void;
  /** Decision requests received (POST /v1/data/...). */
  readonly calls: number;
  /** Inputs of decision requests, oldest first (bounded). */
  readonly inputs: unknown[];
  /** Paths of decision requests, oldest first (bounded). */
  readonly paths: string[];
  setDecide(decide: Decide): void;
  setLatency(latencyMs: number): void;
  /** Clears scripts, counters and logs. */
  reset(): void;
  close(): Promise<void>;
}

const maxBodyBytes = 1024 * 1024;

/** An HTTP server that answers OPA's REST API for data queries, in scripted or real-Rego mode. */
export async function startOpaTestServer(options: OpaTestServerOptions = {}): Promise<OpaTestServer> {
  const mode = options.mode ?? 'scripted';
  let evaluator: RegoEvaluator | undefined;
  if (mode === 'rego') {
    if (options.policy === undefined) throw new Error('rego mode needs a policy');
    evaluator = await createRegoEvaluator({ policy: options.policy, data: options.data ?? {} });
  }
  let decide: Decide = options.decide ?? (() => ({ allow: true }));
  let latencyMs = options.latencyMs ?? 0;
  const maxLogged = options.maxLoggedInputs ?? 1000;
  let steps: ScriptStep[] = [];
  let calls = 0;
  let inputs: unknown[] = [];
  let paths: string[] = [];
  const sockets = new Set<Socket>();
  const closing = new AbortController();

  async function answerDecision(path: string, input: unknown, res: ServerResponse, socket: Socket): Promise<void> {
    const step = steps.shift();
    if (latencyMs > 0) await delay(latencyMs, undefined, { signal: closing.signal });
    if (step !== undefined) {
      if ('fault' in step) {
        if (step.fault === 'hang') return; // the socket stays open until the client gives up or we close
        if (step.fault === 'reset') {
          socket.destroy();
          return;
        }
        await delay(step.delayMs ?? 1_000, undefined, { signal: closing.signal });
      } else if ('status' in step) {
        const body = typeof step.body === 'string' ? step.body : JSON.stringify(step.body ?? {});
        res.writeHead(step.status, { 'content-type': 'application/json' }).end(body);
        return;
      } else if ('result' in step) {
        sendJson(res, 200, { result: step.result });
        return;
      } else {
        sendJson(res, 200, {});
        return;
      }
    }
    if (evaluator !== undefined) {
      const outcome = await evaluator.evaluate(path, input);
      if (outcome.kind === 'error') sendJson(res, 500, { code: 'internal_error', message: outcome.message });
      else sendJson(res, 200, outcome.kind === 'result' ? { result: outcome.value } : {});
      return;
    }
    const result = decide(input, path);
    sendJson(res, 200, result === undefined ? {} : { result });
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === '/health') {
      sendJson(res, 200, {});
      return;
    }
    const match = /^\/v1\/data(?:\/(.*))?$/.exec(url.pathname);
    if (match === null) {
      sendJson(res, 404, { code: 'resource_not_found', message: `unknown path ${url.pathname}` });
      return;
    }
    if (req.method !== 'POST') {
      sendJson(res, 405, { code: 'method_not_allowed', message: 'the test server answers POST /v1/data only' });
      return;
    }
    const path = decodeURIComponent(match[1] ?? '').replace(/\/+$/, '');
    const text = await readBody(req);
    if (text === undefined) {
      sendJson(res, 413, { code: 'invalid_parameter', message: 'request body too large' });
      return;
    }
    let input: unknown;
    if (text.trim().length > 0) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        sendJson(res, 400, { code: 'invalid_parameter', message: 'body contains malformed input document' });
        return;
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        sendJson(res, 400, { code: 'invalid_parameter', message: 'body must be an object' });
        return;
      }
      input = (parsed as { input?: unknown }).input;
    }
    calls++;
    inputs.push(input);
    paths.push(path);
    if (inputs.length > maxLogged) inputs = inputs.slice(-maxLogged);
    if (paths.length > maxLogged) paths = paths.slice(-maxLogged);
    await answerDecision(path, input, res, req.socket);
  }

  const server: Server = createServer((req, res) => {
    onRequest(req, res).catch((error: unknown) => {
      if (closing.signal.aborted) return;
      if (!res.headersSent) sendJson(res, 500, { code: 'internal_error', message: String(error) });
      else res.destroy();
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    script(next) {
      steps = [...next];
    },
    get calls() {
      return calls;
    },
    get inputs() {
      return inputs;
    },
    get paths() {
      return paths;
    },
    setDecide(next) {
      decide = next;
    },
    setLatency(next) {
      latencyMs = next;
    },
    reset() {
      steps = [];
      calls = 0;
      inputs = [];
      paths = [];
    },
    async close() {
      closing.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      await evaluator?.close();
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > maxBodyBytes ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
