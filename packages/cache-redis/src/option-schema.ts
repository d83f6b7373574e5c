import { countOption, msOption } from '@mcpgw/core/kit';

/** Bounds, defaults and docs of `redisStore({ l1 })`, the in-process cache in front of Redis. */
export const redisL1OptionSchema = {
  maxEntries: countOption('entries', 'Entries kept in process.', 1_000, { min: 1, max: 10_000_000 }),
  maxBytes: countOption('bytes', 'Bytes kept in process.', 8 * 1024 * 1024, { min: 1, max: 2 ** 40 }),
  ttlMs: msOption('How long an entry stays in process at most.', 5_000),
} as const;
