import {
  ConfigError,
  type ConfigIssue,
  channels,
  type GatewayRequest,
  type GatewayResponse,
  type Handler,
  type HedgeEvent,
  type HedgeResult,
  type Middleware,
} from '@mcpgw/core';
import { callEvent, errorForAbort, optionIssues, whenAborted } from '@mcpgw/core/kit';
import {
  type HedgeBudget,
  type HedgeBudgetOptions,
  type HedgeBudgetStats,
  hedgeBudget,
  isHedgeBudget,
} from './hedge-budget.js';
import { isHedgeable } from './is-hedgeable.js';
import { LatencyHistogram } from './latency-histogram.js';
import { hedgeOptionSchema } from './option-schema.js';
import { StrugglingUpstreams } from './struggling-upstreams.js';

export interface HedgeOptions {
  /** Latency percentile of the recent answers after which a second branch is sent. Default 95. */
  percentile?: number;
  /** A fixed delay before the second branch instead of the percentile (then `minSamples` does not apply). */
  delayMs?: number;
  /** Floor of the delay. Default 1. */
  minDelayMs?: number;
  /** Answers seen per upstream and operation before anything is hedged. Default 20. */
  minSamples?: number;
  /** Extra branches per call at most. Default 1. */
  maxHedges?: number;
  /** Samples per half of the latency window. Default 1000. */
  windowSamples?: number;
  /** Budget options, or a shared `HedgeBudget`. Default: a budget of its own (5 % of calls + 1 per second). */
  budget?: HedgeBudgetOptions | HedgeBudget;
  /** Which calls may be hedged. Default `isHedgeable`: safe to send twice, and not a long-lived stream. */
  shouldHedge?: (request: GatewayRequest) => boolean;
  /**
   * The request an extra branch sends, made from the call's (the MCP dialect gives each branch a JSON-RPC id of its
   * own). Default: the same request.
   */
  branchRequest?: (request: GatewayRequest, branch: number) => GatewayRequest;
  /** A retry budget to respect: nothing is hedged while it has no retry left (the upstream is failing). */
  retryBudget?: { stats(): { readonly available: number } };
}

export interface HedgeStats {
  /** Calls that could be hedged (passed `shouldHedge`). */
  readonly calls: number;
  /** Extra branches sent. */
  readonly hedges: number;
  /** Calls whose answer came from an extra branch. */
  readonly won: number;
  /** Branches aborted because another answered first. */
  readonly cancelled: number;
  /**
   * Chances to hedge refused, when a call started or when its delay passed: the budget spent, the breaker not closed
   * or the retry budget empty (a call refused at its start is counted whether or not it would have needed a hedge).
   */
  readonly suppressed: number;
  readonly budget: HedgeBudgetStats;
  /** `client upstream` of each circuit the breaker reports not closed. */
  readonly strugglingUpstreams: readonly string[];
}

export type HedgeMiddleware = Middleware & {
  readonly budget: HedgeBudget;
  stats(): HedgeStats;
  /** The delay a call to this upstream and operation would wait before a hedge now; undefined while none would be sent. */
  delayFor(origin: string, operation: string): number | undefined;
  /** Stops listening to breaker events; later calls pass straight through. */
  close(): void;
  [Symbol.asyncDispose](): Promise<void>;
};

// Histograms are per upstream and operation; a user's own operations could be many, so past this many they share one.
const MAX_HISTOGRAMS = 256;
const OVERFLOW = '';

interface Branch {
  readonly controller: AbortController;
  readonly start: number;
  done: boolean;
}

/**
 * Hedged reads: when a call safe to send twice has not answered after a delay taken from the recent latency of its
 * upstream and operation (a percentile of a bounded histogram), a second branch is sent; the first success wins and
 * the other branch is aborted. Bounded by a hedge budget, and off while the breaker reports the upstream not closed
 * or the retry budget is empty. Sits inside retry (each attempt may be hedged; a hedge never retries on its own)
 * and outside the breaker (each branch passes it): `compose(retry(), hedge(), breaker())`.
 */
