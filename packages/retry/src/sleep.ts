import { whenAborted } from '@mcpgw/core';

/**
 * Waits `ms`, or rejects with the signal's reason the moment it aborts. The timer is unref'd, so a backoff never
 * keeps the process alive, and the abort callback is cancelled either way, so a long-lived signal collects none.
 */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stopListening();
      resolve();
    }, ms);
    timer.unref();
    const stopListening =
      signal === undefined
        ? () => {}
        : whenAborted(signal, () => {
            clearTimeout(timer);
            reject(signal.reason);
          });
  });
}
