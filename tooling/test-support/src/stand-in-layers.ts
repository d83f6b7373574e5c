/**
 * Test stand-ins for the retry, breaker, cache and authorization layers, for the tests of packages that must not
 * depend on those layers (metrics, logging, tracing). They publish the same core events those layers publish, and
 * the authorization stand-in makes a real HTTP call to an OPA stub through a core transport, as the real one does.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AuthorizationDeniedError,
  type AuthzEvent,
  type BreakerStateEvent,
  buildRequest,
  type CacheEvent,
  type CacheStatus,
  CircuitOpenError,
  channels,
  createTransport,
  type GatewayRequest,
  type GatewayResponse,
  HttpError,
  isGatewayError,
  type Middleware,
  type RetryBudgetEvent,
  type RetryEvent,
} from '@mcpgw/core';

function publish(channel: { hasSubscribers: boolean; publish(message: unknown): void }, message: unknown): void {
  if (channel.hasSubscribers) channel.publish(message);
}

export function standInRetry(options: { maxAttempts: number; budget?: number }): Middleware {
  let budget = options.budget ?? Number.POSITIVE_INFINITY;
  return (next) => async (request) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await next({ ...request, attempt });
      } catch (error) {
        if (!isGatewayError(error) || !error.retryable || attempt >= options.maxAttempts) throw error;
        const call = { client: request.client, operation: request.operation, requestId: request.requestId };
        if (budget <= 0) {
          publish(channels.retryBudgetExhausted, { ...call, attempt, error } satisfies RetryBudgetEvent);
          throw error;
        }
        budget--;
        const reason = error instanceof HttpError ? `status:${error.status}` : error.code;
        publish(channels.retry, { ...call, attempt, delayMs: 0, reason, error } satisfies RetryEvent);
      }
    }
  };
}

export function standInBreaker(options: { failuresToOpen: number }): Middleware {
  const failures = new Map<string, number>();
  return (next) => async (request) => {
    if ((failures.get(request.origin) ?? 0) >= options.failuresToOpen) {
      throw new CircuitOpenError(request.origin, Date.now() + 60_000);
    }
    try {
      const response = await next(request);
      failures.set(request.origin, 0);
      return response;
    } catch (error) {
      const count = (failures.get(request.origin) ?? 0) + 1;
      failures.set(request.origin, count);
      if (count === options.failuresToOpen) {
        const event: BreakerStateEvent = {
          client: request.client,
          upstream: request.origin,
          from: 'closed',
          to: 'open',
          nextAttemptAt: Date.now() + 60_000,
        };
        publish(channels.breakerState, event);
      }
      throw error;
    }
  };
}

export interface StandInCache extends Middleware {
  /** Makes every entry stale: the next lookup answers from it with `stale`. */
  expireAll(): void;
  stats(): { entries: number; bytes: number; evictions: number };
}

export function standInCache(): StandInCache {
  const entries = new Map<string, { response: GatewayResponse; stale: boolean; bytes: number }>();
  const layer: Middleware = (next) => async (request) => {
    if (!request.cacheable) return next(request);
    const key = `${request.operation} ${request.path}?${JSON.stringify(request.query ?? {})}`;
    const found = entries.get(key);
    const report = (result: CacheStatus) =>
      publish(channels.cache, {
        client: request.client,
        operation: request.operation,
        requestId: request.requestId,
        result,
        store: 'memory',
      } satisfies CacheEvent);
    if (found) {
      const result = found.stale ? 'stale' : 'hit';
      report(result);
      return { ...found.response, cache: result };
    }
    report('miss');
    const response = await next(request);
    entries.set(key, { response, stale: false, bytes: JSON.stringify(response.body).length });
    return { ...response, cache: 'miss' };
  };
  return Object.assign(layer, {
    expireAll() {
      for (const entry of entries.values()) entry.stale = true;
    },
    stats() {
      let bytes = 0;
      for (const entry of entries.values()) bytes += entry.bytes;
      return { entries: entries.size, bytes, evictions: 0 };
    },
  });
}

export interface OpaStub {
  readonly url: string;
  /** Tool names the stub policy denies. */
  readonly deniedTools: Set<string>;
  readonly inputs: unknown[];
  close(): Promise<void>;
}

/** A minimal OPA REST endpoint: allows every tool except `deniedTools`. */
export async function startOpaStub(): Promise<OpaStub> {
  const deniedTools = new Set<string>();
  const inputs: unknown[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const input = (JSON.parse(body) as { input: { tool_name: string } }).input;
      inputs.push(input);
      const allow = !deniedTools.has(input.tool_name);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ result: { allow, reason: allow ? 'ok' : 'tool not allowed' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    deniedTools,
    inputs,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface StandInAuthz extends Middleware {
  close(): Promise<void>;
}

/** Asks OPA over HTTP, through a core transport, with attempts published under the operation `opa.decision`. */
export function standInAuthz(options: { opaUrl: string }): StandInAuthz {
  const transport = createTransport();
  const origin = new URL(options.opaUrl).origin;
  const layer: Middleware = (next) => async (request: GatewayRequest) => {
    if (!request.authorize) return next(request);
    const started = performance.now();
    const body = request.body?.value as { server: string; tool: string; parameters: unknown };
    const decision = await transport(
      buildRequest({
        client: request.client,
        operation: 'opa.decision',
        origin,
        path: '/v1/data/mcp/gateway/decision',
        method: 'POST',
        requestId: request.requestId,
        body: { input: { server_name: body.server, tool_name: body.tool, parameters: body.parameters } },
      }),
    );
    const result = (decision.body as { result: { allow: boolean; reason: string } }).result;
    const event: AuthzEvent = {
      client: request.client,
      operation: request.operation,
      requestId: request.requestId,
      decision: result.allow ? 'allow' : 'deny',
      cached: false,
      durationMs: performance.now() - started,
      reason: result.reason,
    };
    publish(channels.authz, event);
    if (!result.allow) throw new AuthorizationDeniedError(result.reason);
    return next(request);
  };
  return Object.assign(layer, { close: () => transport.close() });
}