export function hedge(options: HedgeOptions = {}): HedgeMiddleware {
  const s = hedgeOptionSchema;
  const percentile = options.percentile ?? s.percentile.default;
  const fixedDelayMs = options.delayMs;
  const minDelayMs = options.minDelayMs ?? s.minDelayMs.default;
  const minSamples = options.minSamples ?? s.minSamples.default;
  const maxHedges = options.maxHedges ?? s.maxHedges.default;
  const windowSamples = options.windowSamples ?? s.windowSamples.default;
  checkOptions(options, { percentile, delayMs: fixedDelayMs, minDelayMs, minSamples, maxHedges, windowSamples });
  const budget = isHedgeBudget(options.budget) ? options.budget : hedgeBudget(options.budget);
  const shouldHedge = options.shouldHedge ?? isHedgeable;
  const branchRequest = options.branchRequest;
  const retryBudget = options.retryBudget;
  const struggling = new StrugglingUpstreams();
  const histograms = new Map<string, LatencyHistogram>();
  let closed = false;
  let calls = 0;
  let hedges = 0;
  let won = 0;
  let cancelled = 0;
  let suppressed = 0;

  function histogramFor(origin: string, operation: string): LatencyHistogram {
    const key = `${origin} ${operation}`;
    let histogram = histograms.get(key) ?? histograms.get(OVERFLOW);
    if (histogram === undefined) {
      histogram = new LatencyHistogram({ halfWindow: windowSamples });
      histograms.set(histograms.size < MAX_HISTOGRAMS - 1 ? key : OVERFLOW, histogram);
    }
    return histogram;
  }

  function delayOf(histogram: LatencyHistogram): number | undefined {
    if (fixedDelayMs !== undefined) return Math.max(minDelayMs, fixedDelayMs);
    if (histogram.count < minSamples) return undefined;
    const observed = histogram.percentile(percentile);
    return observed === undefined ? undefined : Math.max(minDelayMs, observed);
  }

  /** Whether the upstream looks healthy enough for one more branch now. */
  function mayHedge(request: GatewayRequest): boolean {
    if (struggling.has(request.client, request.origin, request.operation)) return false;
    return retryBudget === undefined || retryBudget.stats().available > 0;
  }

  const middleware: Middleware = (next) => (request) => {
    if (closed || !shouldHedge(request)) return next(request);
    calls++;
    budget.recordCall();
    const histogram = histogramFor(request.origin, request.operation);
    const delayMs = delayOf(histogram);
    // No hedge could be sent: the call only feeds the histogram, and pays for no controller or timer.
    if (delayMs === undefined || request.signal?.aborted || !budget.canWithdraw() || !mayHedge(request)) {
      if (delayMs !== undefined) suppressed++;
      return timed(next, request, histogram);
    }
    if (request.deadline !== undefined && request.deadline.remainingMs() <= delayMs) {
      return timed(next, request, histogram);
    }
    return race(next, request, histogram, delayMs);
  };

  function race(next: Handler, request: GatewayRequest, histogram: LatencyHistogram, delayMs: number) {
    return new Promise<GatewayResponse>((resolve, reject) => {
      const branches: Branch[] = [];
      let settled = false;
      let failed = false;
      let timer: NodeJS.Timeout | undefined;
      const stopListening =
        request.signal === undefined
          ? noop
          : whenAborted(request.signal, () => {
              const reason: unknown = request.signal?.reason;
              if (!settle()) return;
              for (const branch of branches) if (!branch.done) branch.controller.abort(reason);
              reject(errorForAbort(reason, request));
            });

      function settle(): boolean {
        if (settled) return false;
        settled = true;
        if (timer !== undefined) clearTimeout(timer);
        stopListening();
        return true;
      }

      function launch(index: number): void {
        const controller = new AbortController();
        const base = index === 0 || branchRequest === undefined ? request : branchRequest(request, index);
        const branch: Branch = { controller, start: performance.now(), done: false };
        branches.push(branch);
        let answer: Promise<GatewayResponse>;
        try {
          answer = next({ ...base, signal: controller.signal });
        } catch (error) {
          answer = Promise.reject(error);
        }
        answer.then(
          (response) => answered(index, branch, response),
          (error: unknown) => failedBranch(branch, error),
        );
      }

      function answered(index: number, branch: Branch, response: GatewayResponse): void {
        branch.done = true;
        if (!settle()) return;
        // One sample per call, the first branch's: its latency, or when a hedge won, the time it had run (a lower
        // bound, still above the delay). So the share of samples above the delay is the share of calls slower than it,
        // and the percentile settles at the true one. Recording the winner instead hides the tail the hedges cut: the
        // delay sinks to the fast answers' p95 and twice the budget's share of calls asks for a hedge.
        histogram.record(performance.now() - (branches[0] ?? branch).start);
        if (branches.length > 1) {
          if (index > 0) won++;
          publish(request, 'won', index, delayMs);
          branches.forEach((other, otherIndex) => {
            if (other.done) return;
            other.done = true;
            other.controller.abort(LOST);
            cancelled++;
            publish(request, 'cancelled', otherIndex, delayMs);
          });
        }
        resolve(response);
      }

      function failedBranch(branch: Branch, error: unknown): void {
        branch.done = true;
        if (settled) return;
        failed = true;
        // Another branch may still answer: wait for it (the deadline and the caller's abort still bound it).
        if (branches.some((other) => !other.done)) return;
        settle();
        // The last failure is what ended the call (a deadline after the hedge's 503): the layers above decide on it.
        reject(error);
      }

      function fire(): void {
        timer = undefined;
        if (settled || failed) return;
        if (!mayHedge(request) || request.deadline?.expired() === true) {
          suppressed++;
          return;
        }
        if (!budget.tryWithdraw()) {
          suppressed++;
          return;
        }
        hedges++;
        const index = branches.length;
        publish(request, 'sent', index, delayMs);
        launch(index);
        if (branches.length <= maxHedges) arm();
      }

      function arm(): void {
        timer = setTimeout(fire, delayMs);
        timer.unref();
      }

      launch(0);
      if (!settled) arm();
    });
  }

  return Object.assign(middleware, {
    budget,
    stats: (): HedgeStats => ({
      calls,
      hedges,
      won,
      cancelled,
      suppressed,
      budget: budget.stats(),
      strugglingUpstreams: struggling.list(),
    }),
    delayFor(origin: string, operation: string): number | undefined {
      const histogram = histograms.get(`${origin} ${operation}`);
      return histogram === undefined
        ? fixedDelayMs === undefined
          ? undefined
          : Math.max(minDelayMs, fixedDelayMs)
        : delayOf(histogram);
    },
    close(): void {
      closed = true;
      struggling.close();
    },
    async [Symbol.asyncDispose](): Promise<void> {
      closed = true;
      struggling.close();
    },
  });
}

