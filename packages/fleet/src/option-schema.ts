import { msOption } from '@mcpgw/core/kit';

/** Bounds, defaults and docs of `fleetState()`'s numeric options; the preset's schema and docs read them. */
export const fleetOptionSchema = {
  // Every sync is one Lua script per process: 50 replicas at 250 ms are 200 small scripts a second.
  syncIntervalMs: msOption(
    'How often each process flushes its counts to Redis and reads the fleet’s totals and open circuits.',
    250,
    { min: 10, max: 10_000 },
  ),
  commandTimeoutMs: msOption(
    'Bound of every Redis call; past it this process decides alone until a sync succeeds.',
    250,
    {
      min: 1,
      max: 60_000,
    },
  ),
} as const;

/** A key prefix: letters, digits and `_.:-`, so a key never needs quoting and never holds a secret by accident. */
export const fleetPrefixPattern = /^[\w.:-]{1,64}$/;
