import { boundedWait } from '@mcpgw/core/kit';

/**
 * Waits `ms`, or rejects with the signal's reason the moment it aborts. The timer is ref'd, as `timers/promises`,
 * p-retry and cockatiel keep theirs: a caller awaiting a call in its backoff keeps the process alive until the call
 * settles (undici's idle sockets are unref'd, so during a backoff nothing else may).
 */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return boundedWait<void>(undefined, { signal, ms, keepAlive: true });
}