/** Why a losing branch was aborted; its attempt ends with core's AbortError carrying this as the cause. */
const LOST = 'another branch of this hedged call answered first';

/** The call without a hedge: its answer's latency still feeds the histogram. */
function timed(next: Handler, request: GatewayRequest, histogram: LatencyHistogram): Promise<GatewayResponse> {
  const start = performance.now();
  let answer: Promise<GatewayResponse>;
  try {
    answer = next(request);
  } catch (error) {
    return Promise.reject(error);
  }
  return answer.then((response) => {
    histogram.record(performance.now() - start);
    return response;
  });
}

function publish(request: GatewayRequest, result: HedgeResult, branch: number, delayMs: number): void {
  if (!channels.hedge.hasSubscribers) return;
  const event: HedgeEvent = callEvent(request, { result, branch, delayMs });
  channels.hedge.publish(event);
}

function checkOptions(options: HedgeOptions, resolved: Record<string, unknown>): void {
  const issues: ConfigIssue[] = optionIssues(hedgeOptionSchema, resolved, 'hedge');
  for (const name of ['shouldHedge', 'branchRequest'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') {
      issues.push({ path: `hedge.${name}`, message: `must be a function, got ${typeof options[name]}` });
    }
  }
  const retryBudget = options.retryBudget as { stats?: unknown } | undefined;
  if (retryBudget !== undefined && typeof retryBudget?.stats !== 'function') {
    issues.push({ path: 'hedge.retryBudget', message: 'must be a RetryBudget (an object with stats())' });
  }
  if (issues.length > 0) throw new ConfigError(issues);
}

function noop(): void {}
