/**
 * Production defaults of the preset. Timeouts stay below the usual 30 s of load balancers and well above a healthy
 * gateway's latency; the pool and limits bound memory and sockets per process.
 */
export const presetDefaults = {
  name: 'mcpgw',
  timeouts: { attemptMs: 5_000, totalMs: 15_000, connectMs: 2_000 },
  pool: { connections: 32, pipelining: 1, keepAliveTimeoutMs: 4_000 },
  limits: { maxResponseBytes: 10 * 1024 * 1024, maxRequestBytes: 1024 * 1024, maxConcurrent: 256, maxQueue: 1_024 },
  retry: { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 2_000, budget: { ratio: 0.2, minPerSecond: 10 } },
  breaker: { errorThresholdPercentage: 50, volumeThreshold: 20, resetTimeoutMs: 10_000 },
  cache: {
    ttlMs: 300_000,
    maxEntries: 10_000,
    maxBytes: 50 * 1024 * 1024,
    staleWhileRevalidateMs: 30_000,
    staleIfErrorMs: 300_000,
  },
  redis: { namespace: 'mcpgw' },
  logging: { level: 'warn', slowMs: 1_000 },
  health: { probeTimeoutMs: 2_000, saturation: 0.8 },
  drainTimeoutMs: 10_000,
  batchConcurrency: 8,
} as const;
