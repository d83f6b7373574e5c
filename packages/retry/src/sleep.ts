import { whenAborted } from '@mcpgw/core';

/**
 * Waits `ms`, or rejects with the signal's reason the moment it aborts. The timer is ref'd, as `timers/promises`,
 * p-retry and cockatiel keep theirs: a caller awaiting a call in its backoff keeps the process alive until the call
 * settles (undici's idle sockets are unref'd, so during a backoff nothing else may). An abort clears the timer, and
 * the abort callback is cancelled either way, so a long-lived signal collects none.
 */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stopListening();
      resolve();
    }, ms);
    const stopListening =
      signal === undefined
        ? () => {}
        : whenAborted(signal, () => {
            clearTimeout(timer);
            reject(signal.reason);
          });
  });
}
