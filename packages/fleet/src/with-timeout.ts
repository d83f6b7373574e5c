import { FleetSyncError } from './fleet-sync-error.js';

/** Settles with the call, or rejects after `timeoutMs` (the call itself is left to fail on its own). */
export function withTimeout<T>(call: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FleetSyncError(`redis sync timed out after ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
  });
  call.catch(() => {});
  return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
}
