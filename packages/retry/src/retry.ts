import {
  ConfigError,
  type ConfigIssue,
  channels,
  GatewayError,
  type GatewayRequest,
  type GatewayResponse,
  type Handler,
  type Middleware,
  type RetryBudgetEvent,
  type RetryEvent,
} from '@mcpgw/core';
import { callEvent, errorForAbort, MAX_TIMEOUT_MS } from '@mcpgw/core/kit';
import { backoffDelay } from './backoff.js';
import {
  isRetryBudget,
  type RetryBudget,
  type RetryBudgetOptions,
  type RetryBudgetStats,
  retryBudget,
  unlimitedBudget,
} from './budget.js';
import { classifyForRetry, retryReason } from './classify.js';
import { markBudgetExhausted } from './exhausted.js';
import { sleep } from './sleep.js';

export interface RetryOptions {
  /** Attempts in all, the first included. Default 3. */
  maxAttempts?: number;
  /** Ceiling of the first backoff; doubles with each attempt. Default 50. */
  baseDelayMs?: number;
  /** Ceiling of any backoff, and the longest Retry-After honoured: a server asking for more fails the call now. Default 2000. */
  maxDelayMs?: number;
  /** Retry budget options, a shared `RetryBudget`, or `false` for none. Default: a budget of its own. */
  budget?: RetryBudgetOptions | RetryBudget | false;
  /** Replaces the classification table (`classifyForRetry`): true to allow another attempt. */
  shouldRetry?: (error: unknown, request: GatewayRequest) => boolean;
  /** Source of jitter in [0, 1). Default `Math.random`. */
  random?: () => number;
}

export interface RetryStats {
  /** Calls that went through the layer. */
  readonly calls: number;
  /** Retries sent. */
  readonly retries: number;
  /** Retries refused because the budget was spent. */
  readonly budgetExhausted: number;
  readonly budget: RetryBudgetStats;
}

export type RetryMiddleware = Middleware & {
  /** The budget in use; with `budget: false`, one that never refuses (it counts only). */
  readonly budget: RetryBudget;
  stats(): RetryStats;
};

type Plan = { retry: true; delayMs: number; reason: string } | { retry: false; budgetExhausted: boolean };

/**
 * Retries failed attempts with jittered exponential backoff, honouring Retry-After, the call's deadline and a
 * retry budget. Sits inside the deadline and outside the breaker:
 * `compose(deadline(), retry(), breaker(), attemptTimeout())`.
 */
