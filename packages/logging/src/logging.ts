import type {
  AuthzEvent,
  BreakerStateEvent,
  CacheStoreEvent,
  ConfigIssue,
  FleetStateEvent,
  HedgeEvent,
  LimitEvent,
  OperationEvent,
  RetryBudgetEvent,
  RetryEvent,
} from '@mcpgw/core';
import { ConfigError, channels } from '@mcpgw/core';
import { ChannelSubscriptions, mcpMessageOf, secretsOf } from '@mcpgw/core/kit';
import { type Level, type Logger, pino } from 'pino';
import { isCallerError } from './caller-error.js';
import { errorCodeOf, errorFields } from './error-fields.js';
import { ErrorRateLimiter } from './error-rate-limiter.js';
import { defaultRedactPaths } from './redact-paths.js';

export interface LoggingOptions {
  /** Default: a new pino logger writing to stdout. */
  logger?: Logger;
  /** Level of the observer's logger. Default `info` (the user's logger keeps its own level when not given). */
  level?: Level;
  /** Operations slower than this are logged at warn with their timing. Default 1000. */
  slowMs?: number;
  /** Error lines per error code and window; the rest become one line with the suppressed count. */
  errorRateLimit?: { max?: number; windowMs?: number };
  /** Extra pino redaction paths. */
  redact?: string[];
  /** Log only events of the client with this name. Default: every client. */
  client?: string;
}

