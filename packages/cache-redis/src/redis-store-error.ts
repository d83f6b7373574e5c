/**
 * A Redis call failed or took too long. Carries only a message and a code: never the command's arguments, which
 * hold cache keys and cached bodies.
 */
export class RedisStoreError extends Error {
  override name = 'RedisStoreError';
  readonly code: 'MCPGW_CACHE_STORE_TIMEOUT' | 'MCPGW_CACHE_STORE_FAILED' | 'MCPGW_CACHE_STORE_UNAVAILABLE';

  constructor(message: string, code: RedisStoreError['code']) {
    super(message);
    this.code = code;
  }

  static from(error: unknown): RedisStoreError {
    if (error instanceof RedisStoreError) return error;
    const message = error instanceof Error ? error.message.split('\n', 1)[0]!.slice(0, 200) : 'unknown failure';
    return new RedisStoreError(`redis call failed: ${message}`, 'MCPGW_CACHE_STORE_FAILED');
  }
}

/** Settles with the call, or rejects after `timeoutMs` (the call itself is left to fail on its own). */
export function withTimeout<T>(call: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new RedisStoreError(`redis call timed out after ${timeoutMs} ms`, 'MCPGW_CACHE_STORE_TIMEOUT')),
      timeoutMs,
    );
    timer.unref();
  });
  call.catch(() => {});
  return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
}