export function retry(options: RetryOptions = {}): RetryMiddleware {
  const maxAttempts = options.maxAttempts ?? 3;
  const baseDelayMs = options.baseDelayMs ?? 50;
  const maxDelayMs = options.maxDelayMs ?? 2_000;
  const random = options.random ?? Math.random;
  checkOptions(maxAttempts, baseDelayMs, maxDelayMs);
  const budget =
    options.budget === false
      ? unlimitedBudget()
      : isRetryBudget(options.budget)
        ? options.budget
        : retryBudget(options.budget);
  const shouldRetry = options.shouldRetry ?? ((error, request) => classifyForRetry(error, request).retry);
  let calls = 0;
  let retries = 0;
  let budgetExhausted = 0;

  function plan(error: unknown, request: GatewayRequest, attempt: number): Plan {
    if (attempt >= maxAttempts || request.signal?.aborted) return { retry: false, budgetExhausted: false };
    if (!shouldRetry(error, request)) return { retry: false, budgetExhausted: false };
    let delayMs = backoffDelay(attempt, baseDelayMs, maxDelayMs, random);
    const asked = serverDelayMs(error);
    if (asked !== undefined) {
      // Coming back sooner than the server asked would only be refused again.
      if (asked > maxDelayMs) return { retry: false, budgetExhausted: false };
      delayMs = Math.max(delayMs, asked);
    }
    // A backoff that would end past the deadline could only fail with it; the deadline's own error is not ours to add.
    if (request.deadline !== undefined && request.deadline.remainingMs() <= delayMs) {
      return { retry: false, budgetExhausted: false };
    }
    if (!budget.tryWithdraw()) return { retry: false, budgetExhausted: true };
    return { retry: true, delayMs, reason: retryReason(error) };
  }

  // The first attempt takes no async frame: a call that succeeds at once costs one `then`; the loop starts at a failure.
  const middleware: Middleware = (next) => (request) => {
    calls++;
    budget.recordRequest();
    return send(next, request, 1).then(firstAnswer, (error: unknown) => retryAfter(next, request, error));
  };

  async function retryAfter(next: Handler, request: GatewayRequest, firstError: unknown): Promise<GatewayResponse> {
    let error = firstError;
    for (let attempt = 1; ; attempt++) {
      const decision = plan(error, request, attempt);
      if (!decision.retry) {
        const failure = withAttempts(error, attempt);
        if (decision.budgetExhausted) {
          budgetExhausted++;
          markBudgetExhausted(failure);
          publishExhausted(request, attempt, failure);
        }
        throw failure;
      }
      retries++;
      publishRetry(request, attempt, decision.delayMs, decision.reason, error);
      try {
        await sleep(decision.delayMs, request.signal);
      } catch (reason) {
        throw withAttempts(errorForAbort(reason, request), attempt);
      }
      try {
        const response = await send(next, request, attempt + 1);
        return response.attempts === attempt + 1 ? response : { ...response, attempts: attempt + 1 };
      } catch (thrown) {
        error = thrown;
      }
    }
  }

  return Object.assign(middleware, {
    budget,
    stats: (): RetryStats => ({ calls, retries, budgetExhausted, budget: budget.stats() }),
  });
}

function firstAnswer(response: GatewayResponse): GatewayResponse {
  return response.attempts === 1 ? response : { ...response, attempts: 1 };
}

/** One attempt; a handler that throws instead of rejecting still fails only this attempt. */
function send(next: Handler, request: GatewayRequest, attempt: number): Promise<GatewayResponse> {
  try {
    return next(request.attempt === attempt ? request : { ...request, attempt });
  } catch (error) {
    return Promise.reject(error);
  }
}

function serverDelayMs(error: unknown): number | undefined {
  const value = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** The error with the number of attempts the call made: a copy when the thrower did not know it. */
function withAttempts(error: unknown, attempts: number): unknown {
  return error instanceof GatewayError ? error.withContext({ attempts }) : error;
}

function publishRetry(request: GatewayRequest, attempt: number, delayMs: number, reason: string, error: unknown) {
  if (!channels.retry.hasSubscribers) return;
  const event: RetryEvent = callEvent(request, { attempt, delayMs, reason, error });
  channels.retry.publish(event);
}

function publishExhausted(request: GatewayRequest, attempt: number, error: unknown) {
  if (!channels.retryBudgetExhausted.hasSubscribers) return;
  const event: RetryBudgetEvent = callEvent(request, { attempt, error });
  channels.retryBudgetExhausted.publish(event);
}

function checkOptions(maxAttempts: number, baseDelayMs: number, maxDelayMs: number): void {
  const issues: ConfigIssue[] = [];
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 100) {
    issues.push({
      path: 'retry.maxAttempts',
      message: 'must be an integer 1..100 (attempts in all, the first included)',
    });
  }
  if (!Number.isFinite(baseDelayMs) || baseDelayMs < 0) {
    issues.push({ path: 'retry.baseDelayMs', message: 'must be a number of ms >= 0' });
  }
  if (!Number.isFinite(maxDelayMs) || maxDelayMs < baseDelayMs || maxDelayMs > MAX_TIMEOUT_MS) {
    issues.push({ path: 'retry.maxDelayMs', message: 'must be a number of ms >= baseDelayMs' });
  }
  if (issues.length > 0) throw new ConfigError(issues);
}
