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

/** What a wait's outcome becomes, in the same reaction: a wait that maps its outcome costs no promise turn more. */
export interface WaitOutcome<T, R> {
  readonly value: (value: T) => R;
  /** Also gets the wait's own abort and time errors. */
  readonly error: (error: unknown) => R | Promise<R>;
}

/**
 * The one way to wait on time or abort: settles as `work` does, unless the signal aborts or the time runs out
 * first, and then settles at once, so nothing a wait depends on can hold a call past its bounds. Without `work`
 * it is a sleep. The abort callback and the timer are cancelled either way, so a long-lived signal collects none.
 * With `outcome`, the result is what `outcome` makes of the value or the error.
 */
export function boundedWait<T>(work: Promise<T> | undefined, bounds: WaitBounds): Promise<T>;
export function boundedWait<T, R>(work: Promise<T>, bounds: WaitBounds, outcome: WaitOutcome<T, R>): Promise<R>;
export function boundedWait<T, R>(
  work: Promise<T> | undefined,
  bounds: WaitBounds,
  outcome?: WaitOutcome<T, R>,
): Promise<T | R> {
  const { signal, ms } = bounds;
  if (signal?.aborted) {
    const error = abortErrorOf(bounds, signal.reason);
    return outcome === undefined ? Promise.reject(error) : settled(outcome.error, error);
  }
  if (work !== undefined && signal === undefined && ms === undefined) {
    return outcome === undefined ? work : work.then(outcome.value, outcome.error);
  }
  return new Promise<T | R>((resolve, reject) => {
    let settled = false;
    const finish = (): boolean => {
      if (settled) return false;
      settled = true;
      cancelTimer();
      stopListening();
      return true;
    };
    const fail = (error: unknown): void => {
      if (outcome === undefined) reject(error);
      else settleWith(resolve, reject, outcome.error, error);
    };
    const onTime = () => {
      if (!finish()) return;
      const timeError = bounds.timeError;
      if (timeError === undefined) resolve(undefined as T);
      else fail(timeError());
    };
    const cancelTimer =
      ms === undefined ? noop : bounds.keepAlive === true ? refTimer(ms, onTime) : scheduleTimeout(ms, onTime);
    const stopListening =
      signal === undefined
        ? noop
        : whenAborted(signal, () => {
            if (finish()) fail(abortErrorOf(bounds, signal.reason));
          });
    work?.then(
      (value) => {
        if (!finish()) return;
        if (outcome === undefined) resolve(value);
        else settleWith(resolve, reject, outcome.value, value);
      },
      (error: unknown) => {
        if (finish()) fail(error);
      },
    );
  });
}

function settleWith<A, R>(
  resolve: (value: R | Promise<R>) => void,
  reject: (error: unknown) => void,
  map: (argument: A) => R | Promise<R>,
  argument: A,
): void {
  try {
    resolve(map(argument));
  } catch (error) {
    reject(error);
  }
}

function settled<R>(map: (error: unknown) => R | Promise<R>, error: unknown): Promise<R> {
  try {
    return Promise.resolve(map(error));
  } catch (thrown) {
    return Promise.reject(thrown);
  }
}

function abortErrorOf(bounds: WaitBounds, reason: unknown): unknown {
  return bounds.abortError === undefined ? reason : bounds.abortError(reason);
}

function refTimer(ms: number, fire: () => void): () => void {
  const timer = setTimeout(fire, Math.max(0, ms));
  return () => clearTimeout(timer);
}

function noop(): void {}
