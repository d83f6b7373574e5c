/** Longest wait between two reconnects. */
const MAX_RECONNECT_DELAY_MS = 1_000;

/** The ioredis options of {@link redisConnectionPolicy}, written out so core needs no ioredis. */
export interface RedisConnectionPolicy {
  readonly enableOfflineQueue: false;
  readonly maxRetriesPerRequest: 0;
  readonly commandTimeout: number;
  readonly connectTimeout: number;
  readonly retryStrategy: (times: number) => number;
  readonly lazyConnect: false;
}

/**
 * How a layer that steps aside while Redis is down connects to it (the Redis cache store, fleet state): a command
 * while disconnected fails at once instead of queueing behind Redis, one command is never retried by ioredis, each
 * is bounded by `commandTimeoutMs` (our own bound answers first; ioredis's, 50 ms later, only takes the command off
 * its queue), and the client reconnects for as long as it lives, backing off from 50 ms to a second.
 */
export function redisConnectionPolicy(commandTimeoutMs: number): RedisConnectionPolicy {
  return {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: commandTimeoutMs + 50,
    connectTimeout: Math.max(1_000, commandTimeoutMs * 4),
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 5), MAX_RECONNECT_DELAY_MS),
    lazyConnect: false,
  };
}
