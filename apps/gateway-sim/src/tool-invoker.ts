import type { IncomingHttpHeaders } from 'node:http';
import { BoundedLog } from './bounded-log.js';
import type { Catalog } from './catalog.js';
import { IdempotencyStore } from './idempotency-store.js';
import { hashString } from './seeded-random.js';
import { detailResponse, errorResponse, type SimResponse } from './sim-response.js';

export interface InvocationRecord {
  server: string;
  tool: string;
  parameters: Record<string, unknown>;
  idempotencyKey?: string;
  requestId?: string;
  /** The tool actually ran for this request. */
  executed: boolean;
  /** The answer was replayed from the idempotency store. */
  replayed: boolean;
  at: number;
}

interface InvokeBody {
  server: string;
  tool: string;
  parameters: Record<string, unknown>;
}

const maxIdempotencyKeyLength = 255;

/** E4: validates an invoke, honours Idempotency-Key, runs the (pretend) tool and keeps the invocation log. */
export class ToolInvoker {
  readonly #log: BoundedLog<InvocationRecord>;
  readonly #idempotency: IdempotencyStore;
  readonly #executions = new Map<string, number>();

  constructor(
    private readonly seed: number,
    logCapacity: number,
    idempotencyCapacity: number,
  ) {
    this.#log = new BoundedLog(logCapacity);
    this.#idempotency = new IdempotencyStore(idempotencyCapacity);
  }

  get invocations(): InvocationRecord[] {
    return this.#log.toArray();
  }

  executions(server: string, tool: string): number {
    return this.#executions.get(executionKey(server, tool)) ?? 0;
  }

  /**
   * Answers an invoke. With `execute: false` the answer has the normal shape but the tool does not run
   * (a fault will mangle or drop it anyway).
   */
  invoke(
    catalog: Catalog,
    headers: IncomingHttpHeaders,
    rawBody: string | undefined,
    requireUserToken: boolean,
    execute: boolean,
  ): SimResponse {
    if (requireUserToken && !/^Bearer\s+\S/i.test(headers.authorization ?? '')) {
      return errorResponse(401, 'invoke needs a user token (Authorization: Bearer <token>)');
    }
    const parsed = parseInvokeBody(rawBody);
    if (typeof parsed === 'string') return detailResponse(400, parsed);
    const body = rawBody ?? '';
    const key = headerValue(headers['idempotency-key']);
    if (key !== undefined && (key.length === 0 || key.length > maxIdempotencyKeyLength)) {
      return detailResponse(400, `Idempotency-Key must be 1..${maxIdempotencyKeyLength} characters`);
    }
    // A preview (execute false) leaves the log to the caller, which records the scripted outcome once.
    const record = (executed: boolean, replayed: boolean) => {
      if (execute) this.#record(parsed, headers, key, executed, replayed);
    };
    if (key !== undefined) {
      const seen = this.#idempotency.lookup(key, body);
      if (seen.kind === 'conflict') {
        record(false, false);
        return errorResponse(
          409,
          'Idempotency-Key was already used with a different request body',
          'idempotency_conflict',
        );
      }
      if (seen.kind === 'replay') {
        record(false, true);
        return { ...seen.response, headers: { ...seen.response.headers, 'idempotent-replayed': 'true' } };
      }
    }
    const serverIndex = catalog.indexOf(parsed.server);
    if (serverIndex < 0) return errorResponse(404, `server not found: ${parsed.server}`);
    if (!catalog.findTool(serverIndex, parsed.tool)) {
      return errorResponse(404, `tool not found: ${parsed.tool} on ${parsed.server}`);
    }
    let execution = 0;
    if (execute) {
      const counterKey = executionKey(parsed.server, parsed.tool);
      execution = (this.#executions.get(counterKey) ?? 0) + 1;
      this.#executions.set(counterKey, execution);
    }
    const response: SimResponse = {
      status: 200,
      body: JSON.stringify({
        status: 'success',
        result: {
          server: parsed.server,
          tool: parsed.tool,
          execution,
          parameter_keys: Object.keys(parsed.parameters).sort(),
          value: this.#valueFor(parsed),
        },
      }),
    };
    record(execute, false);
    if (execute && key !== undefined) this.#idempotency.remember(key, body, response);
    return response;
  }

  /** Logs an invoke that a scripted step answered instead of the tool (when its body is readable). */
  recordUnexecuted(headers: IncomingHttpHeaders, rawBody: string | undefined): void {
    const parsed = parseInvokeBody(rawBody);
    if (typeof parsed === 'string') return;
    this.#record(parsed, headers, headerValue(headers['idempotency-key']), false, false);
  }

  reset(): void {
    this.#log.clear();
    this.#idempotency.clear();
    this.#executions.clear();
  }

  #record(
    call: InvokeBody,
    headers: IncomingHttpHeaders,
    key: string | undefined,
    executed: boolean,
    replayed: boolean,
  ): void {
    const requestId = headerValue(headers['x-request-id']);
    this.#log.push({
      server: call.server,
      tool: call.tool,
      parameters: call.parameters,
      ...(key === undefined ? {} : { idempotencyKey: key }),
      ...(requestId === undefined ? {} : { requestId }),
      executed,
      replayed,
      at: Date.now(),
    });
  }

  /** Deterministic in (seed, server, tool, parameters): the same call always yields the same value. */
  #valueFor(call: InvokeBody): string {
    const text = `${call.server}\u0000${call.tool}\u0000${stableJson(call.parameters)}`;
    return hashString(text, hashString(String(this.seed)))
      .toString(16)
      .padStart(8, '0');
  }
}

function parseInvokeBody(rawBody: string | undefined): InvokeBody | string {
  if (rawBody === undefined || rawBody === '') return 'request body is required: {"server", "tool", "parameters"}';
  let value: unknown;
  try {
    value = JSON.parse(rawBody);
  } catch {
    return 'request body is not valid JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'request body must be an object';
  const { server, tool, parameters } = value as Record<string, unknown>;
  if (typeof server !== 'string' || server === '') return 'server must be a non-empty string';
  if (typeof tool !== 'string' || tool === '') return 'tool must be a non-empty string';
  if (
    parameters !== undefined &&
    (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters))
  ) {
    return 'parameters must be an object';
  }
  return { server, tool, parameters: (parameters as Record<string, unknown> | undefined) ?? {} };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function executionKey(server: string, tool: string): string {
  return `${server}\u0000${tool}`;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
