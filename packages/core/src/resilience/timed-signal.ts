import { whenAborted } from './abort-listeners.js';

/** A signal that aborts when its parent aborts or when its own timer fires, and can be let go of. */
export interface TimedSignal {
  readonly signal: AbortSignal;
  /** Clears the timer and removes the listener from the parent; call it when the call ends. */
  dispose(): void;
}

/**
 * Links a child signal to `parent` through `whenAborted`, which `dispose()` cancels. `AbortSignal.any()` is not
 * used: it keeps every child reachable from a long-lived parent until the parent is collected, so 10 000 calls
 * sharing one caller signal would pile up. The timer is unref'd: a pending timeout never keeps the process alive.
 */
export function timedSignal(parent: AbortSignal | undefined, timeoutMs: number, reason: () => unknown): TimedSignal {
  const controller = new AbortController();
  if (parent?.aborted) {
    controller.abort(parent.reason);
    return { signal: controller.signal, dispose() {} };
  }
  const timer = setTimeout(
    () => {
      stopListening();
      controller.abort(reason());
    },
    Math.max(0, timeoutMs),
  );
  timer.unref();
  const stopListening =
    parent === undefined
      ? () => {}
      : whenAborted(parent, () => {
          clearTimeout(timer);
          controller.abort(parent.reason);
        });
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      stopListening();
    },
  };
}

/**
 * Settles with `work`, or rejects with `toError(signal.reason)` as soon as the signal aborts, so that a layer that
 * ignores the signal cannot hold the call past its timeout.
 */
export function raceSignal<T>(
  work: Promise<T>,
  signal: AbortSignal,
  toError: (reason: unknown) => unknown,
): Promise<T> {
  if (signal.aborted) {
    work.catch(() => {});
    return Promise.reject(toError(signal.reason));
  }
  return new Promise<T>((resolve, reject) => {
    const stopListening = whenAborted(signal, () => reject(toError(signal.reason)));
    work.then(
      (value) => {
        stopListening();
        resolve(value);
      },
      (error: unknown) => {
        stopListening();
        reject(error);
      },
    );
  });
}
