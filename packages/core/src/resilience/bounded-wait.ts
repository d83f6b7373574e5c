import { whenAborted } from './abort-listeners.js';
import { scheduleTimeout } from './timeout-queues.js';

export interface WaitBounds {
  /** Ends the wait when it aborts, rejecting with `abortError(signal.reason)`. */
  readonly signal?: AbortSignal | undefined;
  readonly abortError?: ((reason: unknown) => unknown) | undefined;
  /** Ends the wait after this many ms: rejecting with `timeError()`, or, without one, resolving (a sleep). */
  readonly ms?: number | undefined;
  readonly timeError?: (() => unknown) | undefined;
  /**
   * A ref'd Node timer instead of the shared unref'd timeout queue: for a wait with no I/O of its own under it (a
   * backoff, a coalesced wait), so a caller awaiting it keeps the process alive until it settles.
   */
  readonly keepAlive?: boolean | undefined;
}

/**
 * The one way to wait on time or abort: settles as `work` does, unless the signal aborts or the time runs out
 * first, and then settles at once, so nothing a wait depends on can hold a call past its bounds. Without `work`
 * it is a sleep. The abort callback and the timer are cancelled either way, so a long-lived signal collects none.
 */
export function boundedWait<T>(work: Promise<T> | undefined, bounds: WaitBounds): Promise<T> {
  const { signal, ms } = bounds;
  if (signal?.aborted) return Promise.reject(abortErrorOf(bounds, signal.reason));
  if (work !== undefined && signal === undefined && ms === undefined) return work;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (): boolean => {
      if (settled) return false;
      settled = true;
      cancelTimer();
      stopListening();
      return true;
    };
    const onTime = () => {
      if (!finish()) return;
      const timeError = bounds.timeError;
      if (timeError === undefined) resolve(undefined as T);
      else reject(timeError());
    };
    const cancelTimer =
      ms === undefined ? noop : bounds.keepAlive === true ? refTimer(ms, onTime) : scheduleTimeout(ms, onTime);
    const stopListening =
      signal === undefined
        ? noop
        : whenAborted(signal, () => {
            if (finish()) reject(abortErrorOf(bounds, signal.reason));
          });
    work?.then(
      (value) => {
        if (finish()) resolve(value);
      },
      (error: unknown) => {
        if (finish()) reject(error);
      },
    );
  });
}

function abortErrorOf(bounds: WaitBounds, reason: unknown): unknown {
  return bounds.abortError === undefined ? reason : bounds.abortError(reason);
}

function refTimer(ms: number, fire: () => void): () => void {
  const timer = setTimeout(fire, Math.max(0, ms));
  return () => clearTimeout(timer);
}

function noop(): void {}