/** Subscribed to core's channels from the moment `logging()` returns; not a layer, so never composed. */
export interface LoggingObserver {
  /** Unsubscribes and writes the pending suppressed counts. */
  close(): void;
  /** The same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** @deprecated The name of `LoggingObserver` before it stopped being a (pass-through) middleware. */
export type LoggingLayer = LoggingObserver;

const CENSOR = '[redacted]';

/**
 * pino lines from core's events: one per finished operation (debug; warn when slow; error when it failed, rate
 * limited per error code; info for a caller error, see `callerErrorStatuses`), one per retry, budget refusal, breaker change, cache store problem and fail-open
 * decision. Every per-call line carries `requestId`, `operation` and `client`, and an MCP operation's line its
 * `mcpMethod`, `tool` (or `prompt`) and JSON-RPC `rpcId`; none carries a header value, a parameter, a body or a
 * session id.
 */
export function logging(options: LoggingOptions = {}): LoggingObserver {
  const slowMs = options.slowMs ?? 1000;
  const max = options.errorRateLimit?.max ?? 10;
  const windowMs = options.errorRateLimit?.windowMs ?? 10_000;
  checkOptions(slowMs, max, windowMs, options.redact);
  const redact = { paths: [...defaultRedactPaths, ...(options.redact ?? [])], censor: CENSOR };
  const log: Logger = options.logger
    ? options.logger.child({}, { redact, ...(options.level ? { level: options.level } : {}) })
    : pino({ level: options.level ?? 'info', redact });
  const ours = (client: string) => options.client === undefined || client === options.client;
  const limiter = new ErrorRateLimiter({
    max,
    windowMs,
    onSuppressed: (code, count) => log.error({ code, suppressed: count, windowMs }, 'error lines suppressed'),
  });
  // Caller errors have a limiter of their own: a storm of 404s must not spend the error lines, nor page when counted.
  const callerLimiter = new ErrorRateLimiter({
    max,
    windowMs,
    onSuppressed: (code, count) => log.info({ code, suppressed: count, windowMs }, 'caller error lines suppressed'),
  });
  const subscriptions = new ChannelSubscriptions();

  subscriptions.on<OperationEvent>(channels.requestEnd, (event) => {
    if (!ours(event.client)) return;
    const error = event.error;
    const slow = event.durationMs !== undefined && event.durationMs > slowMs;
    // Decide before building anything: the common case (success, not slow, debug off) must cost next to nothing.
    if (error === undefined && !slow && !log.isLevelEnabled('debug')) return;
    const durationMs = event.durationMs === undefined ? undefined : Math.round(event.durationMs * 1000) / 1000;
    if (error !== undefined) {
      // A caller error (a 404 for a missing server, see callerErrorStatuses) is the caller's to handle: info, not error.
      const callerError = isCallerError(error);
      const level = callerError ? 'info' : 'error';
      if (!log.isLevelEnabled(level) || !(callerError ? callerLimiter : limiter).allow(errorCodeOf(error))) return;
      log[level](
        {
          requestId: event.requestId,
          operation: event.operation,
          client: event.client,
          durationMs,
          attempts: attemptsOf(event),
          ...mcpFields(event),
          ...errorFields(error, secretsOf(event.request)),
          ...(callerError ? { callerError: true } : {}),
        },
        'operation failed',
      );
      return;
    }
    const response = event.response;
    const fields = {
      requestId: event.requestId,
      operation: event.operation,
      client: event.client,
      ...mcpFields(event),
      durationMs,
      status: response?.status,
      attempts: response?.attempts,
      cache: response?.cache,
      slowMs: slow ? slowMs : undefined,
    };
    if (slow) log.warn(fields, 'slow operation');
    else log.debug(fields, 'operation finished');
  });
  subscriptions.on<RetryEvent>(channels.retry, (event) => {
    if (!ours(event.client)) return;
    log.warn({ ...retryFields(event), delayMs: event.delayMs, reason: event.reason }, 'retrying');
  });
  subscriptions.on<RetryBudgetEvent>(channels.retryBudgetExhausted, (event) => {
    if (!ours(event.client)) return;
    log.warn(retryFields(event), 'retry refused: retry budget exhausted');
  });
  // Debug only: a hedge is the layer working as meant, at up to its budget's share of calls.
  subscriptions.on<HedgeEvent>(channels.hedge, (event) => {
    if (!ours(event.client) || !log.isLevelEnabled('debug')) return;
    const { requestId, operation, client, branch, delayMs } = event;
    log.debug({ requestId, operation, client, branch, delayMs }, `hedge ${event.result}`);
  });
  // Debug only: an adaptive limit moves up to once per window (5 a second by default) while it follows the gateway.
  subscriptions.on<LimitEvent>(channels.limit, (event) => {
    if (!ours(event.client) || !log.isLevelEnabled('debug')) return;
    const { client, from, to, reason, shortRttMs, longRttMs } = event;
    log.debug({ client, from, to, reason, shortRttMs, longRttMs }, `concurrency limit ${from} → ${to}`);
  });
  subscriptions.on<BreakerStateEvent>(channels.breakerState, (event) => {
    if (!ours(event.client)) return;
    const fields = { client: event.client, upstream: event.upstream, from: event.from, to: event.to };
    if (event.to === 'open') log.warn({ ...fields, nextAttemptAt: event.nextAttemptAt }, 'circuit opened');
    else log.info(fields, `circuit ${event.to}`);
  });
  subscriptions.on<CacheStoreEvent>(channels.cacheStore, (event) => {
    const fields = { store: event.store, state: event.state, ...(event.error ? errorFields(event.error) : {}) };
    if (event.state === 'available') log.info(fields, 'cache store available');
    else log.warn(fields, event.state === 'unavailable' ? 'cache store unavailable' : 'cache store call failed');
  });
  subscriptions.on<FleetStateEvent>(channels.fleet, (event) => {
    if (!ours(event.client)) return;
    const fields = { client: event.client, fleet: event.fleet, state: event.state };
    if (event.state === 'shared') log.info(fields, 'fleet state shared');
    else log.warn({ ...fields, reason: event.reason }, 'fleet state local: this process decides alone');
  });
  subscriptions.on<AuthzEvent>(channels.authz, (event) => {
    if (!ours(event.client) || event.decision !== 'fail-open') return;
    log.warn(
      { requestId: event.requestId, operation: event.operation, client: event.client },
      'authorization unavailable: call let through (fail open)',
    );
  });

  let closed = false;
  return {
    close() {
      if (closed) return;
      closed = true;
      subscriptions.close();
      limiter.flush();
      callerLimiter.flush();
    },
    async [Symbol.asyncDispose]() {
      this.close();
    },
  };
}

/** The fields of a retry line and of a budget refusal's, correlation ids first as on every per-call line. */
function retryFields(event: RetryBudgetEvent): Record<string, unknown> {
  return {
    requestId: event.requestId,
    operation: event.operation,
    client: event.client,
    attempt: event.attempt,
    ...errorFields(event.error),
  };
}

/**
 * What an MCP line says about its message: the JSON-RPC method, the tool (or prompt) and the JSON-RPC id. Never the
 * arguments, and never the session id (a credential).
 */
function mcpFields(event: OperationEvent): Record<string, string> | undefined {
  const facts = mcpMessageOf(event.request);
  if (facts === undefined) return undefined;
  const fields: Record<string, string> = {};
  if (facts.method !== undefined) fields.mcpMethod = facts.method;
  if (facts.tool !== undefined) fields.tool = facts.tool;
  if (facts.prompt !== undefined) fields.prompt = facts.prompt;
  if (facts.id !== undefined) fields.rpcId = facts.id;
  return fields;
}

function attemptsOf(event: OperationEvent): number | undefined {
  const attempts = (event.error as { attempts?: unknown }).attempts;
  return typeof attempts === 'number' ? attempts : undefined;
}

function checkOptions(slowMs: number, max: number, windowMs: number, redact: unknown): void {
  const issues: ConfigIssue[] = [];
  if (!(Number.isFinite(slowMs) && slowMs >= 0))
    issues.push({ path: 'logging.slowMs', message: 'must be a number >= 0' });
  if (!(Number.isInteger(max) && max >= 0)) {
    issues.push({ path: 'logging.errorRateLimit.max', message: 'must be an integer >= 0' });
  }
  if (!(Number.isFinite(windowMs) && windowMs > 0)) {
    issues.push({ path: 'logging.errorRateLimit.windowMs', message: 'must be a number > 0' });
  }
  if (redact !== undefined && !(Array.isArray(redact) && redact.every((p) => typeof p === 'string'))) {
    issues.push({ path: 'logging.redact', message: 'must be a list of pino redaction paths' });
  }
  if (issues.length > 0) throw new ConfigError(issues);
}
